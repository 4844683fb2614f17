using System.Collections.Frozen;
using Makoto.Core.DataTables;
using Makoto.Reporting.Metrics;

namespace Makoto.Reporting.Filters;

/// <summary>
/// How the Reporting API presents one report (what Matomo's Report class declares): the default
/// order of its rows, how <c>flat=1</c> writes its labels, the processed metrics added to its rows and
/// how <c>format_metrics</c> writes its metrics. A plugin sets it on its <c>ApiMethod.Report</c>:
/// <code>
/// new ApiMethod("Referrers", "getReferrerType", GetReferrerType)
/// {
///     IsReport = true,
///     Report = new ReportPresentation
///     {
///         ProcessedMetrics = CoreMetrics.VisitMetrics,
///         Dimension = "Referrers_ReferrerType",
///         SubtableDimension = "Referrers_ReferrerName",
///     },
/// };
/// </code>
/// The defaults are those of a Matomo report: sorted by <c>nb_visits</c> descending, flattened labels
/// joined with <c>" - "</c>, no processed metrics.
/// </summary>
public sealed record ReportPresentation
{
    /// <summary>For report methods that declare nothing: no default order (Matomo without a Report class).</summary>
    public static ReportPresentation None { get; } = new() { DefaultSortColumn = null };

    /// <summary>The column rows are sorted by when <c>filter_sort_column</c> is absent; null keeps the method's order.</summary>
    public string? DefaultSortColumn { get; init; } = "nb_visits";

    /// <summary>The order used with <see cref="DefaultSortColumn"/> when <c>filter_sort_order</c> is absent.</summary>
    public bool DefaultSortDescending { get; init; } = true;

    /// <summary>False for reports Matomo does not flatten: <c>flat=1</c> then only drops the subtables.</summary>
    public bool SupportsFlatten { get; init; } = true;

    /// <summary>How <c>flat=1</c> joins the labels of a row and its parents.</summary>
    public FlatLabels FlatLabels { get; init; } = FlatLabels.Joined;

    /// <summary>
    /// The metadata name that <c>flat=1</c> gives the top-level label of each flattened row, as Matomo
    /// names it after the report's dimension (<c>Actions_PageUrl</c>, <c>Referrers_ReferrerType</c>);
    /// <c>label1</c> when null.
    /// </summary>
    public string? Dimension { get; init; }

    /// <summary>
    /// The metadata name for the labels of the first level of subtables (<c>Referrers_ReferrerName</c>).
    /// When null, <see cref="Dimension"/> is used for every level, each level's label appended to its
    /// parent's path (Actions URLs), or <c>label2</c>, <c>label3</c>… when there is no dimension either.
    /// </summary>
    public string? SubtableDimension { get; init; }

    /// <summary>The metadata name for the labels of the second level of subtables.</summary>
    public string? ThirdLevelDimension { get; init; }

    /// <summary>The processed metrics added to every row (and to subtable rows), in this order.</summary>
    public IReadOnlyList<ProcessedMetric> ProcessedMetrics { get; init; } = [];

    /// <summary>
    /// Processed metrics that depend on the data (one per goal, say), added after
    /// <see cref="ProcessedMetrics"/>; called once per table of the answer.
    /// </summary>
    public Func<DataTable, IEnumerable<ProcessedMetric>>? ProcessedMetricsFor { get; init; }

    /// <summary>
    /// The types of the metrics the method itself returns that <c>format_metrics</c> formats: stored ones
    /// (<c>revenue</c> as money) and ones the method computes (VisitFrequency's <c>bounce_rate_new</c>).
    /// </summary>
    public IReadOnlyDictionary<string, MetricType> MetricTypes { get; init; } = FrozenDictionary<string, MetricType>.Empty;

    /// <summary>
    /// The method takes Matomo's <c>columns</c> parameter (VisitsSummary.get, Goals.get): a comma list of
    /// the metrics to return, processed ones included, applied after the processed metrics are computed.
    /// </summary>
    public bool ColumnsParameter { get; init; }

    /// <summary>
    /// Leaf labels start with a blank (Actions page titles): <c>label=Home</c> also finds <c> Home</c>,
    /// and <c>label=@Home</c> prefers it.
    /// </summary>
    public bool LabelsStartWithBlank { get; init; }

    /// <summary>
    /// The report's presentation step (Matomo's queued filters: translations, logos, URL metadata…), run
    /// on each table of the answer after the generic filters and processed metrics, unless
    /// <c>disable_queued_filters=1</c>.
    /// </summary>
    public Action<DataTable, ReportRequest>? Presentation { get; init; }

    /// <summary>The processed metrics of <paramref name="table"/>: the declared ones, then the data-dependent ones.</summary>
    internal List<ProcessedMetric> MetricsFor(DataTable table)
    {
        var metrics = new List<ProcessedMetric>(ProcessedMetrics);
        if (ProcessedMetricsFor is { } more)
        {
            metrics.AddRange(more(table));
        }

        return metrics;
    }
}

/// <summary>How <c>flat=1</c> writes the label of a row found in a subtable.</summary>
/// <param name="Separator">Put between a parent's label and its child's.</param>
/// <param name="UrlPaths">
/// Labels are URL paths (Actions page URLs): a leaf's leading <c>/</c> is dropped after a parent that
/// ends with <c>/</c>, every flattened label starts with <c>/</c>, and a trailing default page name
/// (<c>/index</c>) is cut to <c>/</c>, so <c>shop</c> › <c>/index</c> becomes <c>/shop/</c>.
/// </param>
public sealed record FlatLabels(string Separator, bool UrlPaths = false)
{
    /// <summary>Matomo's default: <c>Search Engines - Google</c>.</summary>
    public static FlatLabels Joined { get; } = new(" - ");

    /// <summary>Actions URL reports: <c>/shop/tea/green-tea</c>.</summary>
    public static FlatLabels Urls { get; } = new("/", UrlPaths: true);

    /// <summary>The name Matomo gives a page whose URL ends with <c>/</c> (<c>[General] action_default_name</c>).</summary>
    public const string DefaultPageName = "index";

    /// <summary>The label of hits without a URL, which flat URL labels leave without a leading <c>/</c>.</summary>
    public const string UndefinedUrlLabel = "Page URL not defined";
}
