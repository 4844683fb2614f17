using System.Globalization;
using System.Text.RegularExpressions;
using Makoto.Reporting.Api;
using Makoto.Reporting.Metrics;

namespace Makoto.Reporting.Filters;

/// <summary>
/// The report parameters of one API call (reporting-api.md §2.3 and §3), read and checked once:
/// a bad value is an <see cref="ApiException"/> naming the parameter, before any table is touched
/// (<see cref="InvalidIdSubtable"/> excepted).
/// </summary>
public sealed record ReportRequest
{
    /// <summary>Rows returned when <c>filter_limit</c> is absent (<c>[General] API_datatable_default_limit</c>).</summary>
    public const int DefaultLimit = 100;

    private static readonly TimeSpan s_patternTimeout = TimeSpan.FromSeconds(2);

    /// <summary><c>idSubtable</c>: answer with the subtable of that id instead of the report.</summary>
    public int? IdSubtable { get; init; }

    /// <summary>
    /// An <c>idSubtable</c> that is not a number; an error for reports with rows, ignored by simple
    /// reports (which have no subtables and no such parameter in Matomo).
    /// </summary>
    public string? InvalidIdSubtable { get; init; }

    /// <summary><c>flat=1</c>.</summary>
    public bool Flat { get; init; }

    /// <summary><c>include_aggregate_rows=1</c> with <c>flat=1</c>: keep the rows that have subtables too.</summary>
    public bool IncludeAggregateRows { get; init; }

    /// <summary><c>expanded=1</c>: subtables are part of the answer.</summary>
    public bool Expanded { get; init; }

    /// <summary><c>disable_generic_filters=1</c>: no pattern, sort, truncate or limit.</summary>
    public bool DisableGenericFilters { get; init; }

    /// <summary><c>disable_queued_filters=1</c>: no presentation step ("Others" stays <c>-1</c>).</summary>
    public bool DisableQueuedFilters { get; init; }

    /// <summary><c>filter_pattern</c>, case-insensitive.</summary>
    public Regex? Pattern { get; init; }

    /// <summary><c>filter_column</c>: the columns (or metadata) <see cref="Pattern"/> is matched against; a row is kept when one matches.</summary>
    public IReadOnlyList<string> PatternColumns { get; init; } = ["label"];

    /// <summary><c>filter_pattern_recursive</c>.</summary>
    public Regex? RecursivePattern { get; init; }

    /// <summary><c>filter_column_recursive</c>.</summary>
    public IReadOnlyList<string> RecursivePatternColumns { get; init; } = ["label"];

    /// <summary><c>filter_excludelowpop</c>: the column of the low-population filter.</summary>
    public string? ExcludeLowPopulationColumn { get; init; }

    /// <summary><c>filter_excludelowpop_value</c>; 0 means 2 % of the column's total.</summary>
    public double ExcludeLowPopulationValue { get; init; }

    /// <summary><c>filter_sort_column</c>, when given.</summary>
    public string? SortColumn { get; init; }

    /// <summary><c>filter_sort_order</c>: true for <c>desc</c>, false for <c>asc</c>, null when absent.</summary>
    public bool? SortDescending { get; init; }

    /// <summary><c>filter_truncate</c>.</summary>
    public int? Truncate { get; init; }

    /// <summary><c>filter_offset</c>.</summary>
    public int Offset { get; init; }

    /// <summary><c>filter_limit</c>; negative means all rows.</summary>
    public int Limit { get; init; } = DefaultLimit;

    /// <summary><c>keep_summary_row=1</c>: the "Others" row survives <c>filter_limit</c>.</summary>
    public bool KeepSummaryRow { get; init; }

    /// <summary><c>hideColumns</c>.</summary>
    public IReadOnlyList<string> HideColumns { get; init; } = [];

    /// <summary><c>showColumns</c>.</summary>
    public IReadOnlyList<string> ShowColumns { get; init; } = [];

    /// <summary><c>hideColumnsRecursively=1</c>: hidden columns are removed from nested values (goal metrics) too.</summary>
    public bool HideColumnsRecursively { get; init; }

    /// <summary><c>columns</c>, for reports that take it (<see cref="ReportPresentation.ColumnsParameter"/>).</summary>
    public IReadOnlyList<string> Columns { get; init; } = [];

    /// <summary><c>label</c> or <c>label[]</c>: the labels to return, <c>&gt;</c> separating the levels of a path.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary><c>format_metrics</c>.</summary>
    public MetricFormatting Formatting { get; init; } = MetricFormatting.PercentsOnly;

    /// <summary>Reads the report parameters of a call.</summary>
    public static ReportRequest Parse(ApiParameters parameters)
    {
        if (!string.IsNullOrWhiteSpace(parameters["pivotBy"]))
        {
            // Better an error than the unpivoted report presented as the pivoted one.
            throw new ApiException("pivotBy is not supported by this Makoto version yet; request the report without the 'pivotBy' parameter.");
        }

        var idSubtableText = parameters["idSubtable"];
        int? idSubtable = int.TryParse(idSubtableText?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        return new ReportRequest
        {
            IdSubtable = idSubtable,
            InvalidIdSubtable = idSubtable is null && !string.IsNullOrWhiteSpace(idSubtableText) ? idSubtableText : null,
            Flat = parameters["flat"] == "1",
            IncludeAggregateRows = parameters["include_aggregate_rows"] == "1",
            Expanded = parameters.GetBool("expanded"),
            DisableGenericFilters = parameters.GetBool("disable_generic_filters"),
            DisableQueuedFilters = parameters.GetBool("disable_queued_filters"),
            Pattern = ParsePattern(parameters, "filter_pattern"),
            PatternColumns = ColumnList(parameters, "filter_column") is { Count: > 0 } columns ? columns : ["label"],
            RecursivePattern = ParsePattern(parameters, "filter_pattern_recursive"),
            RecursivePatternColumns = ColumnList(parameters, "filter_column_recursive") is { Count: > 0 } recursive ? recursive : ["label"],
            ExcludeLowPopulationColumn = NonEmpty(parameters["filter_excludelowpop"]),
            ExcludeLowPopulationValue = parameters.GetDouble("filter_excludelowpop_value") ?? 0,
            SortColumn = NonEmpty(parameters["filter_sort_column"]),
            SortDescending = NonEmpty(parameters["filter_sort_order"]) is { } order
                ? !string.Equals(order.Trim(), "asc", StringComparison.OrdinalIgnoreCase)
                : null,
            Truncate = NonNegative(parameters, "filter_truncate"),
            Offset = NonNegative(parameters, "filter_offset") ?? 0,
            Limit = parameters.GetInt("filter_limit") ?? DefaultLimit,
            KeepSummaryRow = parameters.GetBool("keep_summary_row"),
            HideColumns = ColumnList(parameters, "hideColumns"),
            ShowColumns = ColumnList(parameters, "showColumns"),
            HideColumnsRecursively = parameters.GetBool("hideColumnsRecursively"),
            Columns = ColumnList(parameters, "columns"),
            Labels = ParseLabels(parameters),
            Formatting = MetricFormatter.Parse(parameters["format_metrics"]),
        };
    }

    private static Regex? ParsePattern(ApiParameters parameters, string name)
    {
        var pattern = parameters[name];
        if (string.IsNullOrEmpty(pattern))
        {
            return null;
        }

        try
        {
            return new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, s_patternTimeout);
        }
        catch (ArgumentException error)
        {
            throw new ApiException($"The parameter '{name}' is not a valid regular expression: {error.Message}");
        }
    }

    private static int? NonNegative(ApiParameters parameters, string name)
    {
        var value = parameters.GetInt(name);
        return value is < 0
            ? throw new ApiException($"The parameter '{name}' must be 0 or a positive integer, but '{parameters[name]}' was given.")
            : value;
    }

    /// <summary>A comma list (<c>a,b</c>) or an array parameter (<c>name[]=a&amp;name[]=b</c>), entries trimmed, empty ones dropped.</summary>
    private static List<string> ColumnList(ApiParameters parameters, string name)
    {
        var result = new List<string>();
        foreach (var value in parameters.GetArray(name))
        {
            foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                result.Add(part);
            }
        }

        return result;
    }

    /// <summary>
    /// <c>label[]=a&amp;label[]=b</c> gives two labels; a single <c>label=a,b</c> is one label (labels may
    /// contain commas). Matomo turns the <c>&amp;gt;</c> its input sanitizing makes of <c>&gt;</c> back into <c>&gt;</c>.
    /// </summary>
    private static List<string> ParseLabels(ApiParameters parameters)
    {
        var labels = new List<string>();
        foreach (var label in parameters.GetArray("label"))
        {
            if (label.Length > 0)
            {
                labels.Add(label.Replace("&gt;", ">", StringComparison.Ordinal));
            }
        }

        return labels;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
