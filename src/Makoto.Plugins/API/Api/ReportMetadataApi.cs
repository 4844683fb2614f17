using System.Globalization;
using Makoto.Core.DataTables;
using Makoto.Core.Periods;
using Makoto.Core.Sites;
using Makoto.Reporting.Api;
using Makoto.Reporting.Metrics;
using Makoto.Reporting.Reports;

namespace Makoto.Plugins.API.Api;

/// <summary>
/// <c>API.getReportMetadata</c>, <c>API.getWidgetMetadata</c>, <c>API.getMetadata</c> and <c>API.getProcessedReport</c>: the reports of
/// a site as the plugins declare them, and one report with translated column names, formatted values,
/// row metadata apart and the report's totals (reporting-api.md §6).
/// </summary>
internal sealed class ReportMetadataApi : IApiModule
{
    private const string Module = "API";

    /// <summary>The metrics Matomo sums into a report's totals (its <c>getMetricIdsToProcessReportTotal</c>).</summary>
    private static readonly string[] s_totalled =
    [
        "nb_visits", "nb_uniq_visitors", "nb_actions", "nb_hits", "nb_visits_converted", "nb_conversions", "bounce_count",
        "entry_bounce_count", "entry_nb_visits", "entry_nb_actions", "exit_nb_visits", "exit_nb_uniq_visitors", "revenue",
    ];

    public IEnumerable<ApiMethod> Methods()
    {
        yield return new ApiMethod(Module, "getReportMetadata", ReportMetadata)
        {
            ParameterNames = ["idSite", "idSites", "period", "date", "hideMetricsDoc", "showSubtableReports"],
        };
        yield return new ApiMethod(Module, "getWidgetMetadata", call =>
        {
            var site = SiteOf(call);
            return WidgetMetadata.Build(call.Dispatcher.Reports.For(site), name => call.Dispatcher.Registry.Find(name) is not null)
                .Select(item => (object?)item)
                .ToList();
        })
        {
            ParameterNames = ["idSite", "period", "date", "hideMetricsDoc", "showSubtableReports", "deep"],
        };
        yield return new ApiMethod(Module, "getMetadata", Metadata)
        {
            ParameterNames = ["idSite", "apiModule", "apiAction", "apiParameters", "period", "date", "hideMetricsDoc", "showSubtableReports"],
        };
        yield return new ApiMethod(Module, "getProcessedReport", ProcessedReport)
        {
            ParameterNames =
            [
                "idSite", "period", "date", "apiModule", "apiAction", "segment", "apiParameters", "idGoal", "idDimension", "showTimer",
                "hideMetricsDoc", "idSubtable", "showRawMetrics", "format_metrics",
            ],
        };
    }

    /// <summary>The site of <c>idSite</c>, or the first of the legacy <c>idSites</c>.</summary>
    private static Site SiteOf(ApiCall call)
    {
        if (string.IsNullOrWhiteSpace(call["idSite"] ?? call["idsite"]) && call["idSites"] is { Length: > 0 } idSites)
        {
            var first = idSites.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            if (int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return call.CheckSite(id, Core.Security.AccessLevel.View);
            }
        }

        return call.RequireSite();
    }

    private static ColumnFilter Columns(ApiCall call) =>
        new(List(call["hideColumns"]), List(call["showColumns"]));

    private static HashSet<string> List(string? value) =>
        new((value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.Ordinal);

    private static object ReportMetadata(ApiCall call)
    {
        var site = SiteOf(call);
        var listing = call.Dispatcher.Reports;
        var reports = listing.For(site);
        var showSubtables = call.Parameters.GetBool("showSubtableReports");
        var hideDocs = call.Parameters.GetBool("hideMetricsDoc");
        var columns = Columns(call);
        var result = new List<object?>();
        foreach (var report in reports)
        {
            if (showSubtables || !report.Metadata.IsSubtableReport)
            {
                result.Add(listing.Describe(report, reports, hideDocs, columns));
            }
        }

        return result;
    }

    private static object Metadata(ApiCall call)
    {
        var site = SiteOf(call);
        var report = Find(call, site);
        if (report is null)
        {
            return false;
        }

        var described = call.Dispatcher.Reports.Describe(report, call.Dispatcher.Reports.For(site), call.Parameters.GetBool("hideMetricsDoc"), Columns(call));
        return new List<object?> { described };
    }

    /// <summary>The report named by <c>apiModule</c>, <c>apiAction</c> and <c>apiParameters</c> (with <c>idGoal</c> and <c>idDimension</c>).</summary>
    private static ListedReport? Find(ApiCall call, Site site)
    {
        var module = call.Parameters.Require("apiModule");
        var action = call.Parameters.Require("apiAction");
        return call.Dispatcher.Reports.Find(site, module, action, ApiParametersOf(call));
    }

    internal static Dictionary<string, string> ApiParametersOf(ApiCall call)
    {
        var parameters = new Dictionary<string, string>(call.Parameters.GetAssociative("apiParameters"), StringComparer.Ordinal);
        foreach (var name in (string[])["idGoal", "idDimension"])
        {
            // As in Matomo (PHP's empty()), idGoal=0 only counts when given inside apiParameters.
            if (call[name] is { Length: > 0 } value && value != "0")
            {
                parameters.TryAdd(name, value);
            }
        }

        return parameters;
    }

    /// <summary>
    /// <c>API.getProcessedReport</c>: runs the report as the caller, then writes its rows with the report's
    /// columns only (missing ones as 0), values formatted for people unless <c>format_metrics</c> asks for
    /// raw ones, the row metadata in a list of its own, and the totals of the report's first level.
    /// </summary>
    private static object ProcessedReport(ApiCall call)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var site = call.RequireSite();
        var module = call.Parameters.Require("apiModule");
        var action = call.Parameters.Require("apiAction");
        var apiParameters = ApiParametersOf(call);
        var listing = call.Dispatcher.Reports;
        var report = listing.Find(site, module, action, apiParameters)
            ?? throw new ApiException($"Requested report {module}.{action} for Website id={site.IdSite.ToString(CultureInfo.InvariantCulture)} not found in the list of available reports.");
        var metadata = listing.Describe(report, listing.For(site), call.Parameters.GetBool("hideMetricsDoc"), Columns(call));

        var overrides = new List<KeyValuePair<string, string>>
        {
            new("method", module + "." + action),
            new("idSite", site.IdSite.ToString(CultureInfo.InvariantCulture)),
            new("format_metrics", "0"),
        };
        overrides.AddRange(apiParameters);
        var request = call.Parameters.Without("apiModule", "apiAction", "apiParameters");
        var data = call.Dispatcher.Run(request.With(overrides), call.Access);

        var columns = ColumnsOf(report, metadata, Columns(call));
        var pretty = call["format_metrics"] is null or "" or "bc";
        var showRaw = call.Parameters.GetBool("showRawMetrics");
        var symbol = CurrencySymbols.For(site.Currency);
        var hasDimension = report.Metadata.Dimension is not null;
        object reportData;
        object rowsMetadata;
        if (data is DataTableMap map)
        {
            var periods = call.Periods(site).Periods.ToDictionary(p => p.Key, p => p);
            var byDate = new PlainObject();
            var metadataByDate = new PlainObject();
            foreach (var (key, value) in map.Entries)
            {
                var prettyKey = periods.TryGetValue(key, out var period) ? PrettyDate(period) : key;
                var (rows, rowMetadata) = Rows(value, columns, hasDimension, pretty, showRaw, symbol);
                byDate[prettyKey] = rows;
                metadataByDate[prettyKey] = rowMetadata;
            }

            (reportData, rowsMetadata) = (byDate, metadataByDate);
        }
        else
        {
            (reportData, rowsMetadata) = Rows(data, columns, hasDimension, pretty, showRaw, symbol);
        }

        var result = new PlainObject
        {
            ["website"] = site.Name,
            ["prettyDate"] = PrettyDate(call.Periods(site)),
            ["metadata"] = metadata,
            ["columns"] = columns,
            ["reportData"] = reportData,
            ["reportMetadata"] = rowsMetadata,
            ["reportTotal"] = hasDimension && call["totals"] != "0" ? Totals(call, request.With(overrides), Columns(call)) : new List<object?>(),
        };
        if (call.Parameters.GetBool("showTimer", fallback: true))
        {
            result["timerMillis"] = stopwatch.ElapsedMilliseconds.ToString(CultureInfo.InvariantCulture);
        }

        return result;
    }

    /// <summary>The columns of a processed report: the dimension as <c>label</c>, the metrics, the processed metrics, then goal revenue.</summary>
    private static PlainObject ColumnsOf(ListedReport report, PlainObject metadata, ColumnFilter filter)
    {
        var columns = new PlainObject();
        if (report.Metadata.Dimension is { } dimension)
        {
            columns["label"] = dimension;
        }

        foreach (var list in (string[])["metrics", "processedMetrics"])
        {
            if (metadata.TryGetValue(list, out var names) && names is PlainObject named)
            {
                foreach (var (id, name) in named)
                {
                    columns[id] = name;
                }
            }
        }

        if (metadata.TryGetValue("metricsGoal", out var goal) && goal is PlainObject goalNames && goalNames.TryGetValue("revenue", out var revenue))
        {
            columns["revenue"] = revenue;
        }

        var result = new PlainObject();
        foreach (var (id, name) in columns)
        {
            if (id == "label" || filter.Keeps(id))
            {
                var text = name as string ?? id;
                result[id] = text.Length > 0 ? char.ToUpperInvariant(text[0]) + text[1..] : text;
            }
        }

        return result;
    }

    private static (object Rows, object Metadata) Rows(object data, PlainObject columns, bool hasDimension, bool pretty, bool showRaw, string symbol)
    {
        if (data is not DataTable table)
        {
            return (new List<object?>(), new List<object?>());
        }

        var rows = new List<object?>();
        var metadata = new List<object?>();
        foreach (var row in table.AllRows)
        {
            var values = new PlainObject();

            // The plain API leaves the visit rates out of most reports; a processed report shows them.
            foreach (var metric in CoreMetrics.VisitMetrics)
            {
                if (columns.ContainsKey(metric.Name) && !row.Columns.ContainsKey(metric.Name))
                {
                    row.Columns[metric.Name] = metric.Compute(row);
                }
            }

            foreach (var (id, _) in columns)
            {
                if (!row.Columns.ContainsKey(id))
                {
                    row.Columns[id] = 0;
                }
            }

            foreach (var (name, value) in row.Columns)
            {
                if (columns.ContainsKey(name) || IsGoalColumn(name))
                {
                    values[name] = pretty && name != "label" ? PrettyValue(name, value, symbol) : value;
                }
                else if (showRaw)
                {
                    values[name] = value ?? 0;
                }
            }

            rows.Add(values);
            if (hasDimension)
            {
                var rowMetadata = new PlainObject();
                foreach (var (name, value) in row.Metadata)
                {
                    rowMetadata[name] = value;
                }

                if (row.IdSubtable is { } id)
                {
                    rowMetadata["idsubdatatable"] = id;
                }

                metadata.Add(rowMetadata);
            }
        }

        if (!hasDimension)
        {
            return (rows.Count > 0 ? rows[0]! : new List<object?>(), new List<object?>());
        }

        return (rows, metadata);
    }

    private static bool IsGoalColumn(string name) =>
        name.StartsWith("goal_", StringComparison.Ordinal) && name.Length > 5 && char.IsAsciiDigit(name[5]);

    /// <summary>
    /// A value for people, by the column's name as Matomo's processed reports decide it: durations
    /// (<c>time</c> in the name) as <c>00:01:23</c> (generation times as <c>1.2s</c>), money (<c>revenue</c>,
    /// <c>price</c>) with the site's currency, rates (<c>_rate</c>) as percents; other values as they are.
    /// </summary>
    private static object? PrettyValue(string column, object? value, string symbol)
    {
        if (!Reporting.Rendering.ValueFormat.IsNumber(value))
        {
            return value;
        }

        var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        if (column.Contains("time_generation", StringComparison.Ordinal))
        {
            return MetricFormat.Duration(number);
        }

        if (column.Contains("time", StringComparison.Ordinal))
        {
            return MetricFormatter.Duration(number);
        }

        if ((column.Contains("revenue", StringComparison.Ordinal) || column.Contains("price", StringComparison.Ordinal))
            && !column.Contains("evolution", StringComparison.Ordinal))
        {
            return MetricFormat.Money(number, symbol);
        }

        return column.Contains("_rate", StringComparison.Ordinal) ? ProcessedMetrics.PercentText(number) : value;
    }

    /// <summary>
    /// The totals of the report's first level: the report run again on every row, without filters or
    /// subtable selection, and Matomo's summed metrics added up over its rows (periods added together).
    /// </summary>
    private static object Totals(ApiCall call, ApiParameters request, ColumnFilter filter)
    {
        var whole = request.Without("idSubtable", "flat", "label", "expanded").With(
        [
            new("filter_limit", "-1"),
            new("filter_offset", "0"),
            new("disable_generic_filters", "1"),
            new("format_metrics", "0"),
        ]);
        var totals = new PlainObject();
        Add(call.Dispatcher.Run(whole, call.Access));
        return totals.Count > 0 ? totals : new List<object?>();

        void Add(object result)
        {
            switch (result)
            {
                case DataTableMap map:
                    foreach (var (_, value) in map.Entries)
                    {
                        Add(value);
                    }

                    break;
                case DataTable table:
                    foreach (var metric in s_totalled)
                    {
                        if (!filter.Keeps(metric) || table.Rows.Count == 0 || !table.Rows[0].Columns.ContainsKey(metric))
                        {
                            continue;
                        }

                        var sum = totals.TryGetValue(metric, out var existing) ? Convert.ToDouble(existing, CultureInfo.InvariantCulture) : 0;
                        foreach (var row in table.Rows)
                        {
                            sum += row.GetNumber(metric);
                        }

                        totals[metric] = sum == Math.Floor(sum) && Math.Abs(sum) < long.MaxValue ? (object)(long)sum : sum;
                    }

                    break;
            }
        }
    }

    /// <summary>Matomo's long English name of the requested period(s).</summary>
    private static string PrettyDate(PeriodSelection selection) =>
        selection.IsMultiple
            ? PrettyRange(selection.Periods[0].Start, selection.Periods[^1].End)
            : PrettyDate(selection.Single);

    /// <summary>Matomo's long English name of a period: <c>Monday, October 12, 2026</c>, <c>week October 12 – 18, 2026</c>, <c>October 2026</c>, <c>2026</c>.</summary>
    public static string PrettyDate(Period period) => period.Type switch
    {
        PeriodType.Day => period.Start.ToString("dddd, MMMM d, yyyy", CultureInfo.InvariantCulture),
        PeriodType.Week => "week " + PrettyRange(period.Start, period.End),
        PeriodType.Month => period.Start.ToString("MMMM yyyy", CultureInfo.InvariantCulture),
        PeriodType.Year => period.Start.ToString("yyyy", CultureInfo.InvariantCulture),
        _ => PrettyRange(period.Start, period.End),
    };

    /// <summary>A span of days as CLDR's English interval: <c>October 12 – 18, 2026</c>, <c>September 28 – October 4, 2026</c>.</summary>
    private static string PrettyRange(DateOnly start, DateOnly end)
    {
        var c = CultureInfo.InvariantCulture;
        if (start.Year != end.Year)
        {
            return $"{start.ToString("MMMM d, yyyy", c)} – {end.ToString("MMMM d, yyyy", c)}";
        }

        return start.Month == end.Month
            ? $"{start.ToString("MMMM d", c)} – {end.ToString("d, yyyy", c)}"
            : $"{start.ToString("MMMM d", c)} – {end.ToString("MMMM d, yyyy", c)}";
    }
}
