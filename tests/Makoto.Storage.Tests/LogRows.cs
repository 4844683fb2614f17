using System.Text;
using Makoto.Storage.Logs;

namespace Makoto.Storage.Tests;

/// <summary>Log rows with every column set to a value of its type, and comparison of rows column by column.</summary>
internal static class LogRows
{
    public static byte[] Id(string eight) => Encoding.ASCII.GetBytes(eight);

    public static DateTime At(int hour, int minute = 0, int second = 0) =>
        new(2024, 3, 14, hour, minute, second, DateTimeKind.Utc);

    public static VisitRow Visit(string visitor, DateTime first, string config = "config01") => new()
    {
        IdSite = 1,
        IdVisitor = Id(visitor),
        ConfigId = Id(config),
        LocationIp = [203, 0, 113, 0],
        VisitFirstActionTime = first,
        VisitLastActionTime = first,
        Profilable = 1,
        UserId = null,
        VisitGoalBuyer = 0,
        VisitGoalConverted = 0,
        VisitorReturning = 1,
        VisitorSecondsSinceFirst = 86_400,
        VisitorSecondsSinceOrder = null,
        VisitorCountVisits = 2,
        VisitEntryIdactionName = 2,
        VisitEntryIdactionUrl = 1,
        VisitExitIdactionName = 2,
        VisitExitIdactionUrl = 1,
        VisitTotalActions = 1,
        VisitTotalInteractions = 1,
        VisitTotalSearches = 0,
        RefererKeyword = "analytics",
        RefererName = "Google",
        RefererType = 2,
        RefererUrl = "https://www.google.com/search?q=analytics",
        LocationBrowserLang = "de-de,en",
        ConfigBrowserEngine = "Blink",
        ConfigBrowserName = "CH",
        ConfigBrowserVersion = "120.0",
        ConfigClientType = 1,
        ConfigDeviceBrand = "AP",
        ConfigDeviceModel = "iPhone",
        ConfigDeviceType = 1,
        ConfigOs = "IOS",
        ConfigOsVersion = "17.2",
        VisitTotalEvents = 0,
        VisitorLocaltime = new TimeOnly(13, 45, 10),
        VisitorSecondsSinceLast = 3_600,
        ConfigResolution = "390x844",
        ConfigCookie = 1,
        ConfigFlash = 0,
        ConfigJava = 0,
        ConfigPdf = 1,
        ConfigQuicktime = 0,
        ConfigRealplayer = 0,
        ConfigSilverlight = 0,
        ConfigWindowsmedia = 0,
        VisitTotalTime = 0,
        LocationCity = "Zürich",
        LocationCountry = "ch",
        LocationLatitude = 47.376887,
        LocationLongitude = 8.541694,
        LocationRegion = "ZH",
        CustomDimension1 = "plan: pro ✓",
        CustomDimension5 = "",
        CustomVarK1 = "Gender",
        CustomVarV1 = "none",
    };

    public static ActionRow Action(VisitRow visit, DateTime time, long url, long name) => new()
    {
        IdSite = visit.IdSite,
        IdVisitor = visit.IdVisitor,
        IdVisit = visit.IdVisit,
        IdactionUrlRef = 0,
        IdactionNameRef = null,
        CustomFloat = 1.5,
        PageviewPosition = 1,
        ServerTime = time,
        IdPageview = "a1B2c3",
        IdactionName = name,
        IdactionUrl = url,
        SearchCat = null,
        SearchCount = null,
        TimeSpentRefAction = 0,
        ProductPrice = 19.99,
        TimeDomCompletion = 120,
        TimeDomProcessing = 340,
        TimeNetwork = 15,
        TimeOnLoad = 5,
        TimeServer = 80,
        TimeTransfer = 22,
        CustomDimension2 = "author: Ada",
        CustomVarK3 = "Category",
        CustomVarV3 = "News",
    };

    public static ConversionRow Conversion(VisitRow visit, ActionRow? action, int idGoal, long buster, DateTime time) => new()
    {
        IdVisit = visit.IdVisit,
        IdSite = visit.IdSite,
        IdVisitor = visit.IdVisitor,
        ServerTime = time,
        IdactionUrl = action?.IdactionUrl,
        IdLinkVa = action?.IdLinkVa,
        IdGoal = idGoal,
        Buster = buster,
        Url = "https://shop.example.org/thanks",
        Revenue = 52.43,
        PageviewsBefore = 3,
        VisitorCountVisits = 2,
        RefererType = 2,
        RefererName = "Google",
        RefererVisitServerDate = new DateOnly(2024, 3, 10),
        LocationLatitude = 47.376887,
    };

    public static ConversionItemRow Item(VisitRow visit, string idOrder, long sku, double price, int quantity, DateTime time) => new()
    {
        IdSite = visit.IdSite,
        IdVisitor = visit.IdVisitor,
        ServerTime = time,
        IdVisit = visit.IdVisit,
        IdOrder = idOrder,
        IdactionSku = sku,
        IdactionName = sku + 100,
        IdactionCategory = 7,
        Price = price,
        Quantity = quantity,
    };

    /// <summary>Asserts that two rows hold equal values in every column of <paramref name="columns"/>.</summary>
    public static void AssertSame<TRow>(IReadOnlyList<LogColumn<TRow>> columns, TRow expected, TRow actual)
    {
        foreach (var column in columns)
        {
            var want = Normalize(column.Get(expected));
            var got = Normalize(column.Get(actual));
            Assert.True(Equals(want, got) || (want is byte[] a && got is byte[] b && a.AsSpan().SequenceEqual(b)),
                $"Column {column.Name}: expected {Show(want)}, read {Show(got)}.");
        }
    }

    private static object? Normalize(object? value) => value switch
    {
        int i => (long)i,
        DateTime time => DateTime.SpecifyKind(time, DateTimeKind.Utc),
        _ => value,
    };

    private static string Show(object? value) => value switch
    {
        null => "NULL",
        byte[] bytes => Convert.ToHexString(bytes),
        _ => $"{value} ({value.GetType().Name})",
    };
}
