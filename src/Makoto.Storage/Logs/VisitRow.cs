namespace Makoto.Storage.Logs;

/// <summary>A row of <c>log_visit</c>: one visit, with Matomo's columns.</summary>
public sealed class VisitRow
{
    public long IdVisit { get; set; }

    public int IdSite { get; set; }

    /// <summary>8 bytes.</summary>
    public byte[] IdVisitor { get; set; } = [];

    /// <summary>
    /// Set by <see cref="DayLogReader"/> for distinct visitor counts, not a column: -1 when the visitor has no
    /// other visit in the day, a number from 1 that the day gives each visitor with several visits, 0 when
    /// not known (rows not read by the day reader). A report row then only has to remember its visitors with
    /// several visits to count distinct visitors.
    /// </summary>
    public int DayVisitorNumber { get; set; }

    /// <summary>A visitor id (8 bytes) as a number, for distinct counts.</summary>
    public static ulong VisitorKey(byte[] idVisitor) =>
        idVisitor.Length >= 8 ? System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(idVisitor) : 0;

    public DateTime VisitLastActionTime { get; set; }

    /// <summary>8 bytes: the configuration fingerprint.</summary>
    public byte[] ConfigId { get; set; } = [];

    /// <summary>4 or 16 bytes, after anonymization.</summary>
    public byte[] LocationIp { get; set; } = [];

    public int? Profilable { get; set; }

    public string? UserId { get; set; }

    public DateTime VisitFirstActionTime { get; set; }

    public int? VisitGoalBuyer { get; set; }

    public int? VisitGoalConverted { get; set; }

    public int? VisitorReturning { get; set; }

    public long? VisitorSecondsSinceFirst { get; set; }

    public long? VisitorSecondsSinceOrder { get; set; }

    public int VisitorCountVisits { get; set; }

    public long? VisitEntryIdactionName { get; set; }

    public long? VisitEntryIdactionUrl { get; set; }

    public long? VisitExitIdactionName { get; set; }

    public long? VisitExitIdactionUrl { get; set; }

    public int? VisitTotalActions { get; set; }

    public int? VisitTotalInteractions { get; set; }

    public int? VisitTotalSearches { get; set; }

    public string? RefererKeyword { get; set; }

    public string? RefererName { get; set; }

    public int? RefererType { get; set; }

    public string? RefererUrl { get; set; }

    public string? LocationBrowserLang { get; set; }

    public string? ConfigBrowserEngine { get; set; }

    public string? ConfigBrowserName { get; set; }

    public string? ConfigBrowserVersion { get; set; }

    public int? ConfigClientType { get; set; }

    public string? ConfigDeviceBrand { get; set; }

    public string? ConfigDeviceModel { get; set; }

    public int? ConfigDeviceType { get; set; }

    public string? ConfigOs { get; set; }

    public string? ConfigOsVersion { get; set; }

    public int? VisitTotalEvents { get; set; }

    public TimeOnly? VisitorLocaltime { get; set; }

    public long? VisitorSecondsSinceLast { get; set; }

    public string? ConfigResolution { get; set; }

    public int? ConfigCookie { get; set; }

    public int? ConfigFlash { get; set; }

    public int? ConfigJava { get; set; }

    public int? ConfigPdf { get; set; }

    public int? ConfigQuicktime { get; set; }

    public int? ConfigRealplayer { get; set; }

    public int? ConfigSilverlight { get; set; }

    public int? ConfigWindowsmedia { get; set; }

    public int VisitTotalTime { get; set; }

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

    public VisitRow Clone() => (VisitRow)MemberwiseClone();

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

    /// <summary>Every column except <c>idvisit</c>, in schema order.</summary>
    public static IReadOnlyList<LogColumn<VisitRow>> Columns { get; } =
    [
        new("idsite", r => r.IdSite, (r, v) => r.IdSite = v.Int32),
        new("idvisitor", r => r.IdVisitor, (r, v) => r.IdVisitor = v.Bytes),
        new("visit_last_action_time", r => r.VisitLastActionTime, (r, v) => r.VisitLastActionTime = v.DateTime),
        new("config_id", r => r.ConfigId, (r, v) => r.ConfigId = v.Bytes),
        new("location_ip", r => r.LocationIp, (r, v) => r.LocationIp = v.Bytes),
        new("profilable", r => r.Profilable, (r, v) => r.Profilable = v.Int32OrNull),
        new("user_id", r => r.UserId, (r, v) => r.UserId = v.StringOrNull),
        new("visit_first_action_time", r => r.VisitFirstActionTime, (r, v) => r.VisitFirstActionTime = v.DateTime),
        new("visit_goal_buyer", r => r.VisitGoalBuyer, (r, v) => r.VisitGoalBuyer = v.Int32OrNull),
        new("visit_goal_converted", r => r.VisitGoalConverted, (r, v) => r.VisitGoalConverted = v.Int32OrNull),
        new("visitor_returning", r => r.VisitorReturning, (r, v) => r.VisitorReturning = v.Int32OrNull),
        new("visitor_seconds_since_first", r => r.VisitorSecondsSinceFirst, (r, v) => r.VisitorSecondsSinceFirst = v.Int64OrNull),
        new("visitor_seconds_since_order", r => r.VisitorSecondsSinceOrder, (r, v) => r.VisitorSecondsSinceOrder = v.Int64OrNull),
        new("visitor_count_visits", r => r.VisitorCountVisits, (r, v) => r.VisitorCountVisits = v.Int32),
        new("visit_entry_idaction_name", r => r.VisitEntryIdactionName, (r, v) => r.VisitEntryIdactionName = v.Int64OrNull),
        new("visit_entry_idaction_url", r => r.VisitEntryIdactionUrl, (r, v) => r.VisitEntryIdactionUrl = v.Int64OrNull),
        new("visit_exit_idaction_name", r => r.VisitExitIdactionName, (r, v) => r.VisitExitIdactionName = v.Int64OrNull),
        new("visit_exit_idaction_url", r => r.VisitExitIdactionUrl, (r, v) => r.VisitExitIdactionUrl = v.Int64OrNull),
        new("visit_total_actions", r => r.VisitTotalActions, (r, v) => r.VisitTotalActions = v.Int32OrNull),
        new("visit_total_interactions", r => r.VisitTotalInteractions, (r, v) => r.VisitTotalInteractions = v.Int32OrNull),
        new("visit_total_searches", r => r.VisitTotalSearches, (r, v) => r.VisitTotalSearches = v.Int32OrNull),
        new("referer_keyword", r => r.RefererKeyword, (r, v) => r.RefererKeyword = v.StringOrNull),
        new("referer_name", r => r.RefererName, (r, v) => r.RefererName = v.StringOrNull),
        new("referer_type", r => r.RefererType, (r, v) => r.RefererType = v.Int32OrNull),
        new("referer_url", r => r.RefererUrl, (r, v) => r.RefererUrl = v.StringOrNull),
        new("location_browser_lang", r => r.LocationBrowserLang, (r, v) => r.LocationBrowserLang = v.StringOrNull),
        new("config_browser_engine", r => r.ConfigBrowserEngine, (r, v) => r.ConfigBrowserEngine = v.StringOrNull),
        new("config_browser_name", r => r.ConfigBrowserName, (r, v) => r.ConfigBrowserName = v.StringOrNull),
        new("config_browser_version", r => r.ConfigBrowserVersion, (r, v) => r.ConfigBrowserVersion = v.StringOrNull),
        new("config_client_type", r => r.ConfigClientType, (r, v) => r.ConfigClientType = v.Int32OrNull),
        new("config_device_brand", r => r.ConfigDeviceBrand, (r, v) => r.ConfigDeviceBrand = v.StringOrNull),
        new("config_device_model", r => r.ConfigDeviceModel, (r, v) => r.ConfigDeviceModel = v.StringOrNull),
        new("config_device_type", r => r.ConfigDeviceType, (r, v) => r.ConfigDeviceType = v.Int32OrNull),
        new("config_os", r => r.ConfigOs, (r, v) => r.ConfigOs = v.StringOrNull),
        new("config_os_version", r => r.ConfigOsVersion, (r, v) => r.ConfigOsVersion = v.StringOrNull),
        new("visit_total_events", r => r.VisitTotalEvents, (r, v) => r.VisitTotalEvents = v.Int32OrNull),
        new("visitor_localtime", r => r.VisitorLocaltime, (r, v) => r.VisitorLocaltime = v.TimeOrNull),
        new("visitor_seconds_since_last", r => r.VisitorSecondsSinceLast, (r, v) => r.VisitorSecondsSinceLast = v.Int64OrNull),
        new("config_resolution", r => r.ConfigResolution, (r, v) => r.ConfigResolution = v.StringOrNull),
        new("config_cookie", r => r.ConfigCookie, (r, v) => r.ConfigCookie = v.Int32OrNull),
        new("config_flash", r => r.ConfigFlash, (r, v) => r.ConfigFlash = v.Int32OrNull),
        new("config_java", r => r.ConfigJava, (r, v) => r.ConfigJava = v.Int32OrNull),
        new("config_pdf", r => r.ConfigPdf, (r, v) => r.ConfigPdf = v.Int32OrNull),
        new("config_quicktime", r => r.ConfigQuicktime, (r, v) => r.ConfigQuicktime = v.Int32OrNull),
        new("config_realplayer", r => r.ConfigRealplayer, (r, v) => r.ConfigRealplayer = v.Int32OrNull),
        new("config_silverlight", r => r.ConfigSilverlight, (r, v) => r.ConfigSilverlight = v.Int32OrNull),
        new("config_windowsmedia", r => r.ConfigWindowsmedia, (r, v) => r.ConfigWindowsmedia = v.Int32OrNull),
        new("visit_total_time", r => r.VisitTotalTime, (r, v) => r.VisitTotalTime = v.Int32),
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
