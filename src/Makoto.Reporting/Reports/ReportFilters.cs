using Makoto.Core.DataTables;

namespace Makoto.Reporting.Reports;

/// <summary>
/// Filters that report methods apply to an archived table before the generic filters, as Matomo's API
/// classes do (<c>GroupBy</c>, segment metadata built from labels).
/// </summary>
public static class ReportFilters
{
    /// <summary>
    /// Matomo's <c>GroupBy</c> filter on the label: each row (the summary row aside) gets the label
    /// <paramref name="label"/> gives its current one; rows that end up with the same label are summed
    /// into the first of them (columns by the default aggregation rules, so their values become
    /// numbers) and removed. The kept row takes the metadata of the first row summed into it that has
    /// visits, as Matomo's <c>Row::sumRowMetadata</c> does, or of any row while it has none of its own.
    /// </summary>
    public static void GroupByLabel(this DataTable table, Func<string, string> label)
    {
        var kept = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<DataRow>(table.Rows.Count);
        var tookMetadata = new List<bool>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            var grouped = label(row.Label ?? "");
            if (!kept.TryGetValue(grouped, out var index))
            {
                row.Label = grouped;
                kept.Add(grouped, rows.Count);
                rows.Add(row);
                tookMetadata.Add(false);
                continue;
            }

            var target = rows[index];
            foreach (var (name, value) in row.Columns)
            {
                TableAccumulator.Sum(target.Columns, name, value, AggregationRules.Default);
            }

            if (row.Metadata.Count == 0)
            {
                continue;
            }

            var hasVisits = IsTruthy(row["nb_hits"]) || IsTruthy(row["nb_visits"]) || IsTruthy(row["nb_actions"]);
            if ((hasVisits && !tookMetadata[index]) || target.Metadata.Count == 0)
            {
                target.Metadata.Clear();
                foreach (var (name, value) in row.Metadata)
                {
                    target.Metadata[name] = value;
                }

                tookMetadata[index] = hasVisits;
            }
        }

        table.Rows.Clear();
        table.Rows.AddRange(rows);
    }

    /// <summary>
    /// The metadata in which a report method leaves the value that selects a row's visits (Matomo's
    /// <c>AddSegmentValue</c>), for <see cref="AddSegmentFromSegmentValue"/> to turn into a segment.
    /// </summary>
    public const string SegmentValue = "segmentValue";

    /// <summary>
    /// Matomo's <c>AddSegmentBySegmentValue</c>: every row with a <see cref="SegmentValue"/> and no
    /// <c>segment</c> yet gets the segment <c>name==value</c> of the report's dimension; the
    /// <see cref="SegmentValue"/> itself is removed.
    /// </summary>
    public static void AddSegmentFromSegmentValue(this DataTable table, string segmentName)
    {
        foreach (var row in table.Rows)
        {
            if (row.Metadata.Remove(SegmentValue, out var value) && value is string text && !row.Metadata.ContainsKey("segment"))
            {
                row.Metadata["segment"] = SegmentMetadata.Condition(segmentName, text);
            }
        }
    }

    /// <summary>PHP's truthiness of a report value: null, 0, <c>"0"</c> and <c>""</c> are false.</summary>
    private static bool IsTruthy(object? value) => value switch
    {
        null => false,
        string s => s.Length > 0 && s != "0",
        bool b => b,
        _ => MetricValues.ToDouble(value) != 0,
    };
}
