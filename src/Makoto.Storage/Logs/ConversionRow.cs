namespace Makoto.Storage.Logs;

/// <summary>A row of <c>log_conversion</c>: a goal conversion, an ecommerce order or an abandoned cart.</summary>
public sealed class ConversionRow
{
    public long IdVisit { get; set; }

    public int IdSite { get; set; }

    public byte[] IdVisitor { get; set; } = [];

    public DateTime ServerTime { get; set; }

    public long? IdactionUrl { get; set; }

    public long? IdLinkVa { get; set; }

    /// <summary>Goal id; 0 for an ecommerce order, −1 for an abandoned cart.</summary>
    public int IdGoal { get; set; }

    public long Buster { get; set; }

    public string? IdOrder { get; set; }

    public int? Items { get; set; }

    public string Url { get; set; } = "";

    public double? Revenue { get; set; }

    public double? RevenueShipping { get; set; }

    public double? RevenueSubtotal { get; set; }

    public double? RevenueTax { get; set; }

    public double? RevenueDiscount { get; set; }

    public int? PageviewsBefore { get; set; }

    public int? VisitorReturning { get; set; }

    public long? VisitorSecondsSinceFirst { get; set; }

    public long? VisitorSecondsSinceOrder { get; set; }

    public int VisitorCountVisits { get; set; }

    public string? RefererKeyword { get; set; }

    public string? RefererName { get; set; }

    public int? RefererType { get; set; }

    public DateOnly? RefererVisitServerDate { get; set; }

    public string? ConfigBrowserName { get; set; }

    public int? ConfigClientType { get; set; }

    public string? ConfigDeviceBrand { get; set; }

    public string? ConfigDeviceModel { get; set; }

    public int? ConfigDeviceType { get; set; }

    public string? ConfigOs { get; set; }

    public string? LocationCity { get; set; }

    public string? LocationCountry { get; set; }

    public double? LocationLatitude { get; set; }

    public double? LocationLongitude { get; set; }

    public string? LocationRegion { get; set; }

    public string? CustomDimension1 { get; set; }

    public string? CustomDimension2 { get; set; }

    public string? CustomDimension3 { get; set; }

    public string? CustomDimension4 { get; set; }

    public string? CustomDimension5 { get; set; }

    public string? CustomVarK1 { get; set; }

    public string? CustomVarV1 { get; set; }

    public string? CustomVarK2 { get; set; }

    public string? CustomVarV2 { get; set; }

    public string? CustomVarK3 { get; set; }

    public string? CustomVarV3 { get; set; }

    public string? CustomVarK4 { get; set; }

    public string? CustomVarV4 { get; set; }

    public string? CustomVarK5 { get; set; }

    public string? CustomVarV5 { get; set; }

    /// <summary>Custom variable slot <c>custom_var_k{index}</c>/<c>custom_var_v{index}</c> (1–5): name and value.</summary>
    public (string? Name, string? Value) GetCustomVariable(int index) => index switch
    {
        1 => (CustomVarK1, CustomVarV1),
        2 => (CustomVarK2, CustomVarV2),
        3 => (CustomVarK3, CustomVarV3),
        4 => (CustomVarK4, CustomVarV4),
        5 => (CustomVarK5, CustomVarV5),
        _ => (null, null),
    };

    public void SetCustomVariable(int index, string? name, string? value)
    {
        switch (index)
        {
            case 1: (CustomVarK1, CustomVarV1) = (name, value); break;
            case 2: (CustomVarK2, CustomVarV2) = (name, value); break;
            case 3: (CustomVarK3, CustomVarV3) = (name, value); break;
            case 4: (CustomVarK4, CustomVarV4) = (name, value); break;
            case 5: (CustomVarK5, CustomVarV5) = (name, value); break;
        }
    }

    /// <summary>The value of slot <c>custom_dimension_{index}</c> (1–5).</summary>
    public string? GetCustomDimension(int index) => index switch
    {
        1 => CustomDimension1,
        2 => CustomDimension2,
        3 => CustomDimension3,
        4 => CustomDimension4,
        5 => CustomDimension5,
        _ => null,
    };

    public ConversionRow Clone() => (ConversionRow)MemberwiseClone();

    /// <summary>Every column, in schema order.</summary>
    public static IReadOnlyList<LogColumn<ConversionRow>> Columns { get; } =
    [
        new("idvisit", r => r.IdVisit, (r, v) => r.IdVisit = v.Int64),
        new("idsite", r => r.IdSite, (r, v) => r.IdSite = v.Int32),
        new("idvisitor", r => r.IdVisitor, (r, v) => r.IdVisitor = v.Bytes),
        new("server_time", r => r.ServerTime, (r, v) => r.ServerTime = v.DateTime),
        new("idaction_url", r => r.IdactionUrl, (r, v) => r.IdactionUrl = v.Int64OrNull),
        new("idlink_va", r => r.IdLinkVa, (r, v) => r.IdLinkVa = v.Int64OrNull),
        new("idgoal", r => r.IdGoal, (r, v) => r.IdGoal = v.Int32),
        new("buster", r => r.Buster, (r, v) => r.Buster = v.Int64),
        new("idorder", r => r.IdOrder, (r, v) => r.IdOrder = v.StringOrNull),
        new("items", r => r.Items, (r, v) => r.Items = v.Int32OrNull),
        new("url", r => r.Url, (r, v) => r.Url = v.StringOrNull ?? ""),
        new("revenue", r => r.Revenue, (r, v) => r.Revenue = v.DoubleOrNull),
        new("revenue_shipping", r => r.RevenueShipping, (r, v) => r.RevenueShipping = v.DoubleOrNull),
        new("revenue_subtotal", r => r.RevenueSubtotal, (r, v) => r.RevenueSubtotal = v.DoubleOrNull),
        new("revenue_tax", r => r.RevenueTax, (r, v) => r.RevenueTax = v.DoubleOrNull),
        new("revenue_discount", r => r.RevenueDiscount, (r, v) => r.RevenueDiscount = v.DoubleOrNull),
        new("pageviews_before", r => r.PageviewsBefore, (r, v) => r.PageviewsBefore = v.Int32OrNull),
        new("visitor_returning", r => r.VisitorReturning, (r, v) => r.VisitorReturning = v.Int32OrNull),
        new("visitor_seconds_since_first", r => r.VisitorSecondsSinceFirst, (r, v) => r.VisitorSecondsSinceFirst = v.Int64OrNull),
        new("visitor_seconds_since_order", r => r.VisitorSecondsSinceOrder, (r, v) => r.VisitorSecondsSinceOrder = v.Int64OrNull),
        new("visitor_count_visits", r => r.VisitorCountVisits, (r, v) => r.VisitorCountVisits = v.Int32),
        new("referer_keyword", r => r.RefererKeyword, (r, v) => r.RefererKeyword = v.StringOrNull),
        new("referer_name", r => r.RefererName, (r, v) => r.RefererName = v.StringOrNull),
        new("referer_type", r => r.RefererType, (r, v) => r.RefererType = v.Int32OrNull),
        new("referer_visit_server_date", r => r.RefererVisitServerDate, (r, v) => r.RefererVisitServerDate = v.DateOrNull),
        new("config_browser_name", r => r.ConfigBrowserName, (r, v) => r.ConfigBrowserName = v.StringOrNull),
        new("config_client_type", r => r.ConfigClientType, (r, v) => r.ConfigClientType = v.Int32OrNull),
        new("config_device_brand", r => r.ConfigDeviceBrand, (r, v) => r.ConfigDeviceBrand = v.StringOrNull),
        new("config_device_model", r => r.ConfigDeviceModel, (r, v) => r.ConfigDeviceModel = v.StringOrNull),
        new("config_device_type", r => r.ConfigDeviceType, (r, v) => r.ConfigDeviceType = v.Int32OrNull),
        new("config_os", r => r.ConfigOs, (r, v) => r.ConfigOs = v.StringOrNull),
        new("location_city", r => r.LocationCity, (r, v) => r.LocationCity = v.StringOrNull),
        new("location_country", r => r.LocationCountry, (r, v) => r.LocationCountry = v.StringOrNull),
        new("location_latitude", r => r.LocationLatitude, (r, v) => r.LocationLatitude = v.DoubleOrNull),
        new("location_longitude", r => r.LocationLongitude, (r, v) => r.LocationLongitude = v.DoubleOrNull),
        new("location_region", r => r.LocationRegion, (r, v) => r.LocationRegion = v.StringOrNull),
        new("custom_dimension_1", r => r.CustomDimension1, (r, v) => r.CustomDimension1 = v.StringOrNull),
        new("custom_dimension_2", r => r.CustomDimension2, (r, v) => r.CustomDimension2 = v.StringOrNull),
        new("custom_dimension_3", r => r.CustomDimension3, (r, v) => r.CustomDimension3 = v.StringOrNull),
        new("custom_dimension_4", r => r.CustomDimension4, (r, v) => r.CustomDimension4 = v.StringOrNull),
        new("custom_dimension_5", r => r.CustomDimension5, (r, v) => r.CustomDimension5 = v.StringOrNull),
        new("custom_var_k1", r => r.CustomVarK1, (r, v) => r.CustomVarK1 = v.StringOrNull),
        new("custom_var_v1", r => r.CustomVarV1, (r, v) => r.CustomVarV1 = v.StringOrNull),
        new("custom_var_k2", r => r.CustomVarK2, (r, v) => r.CustomVarK2 = v.StringOrNull),
        new("custom_var_v2", r => r.CustomVarV2, (r, v) => r.CustomVarV2 = v.StringOrNull),
        new("custom_var_k3", r => r.CustomVarK3, (r, v) => r.CustomVarK3 = v.StringOrNull),
        new("custom_var_v3", r => r.CustomVarV3, (r, v) => r.CustomVarV3 = v.StringOrNull),
        new("custom_var_k4", r => r.CustomVarK4, (r, v) => r.CustomVarK4 = v.StringOrNull),
        new("custom_var_v4", r => r.CustomVarV4, (r, v) => r.CustomVarV4 = v.StringOrNull),
        new("custom_var_k5", r => r.CustomVarK5, (r, v) => r.CustomVarK5 = v.StringOrNull),
        new("custom_var_v5", r => r.CustomVarV5, (r, v) => r.CustomVarV5 = v.StringOrNull),
    ];
}

/// <summary>A row of <c>log_conversion_item</c>: one product of an order or of a visit's cart.</summary>
public sealed class ConversionItemRow
{
    public int IdSite { get; set; }

    public byte[] IdVisitor { get; set; } = [];

    public DateTime ServerTime { get; set; }

    public long IdVisit { get; set; }

    /// <summary>The order id, or <c>"0"</c> for the items of a cart.</summary>
    public string IdOrder { get; set; } = "0";

    public long IdactionSku { get; set; }

    public long IdactionName { get; set; }

    public long IdactionCategory { get; set; }

    public long IdactionCategory2 { get; set; }

    public long IdactionCategory3 { get; set; }

    public long IdactionCategory4 { get; set; }

    public long IdactionCategory5 { get; set; }

    public double Price { get; set; }

    public int Quantity { get; set; }

    public int Deleted { get; set; }

    public ConversionItemRow Clone() => (ConversionItemRow)MemberwiseClone();

    public static IReadOnlyList<LogColumn<ConversionItemRow>> Columns { get; } =
    [
        new("idsite", r => r.IdSite, (r, v) => r.IdSite = v.Int32),
        new("idvisitor", r => r.IdVisitor, (r, v) => r.IdVisitor = v.Bytes),
        new("server_time", r => r.ServerTime, (r, v) => r.ServerTime = v.DateTime),
        new("idvisit", r => r.IdVisit, (r, v) => r.IdVisit = v.Int64),
        new("idorder", r => r.IdOrder, (r, v) => r.IdOrder = v.StringOrNull ?? "0"),
        new("idaction_sku", r => r.IdactionSku, (r, v) => r.IdactionSku = v.Int64),
        new("idaction_name", r => r.IdactionName, (r, v) => r.IdactionName = v.Int64),
        new("idaction_category", r => r.IdactionCategory, (r, v) => r.IdactionCategory = v.Int64),
        new("idaction_category2", r => r.IdactionCategory2, (r, v) => r.IdactionCategory2 = v.Int64),
        new("idaction_category3", r => r.IdactionCategory3, (r, v) => r.IdactionCategory3 = v.Int64),
        new("idaction_category4", r => r.IdactionCategory4, (r, v) => r.IdactionCategory4 = v.Int64),
        new("idaction_category5", r => r.IdactionCategory5, (r, v) => r.IdactionCategory5 = v.Int64),
        new("price", r => r.Price, (r, v) => r.Price = v.DoubleOrNull ?? 0),
        new("quantity", r => r.Quantity, (r, v) => r.Quantity = v.Int32),
        new("deleted", r => r.Deleted, (r, v) => r.Deleted = v.Int32),
    ];
}
