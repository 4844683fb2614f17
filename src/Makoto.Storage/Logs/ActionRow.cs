namespace Makoto.Storage.Logs;

/// <summary>A row of <c>log_link_visit_action</c>: one action (page view, event, download, …) of a visit.</summary>
public sealed class ActionRow
{
    public long IdLinkVa { get; set; }

    public int IdSite { get; set; }

    public byte[] IdVisitor { get; set; } = [];

    public long IdVisit { get; set; }

    public long? IdactionUrlRef { get; set; }

    public long? IdactionNameRef { get; set; }

    public double? CustomFloat { get; set; }

    public int? PageviewPosition { get; set; }

    public DateTime ServerTime { get; set; }

    public string? IdPageview { get; set; }

    public long? IdactionName { get; set; }

    public long? IdactionUrl { get; set; }

    public string? SearchCat { get; set; }

    public long? SearchCount { get; set; }

    public long? TimeSpentRefAction { get; set; }

    public long? IdactionProductCat { get; set; }

    public long? IdactionProductCat2 { get; set; }

    public long? IdactionProductCat3 { get; set; }

    public long? IdactionProductCat4 { get; set; }

    public long? IdactionProductCat5 { get; set; }

    public long? IdactionProductName { get; set; }

    public double? ProductPrice { get; set; }

    public long? IdactionProductSku { get; set; }

    public long? IdactionEventAction { get; set; }

    public long? IdactionEventCategory { get; set; }

    public long? IdactionContentInteraction { get; set; }

    public long? IdactionContentName { get; set; }

    public long? IdactionContentPiece { get; set; }

    public long? IdactionContentTarget { get; set; }

    public long? TimeDomCompletion { get; set; }

    public long? TimeDomProcessing { get; set; }

    public long? TimeNetwork { get; set; }

    public long? TimeOnLoad { get; set; }

    public long? TimeServer { get; set; }

    public long? TimeTransfer { get; set; }

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

    public void SetCustomDimension(int index, string? value)
    {
        switch (index)
        {
            case 1: CustomDimension1 = value; break;
            case 2: CustomDimension2 = value; break;
            case 3: CustomDimension3 = value; break;
            case 4: CustomDimension4 = value; break;
            case 5: CustomDimension5 = value; break;
        }
    }

    public ActionRow Clone() => (ActionRow)MemberwiseClone();

    /// <summary>Every column except <c>idlink_va</c>, in schema order.</summary>
    public static IReadOnlyList<LogColumn<ActionRow>> Columns { get; } =
    [
        new("idsite", r => r.IdSite, (r, v) => r.IdSite = v.Int32),
        new("idvisitor", r => r.IdVisitor, (r, v) => r.IdVisitor = v.Bytes),
        new("idvisit", r => r.IdVisit, (r, v) => r.IdVisit = v.Int64),
        new("idaction_url_ref", r => r.IdactionUrlRef, (r, v) => r.IdactionUrlRef = v.Int64OrNull),
        new("idaction_name_ref", r => r.IdactionNameRef, (r, v) => r.IdactionNameRef = v.Int64OrNull),
        new("custom_float", r => r.CustomFloat, (r, v) => r.CustomFloat = v.DoubleOrNull),
        new("pageview_position", r => r.PageviewPosition, (r, v) => r.PageviewPosition = v.Int32OrNull),
        new("server_time", r => r.ServerTime, (r, v) => r.ServerTime = v.DateTime),
        new("idpageview", r => r.IdPageview, (r, v) => r.IdPageview = v.StringOrNull),
        new("idaction_name", r => r.IdactionName, (r, v) => r.IdactionName = v.Int64OrNull),
        new("idaction_url", r => r.IdactionUrl, (r, v) => r.IdactionUrl = v.Int64OrNull),
        new("search_cat", r => r.SearchCat, (r, v) => r.SearchCat = v.StringOrNull),
        new("search_count", r => r.SearchCount, (r, v) => r.SearchCount = v.Int64OrNull),
        new("time_spent_ref_action", r => r.TimeSpentRefAction, (r, v) => r.TimeSpentRefAction = v.Int64OrNull),
        new("idaction_product_cat", r => r.IdactionProductCat, (r, v) => r.IdactionProductCat = v.Int64OrNull),
        new("idaction_product_cat2", r => r.IdactionProductCat2, (r, v) => r.IdactionProductCat2 = v.Int64OrNull),
        new("idaction_product_cat3", r => r.IdactionProductCat3, (r, v) => r.IdactionProductCat3 = v.Int64OrNull),
        new("idaction_product_cat4", r => r.IdactionProductCat4, (r, v) => r.IdactionProductCat4 = v.Int64OrNull),
        new("idaction_product_cat5", r => r.IdactionProductCat5, (r, v) => r.IdactionProductCat5 = v.Int64OrNull),
        new("idaction_product_name", r => r.IdactionProductName, (r, v) => r.IdactionProductName = v.Int64OrNull),
        new("product_price", r => r.ProductPrice, (r, v) => r.ProductPrice = v.DoubleOrNull),
        new("idaction_product_sku", r => r.IdactionProductSku, (r, v) => r.IdactionProductSku = v.Int64OrNull),
        new("idaction_event_action", r => r.IdactionEventAction, (r, v) => r.IdactionEventAction = v.Int64OrNull),
        new("idaction_event_category", r => r.IdactionEventCategory, (r, v) => r.IdactionEventCategory = v.Int64OrNull),
        new("idaction_content_interaction", r => r.IdactionContentInteraction, (r, v) => r.IdactionContentInteraction = v.Int64OrNull),
        new("idaction_content_name", r => r.IdactionContentName, (r, v) => r.IdactionContentName = v.Int64OrNull),
        new("idaction_content_piece", r => r.IdactionContentPiece, (r, v) => r.IdactionContentPiece = v.Int64OrNull),
        new("idaction_content_target", r => r.IdactionContentTarget, (r, v) => r.IdactionContentTarget = v.Int64OrNull),
        new("time_dom_completion", r => r.TimeDomCompletion, (r, v) => r.TimeDomCompletion = v.Int64OrNull),
        new("time_dom_processing", r => r.TimeDomProcessing, (r, v) => r.TimeDomProcessing = v.Int64OrNull),
        new("time_network", r => r.TimeNetwork, (r, v) => r.TimeNetwork = v.Int64OrNull),
        new("time_on_load", r => r.TimeOnLoad, (r, v) => r.TimeOnLoad = v.Int64OrNull),
        new("time_server", r => r.TimeServer, (r, v) => r.TimeServer = v.Int64OrNull),
        new("time_transfer", r => r.TimeTransfer, (r, v) => r.TimeTransfer = v.Int64OrNull),
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
