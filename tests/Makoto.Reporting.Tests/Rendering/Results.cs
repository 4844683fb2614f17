using Makoto.Core.DataTables;
using Makoto.Reporting.Api;

namespace Makoto.Reporting.Tests.Rendering;

/// <summary>
/// API results shared by the renderer tests, built the way the report methods build them. The values
/// come from the Matomo 5.0.2 conformance corpus (day 2026-10-12) and from the spec's examples.
/// </summary>
internal static class Results
{
    /// <summary>A simple table of metrics with one column per entry, in order.</summary>
    public static DataTable Simple(params (string Name, object? Value)[] columns)
    {
        var table = new DataTable(isSimple: true);
        var row = new DataRow();
        foreach (var (name, value) in columns)
        {
            row.Columns[name] = value;
        }

        table.Rows.Add(row);
        return table;
    }

    public static DataTable EmptySimple() => new(isSimple: true);

    public static DataTable List(params DataRow[] rows)
    {
        var table = new DataTable();
        table.Rows.AddRange(rows);
        return table;
    }

    /// <summary>VisitsSummary.get for day 2026-10-12 of the corpus; <c>nb_actions_per_visit</c> is the double 4.0.</summary>
    public static DataTable VisitsSummary() => Simple(
        ("nb_uniq_visitors", 95),
        ("nb_users", 3),
        ("nb_visits", 136),
        ("nb_actions", 550),
        ("nb_visits_converted", 37),
        ("bounce_count", 28),
        ("sum_visit_length", 43537),
        ("max_actions", 16),
        ("bounce_rate", "21%"),
        ("nb_actions_per_visit", 4.0),
        ("avg_time_on_site", 320));

    /// <summary>
    /// Two rows shaped like Referrers.getReferrerType: a nested <c>goals</c> column keyed
    /// <c>idgoal=…</c>, metadata <c>segment</c> and <c>referrer_type</c>, and a subtable id on the
    /// second row. The second row has a goal the first lacks and lacks one the first has.
    /// </summary>
    public static DataTable ReferrerTypes() => List(
        new DataRow
        {
            Columns =
            {
                ["label"] = "Direct Entry",
                ["nb_visits"] = 48,
                ["nb_actions"] = 179,
                ["goals"] = new PlainObject
                {
                    ["idgoal=ecommerceOrder"] = new PlainObject { ["nb_conversions"] = 3, ["revenue"] = 210.26 },
                    ["idgoal=1"] = new PlainObject { ["nb_conversions"] = 3, ["revenue"] = 36.0 },
                },
                ["nb_conversions"] = 6,
                ["revenue"] = 246.26,
            },
            Metadata = { ["segment"] = "referrerType==direct", ["referrer_type"] = 1 },
        },
        new DataRow
        {
            Columns =
            {
                ["label"] = "Search Engines",
                ["nb_visits"] = 45,
                ["nb_actions"] = 193,
                ["goals"] = new PlainObject
                {
                    ["idgoal=1"] = new PlainObject { ["nb_conversions"] = 2, ["revenue"] = 24.0 },
                    ["idgoal=2"] = new PlainObject { ["nb_conversions"] = 7, ["revenue"] = 21.0 },
                },
                ["nb_conversions"] = 9,
                ["revenue"] = 45.0,
            },
            Metadata = { ["segment"] = "referrerType==search", ["referrer_type"] = 2 },
            IdSubtable = 2,
        });

    /// <summary>
    /// Page URLs with a folder <c>blog</c> (subtable 7) holding a page and a folder <c>2024</c>
    /// (subtable 9) that holds one more page, then a leaf page <c>/index</c>.
    /// </summary>
    public static DataTable PageUrlsWithSubtables()
    {
        var archive = List(new DataRow
        {
            Columns = { ["label"] = "/archive", ["nb_visits"] = 2, ["nb_hits"] = 3 },
            Metadata = { ["url"] = "https://example.org/blog/2024/archive" },
        });
        var blog = List(
            new DataRow
            {
                Columns = { ["label"] = "/my-post", ["nb_visits"] = 5, ["nb_hits"] = 8 },
                Metadata = { ["url"] = "https://example.org/blog/my-post" },
            },
            new DataRow
            {
                Columns = { ["label"] = "2024", ["nb_visits"] = 2, ["nb_hits"] = 3 },
                IdSubtable = 9,
                Subtable = archive,
            });
        return List(
            new DataRow
            {
                Columns = { ["label"] = "blog", ["nb_visits"] = 12, ["nb_hits"] = 20 },
                Metadata = { ["segment"] = "pageUrl=^https%253A%252F%252Fexample.org%252Fblog%252F" },
                IdSubtable = 7,
                Subtable = blog,
            },
            new DataRow
            {
                Columns = { ["label"] = "/index", ["nb_visits"] = 30, ["nb_hits"] = 41 },
                Metadata =
                {
                    ["url"] = "https://example.org/",
                    ["segment"] = "pageUrl==https%253A%252F%252Fexample.org%252F",
                },
            });
    }

    /// <summary>VisitsSummary.get over three days (spec 5.2), the middle day without data.</summary>
    public static DataTableMap ThreeDays() => new("date")
    {
        Entries =
        {
            ["2024-05-01"] = Simple(("nb_visits", 33), ("nb_actions", 90), ("bounce_rate", "45%"), ("nb_actions_per_visit", 2.7)),
            ["2024-05-02"] = EmptySimple(),
            ["2024-05-03"] = Simple(("nb_visits", 45), ("nb_actions", 131), ("bounce_rate", "42%"), ("nb_actions_per_visit", 2.9)),
        },
    };

    /// <summary>A list report over two days, the second without data.</summary>
    public static DataTableMap TwoDaysOfReferrerTypes() => new("date")
    {
        Entries =
        {
            ["2024-05-01"] = List(
                new DataRow { Columns = { ["label"] = "Direct Entry", ["nb_visits"] = 22 } },
                new DataRow { Columns = { ["label"] = "Websites", ["nb_visits"] = 3 } }),
            ["2024-05-02"] = List(),
        },
    };

    /// <summary>idSite=1,3 over two days: sites outside (<c>idSite</c>), days inside (<c>date</c>); site 1 has no data on the second day.</summary>
    public static DataTableMap TwoSitesTwoDays() => new("idSite")
    {
        Entries =
        {
            ["1"] = new DataTableMap("date")
            {
                Entries =
                {
                    ["2024-05-01"] = Simple(("nb_visits", 3), ("nb_actions", 5)),
                    ["2024-05-02"] = EmptySimple(),
                },
            },
            ["3"] = new DataTableMap("date")
            {
                Entries =
                {
                    ["2024-05-01"] = Simple(("nb_visits", 7), ("nb_actions", 9)),
                    ["2024-05-02"] = Simple(("nb_visits", 1), ("nb_actions", 1)),
                },
            },
        },
    };

    /// <summary>VisitsSummary.getVisits for idSite=1,3 (spec 5.2): one value per site.</summary>
    public static DataTableMap VisitsPerSite() => new("idSite")
    {
        Entries =
        {
            ["1"] = new ApiValue(45),
            ["3"] = new ApiValue(7),
        },
    };

    /// <summary>Part of SitesManager.getSiteFromId: an object of scalars, one of them empty.</summary>
    public static PlainObject Site() => new()
    {
        ["idsite"] = 4,
        ["name"] = "Conformance",
        ["main_url"] = "http://shop.example.org",
        ["ecommerce"] = 1,
        ["sitesearch_keyword_parameters"] = "",
        ["currency"] = "EUR",
    };

    /// <summary>Part of Goals.getGoals: a list of objects.</summary>
    public static List<object?> Goals() =>
    [
        new PlainObject { ["idsite"] = 4, ["idgoal"] = 1, ["name"] = "Order confirmation page", ["revenue"] = 12 },
        new PlainObject { ["idsite"] = 4, ["idgoal"] = 3, ["name"] = "Delivery info viewed", ["revenue"] = 1.5 },
    ];

    /// <summary>A list of site ids (SitesManager.getSitesIdWithAtLeastViewAccess).</summary>
    public static List<object?> SiteIds() => [1, 3, 4];

    /// <summary>Numbers as Matomo's sums produce them: a float sum with a binary tail, integral doubles, a long, a negative.</summary>
    public static DataTable Numbers() => Simple(
        ("avg_price", 239.96999999999997),
        ("revenue", 384.0),
        ("nb_conversions_attrib", 0.41669999999999996),
        ("revenue_tax", 418.34000000000003),
        ("sum", 10_000_000_000L),
        ("difference", -12.5));
}
