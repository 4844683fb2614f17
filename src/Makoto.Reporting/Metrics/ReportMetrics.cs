using Makoto.Core.DataTables;
using Makoto.Reporting.Filters;

namespace Makoto.Reporting.Metrics;

/// <summary>Adds a report's processed metrics to its rows and formats its metrics for <c>format_metrics</c>.</summary>
internal static class ReportMetrics
{
    /// <summary>
    /// Adds each processed metric to every row (the summary row included) that does not have that
    /// column yet, in the report's order; subtables too when <paramref name="recursive"/>, except for
    /// metrics that are not computed in subtables.
    /// </summary>
    public static void Compute(DataTable table, ReportPresentation report, bool recursive) =>
        Compute(table, report, recursive, top: true);

    /// <summary>The names of the processed metrics of <paramref name="table"/>.</summary>
    public static HashSet<string> Names(DataTable table, ReportPresentation report)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var metric in report.MetricsFor(table))
        {
            names.Add(metric.Name);
        }

        return names;
    }

    /// <summary>
    /// Replaces metric values by their formatted text: with <see cref="MetricFormatting.All"/> every
    /// processed metric and every stored metric with a declared type, with
    /// <see cref="MetricFormatting.PercentsOnly"/> only those Matomo formats by default.
    /// </summary>
    public static void Format(DataTable table, ReportPresentation report, MetricFormatting formatting, Func<string> currencySymbol, bool recursive)
    {
        if (formatting == MetricFormatting.None)
        {
            return;
        }

        string? symbol = null;
        table.Walk(recursive, t =>
        {
            var types = new List<(string Name, MetricType Type)>();
            foreach (var metric in report.MetricsFor(t))
            {
                types.Add((metric.Name, metric.Type));
            }

            foreach (var (name, type) in report.MetricTypes)
            {
                types.Add((name, type));
            }

            foreach (var (name, type) in types)
            {
                if (type == MetricType.Number || (formatting == MetricFormatting.PercentsOnly && !MetricFormatter.IsFormattedByDefault(name)))
                {
                    continue;
                }

                foreach (var row in t.AllRows)
                {
                    if (row.Columns.TryGetValue(name, out var value))
                    {
                        row.Columns[name] = MetricFormatter.Format(value, type, type == MetricType.Money ? symbol ??= currencySymbol() : "");
                    }
                }
            }
        });
    }

    private static void Compute(DataTable table, ReportPresentation report, bool recursive, bool top)
    {
        foreach (var metric in report.MetricsFor(table))
        {
            if (!top && !metric.InSubtables)
            {
                continue;
            }

            foreach (var row in table.AllRows)
            {
                if (!row.Columns.ContainsKey(metric.Name) && metric.Compute(row) is { } value)
                {
                    row.Columns[metric.Name] = value;
                }
            }
        }

        if (!recursive)
        {
            return;
        }

        foreach (var row in table.AllRows)
        {
            if (row.Subtable is { } subtable)
            {
                Compute(subtable, report, recursive: true, top: false);
            }
        }
    }
}
