using Makoto.Core.DataTables;
using Makoto.Reporting.Api;
using Makoto.Reporting.Reports;

namespace Makoto.Plugins.API.Api;

/// <summary>
/// <c>API.get</c>: the main metrics of every plugin for a period in one table, from the <c>Module.get</c>
/// reports of the site's report list (those without fixed parameters), merged as Matomo merges them.
/// </summary>
internal static class MainMetrics
{
    /// <summary>The report metadata of <c>API.get</c>: the metrics and processed metrics of every merged report.</summary>
    public static IEnumerable<ReportMetadata> Metadata(ReportListingContext context)
    {
        var metrics = new List<ReportMetric>();
        var processed = new List<ReportMetric>();
        var others = new List<ReportMetric>();
        foreach (var report in Merged(context.Reports))
        {
            Merge(metrics, report.Metadata.Metrics);
            Merge(processed, report.Metadata.ProcessedMetrics);
            Merge(others, report.Metadata.OtherMetrics);
        }

        yield return new ReportMetadata
        {
            Category = ReportCategories.Api,
            Name = "Main metrics",
            Documentation = "This report gives an overview of the most important metrics across all categories and plugins.",
            Metrics = metrics,
            ProcessedMetrics = processed,
            OtherMetrics = others,
            Order = 6,
        };
    }

    /// <summary>
    /// Runs each merged <c>Module.get</c> for the requested sites and periods, with <c>columns</c> narrowed
    /// to that report's metrics, and merges their rows; <c>columns</c> then keeps only the requested ones.
    /// </summary>
    public static object Get(ApiCall call)
    {
        var site = call.RequireSites()[0];
        var requested = new HashSet<string>(
            (call["columns"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            StringComparer.Ordinal);
        var perModule = new SortedDictionary<string, List<string>>(Comparer<string>.Create((a, b) => string.CompareOrdinal(b, a)));
        foreach (var report in Merged(call.Dispatcher.Reports.For(site)))
        {
            foreach (var metric in report.Metadata.Metrics.Concat(report.Metadata.ProcessedMetrics))
            {
                if (requested.Count == 0 || requested.Contains(metric.Id))
                {
                    if (!perModule.TryGetValue(report.Module, out var columns))
                    {
                        perModule[report.Module] = columns = [];
                    }

                    columns.Add(metric.Id);
                }
            }
        }

        object? merged = null;
        foreach (var (module, columns) in perModule)
        {
            var parameters = call.Parameters.With(
            [
                new("method", module + ".get"),
                new("columns", string.Join(',', columns)),
            ]);
            var result = call.Dispatcher.Run(parameters, call.Access);
            merged = merged is null ? result : MergeInto(merged, result);
        }

        if (merged is null)
        {
            return new DataTable(isSimple: true);
        }

        if (requested.Count > 0)
        {
            KeepColumns(merged, requested);
        }

        return merged;
    }

    private static IEnumerable<ListedReport> Merged(IEnumerable<ListedReport> reports) =>
        reports.Where(r => r.Action == "get" && r.Module != "API" && r.Metadata.Parameters.Count == 0 && r.Metadata.Metrics.Count > 0);

    /// <summary>PHP's array_merge of metric lists: a later name replaces an earlier one in place.</summary>
    private static void Merge(List<ReportMetric> into, IEnumerable<ReportMetric> more)
    {
        foreach (var metric in more)
        {
            var index = into.FindIndex(m => m.Id == metric.Id);
            if (index < 0)
            {
                into.Add(metric);
            }
            else
            {
                into[index] = metric;
            }
        }
    }

    /// <summary>Adds the columns of <paramref name="more"/> to <paramref name="into"/>, table by table (maps by key).</summary>
    private static object MergeInto(object into, object more)
    {
        switch (into, more)
        {
            case (DataTable target, DataTable source):
                if (source.Rows.Count == 0)
                {
                    return target;
                }

                if (target.Rows.Count == 0)
                {
                    return source;
                }

                foreach (var (name, value) in source.Rows[0].Columns)
                {
                    target.Rows[0].Columns.TryAdd(name, value);
                }

                return target;
            case (DataTableMap target, DataTableMap source):
                foreach (var (key, value) in source.Entries)
                {
                    target.Entries[key] = target.Entries.TryGetValue(key, out var existing) ? MergeInto(existing, value) : value;
                }

                return target;
            default:
                return into;
        }
    }

    private static void KeepColumns(object result, HashSet<string> columns)
    {
        switch (result)
        {
            case DataTable table:
                foreach (var row in table.Rows)
                {
                    foreach (var name in row.Columns.Keys.Where(name => !columns.Contains(name)).ToList())
                    {
                        row.Columns.Remove(name);
                    }
                }

                break;
            case DataTableMap map:
                foreach (var (_, value) in map.Entries)
                {
                    KeepColumns(value, columns);
                }

                break;
        }
    }
}
