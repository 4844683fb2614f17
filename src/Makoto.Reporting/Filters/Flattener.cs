using System.Globalization;
using Makoto.Core.DataTables;
using Makoto.Reporting.Rendering;

namespace Makoto.Reporting.Filters;

/// <summary>
/// <c>flat=1</c> (Matomo's Flattener): one table of the leaf rows of the whole tree, each labelled with
/// the labels of its parents joined by the report's separator (<see cref="FlatLabels"/>). A flattened
/// row keeps its metadata, takes the metadata of its parents it does not have, and gets one metadata
/// entry per level named after the report's dimensions (<see cref="ReportPresentation.Dimension"/>)
/// holding that level's label. Summary rows are labelled "Others" first; a subtable's "Others" row
/// becomes <c>parent - Others</c>. With <c>include_aggregate_rows=1</c> the rows that had subtables are
/// kept too, with <c>is_aggregate</c> metadata (1 for them, 0 for leaves).
/// </summary>
internal static class Flattener
{
    /// <summary>The flat table of <paramref name="table"/>; the rows are moved out of the original tree.</summary>
    public static DataTable Flatten(DataTable table, ReportPresentation report, bool includeAggregateRows)
    {
        SummaryRowLabels.Replace(table, recursive: true);
        var flattening = new Flattening(report, includeAggregateRows);
        flattening.Into(table, level: 1, report.Dimension ?? "label1", prefix: "");
        if (report.FlatLabels.UrlPaths)
        {
            flattening.FinishUrlPaths();
        }

        return flattening.Result;
    }

    /// <summary>For reports that cannot be flattened: <c>flat=1</c> only drops the subtables.</summary>
    public static void RemoveSubtables(DataTable table)
    {
        foreach (var row in table.AllRows)
        {
            row.Subtable = null;
            row.IdSubtable = null;
        }
    }

    private sealed class Flattening(ReportPresentation report, bool includeAggregateRows)
    {
        private readonly string _separator = report.FlatLabels.Separator;
        private readonly List<(DataRow Row, string Dimension)> _added = [];

        public DataTable Result { get; } = new();

        public void Into(DataTable table, int level, string dimension, string prefix)
        {
            var summary = table.SummaryRow;
            foreach (var row in table.RowsWithSummary())
            {
                Row(row, ReferenceEquals(row, summary), level, dimension, prefix);
            }
        }

        private void Row(DataRow row, bool isSummary, int level, string dimension, string prefix)
        {
            string? levelLabel = null;
            if (row.Columns.TryGetValue("label", out var value))
            {
                var label = (ValueFormat.Text(value) ?? "").Trim();
                if (_separator == "/")
                {
                    if (label.StartsWith('/') && prefix.EndsWith('/'))
                    {
                        label = label[1..];
                    }
                    else if (isSummary && prefix.Length > 0 && label != DataTable.SummaryRowLabel)
                    {
                        label = " - " + label;
                    }
                }

                levelLabel = label;
                row.Label = prefix + label;
                if (row.Metadata.GetValueOrDefault(dimension) is { } parentPath && IsTruthy(parentPath))
                {
                    levelLabel = ValueFormat.Text(parentPath) + _separator + levelLabel;
                }

                row.Metadata[dimension] = levelLabel;
            }

            var subtable = row.Subtable;
            row.Subtable = null;
            row.IdSubtable = null;
            if (subtable is null)
            {
                if (includeAggregateRows)
                {
                    row.Metadata["is_aggregate"] = 0;
                }

                Add(row, dimension);
                return;
            }

            if (includeAggregateRows)
            {
                row.Metadata["is_aggregate"] = 1;
                Add(row, dimension);
            }

            var childPrefix = (row.Label ?? "") + _separator;
            var childDimension = (level == 2 ? report.ThirdLevelDimension ?? report.SubtableDimension : report.SubtableDimension)
                ?? report.Dimension
                ?? "label" + (Occurrences(childPrefix, _separator) + 1).ToString(CultureInfo.InvariantCulture);
            if (levelLabel is not null)
            {
                foreach (var child in subtable.AllRows)
                {
                    foreach (var (name, parentValue) in row.Metadata)
                    {
                        child.Metadata.TryAdd(name, parentValue);
                    }

                    child.Metadata[dimension] = levelLabel;
                }
            }

            Into(subtable, level + 1, childDimension, childPrefix);
        }

        private void Add(DataRow row, string dimension)
        {
            Result.Rows.Add(row);
            _added.Add((row, dimension));
        }

        /// <summary>
        /// Actions URL labels: a trailing default page name is cut (<c>shop/index</c> → <c>shop/</c>), every
        /// label but "Page URL not defined" starts with <c>/</c>, and the row's dimension entry holds the same path.
        /// </summary>
        public void FinishUrlPaths()
        {
            const string DefaultPage = "/" + FlatLabels.DefaultPageName;
            foreach (var (row, dimension) in _added)
            {
                if (row.Label is not { } label)
                {
                    continue;
                }

                if (label.EndsWith(DefaultPage, StringComparison.Ordinal))
                {
                    label = label[..^FlatLabels.DefaultPageName.Length].TrimEnd('/') + "/";
                }

                if (!label.StartsWith('/') && label != FlatLabels.UndefinedUrlLabel)
                {
                    label = "/" + label;
                }

                row.Label = label;
                if (row.Metadata.ContainsKey(dimension))
                {
                    row.Metadata[dimension] = label;
                }
            }
        }

        private static bool IsTruthy(object value) => value switch
        {
            string s => s.Length > 0 && s != "0",
            bool b => b,
            _ => DataTableExtensions.ToNumber(value) is not 0,
        };

        private static int Occurrences(string text, string part)
        {
            var count = 0;
            for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
            {
                count++;
            }

            return count;
        }
    }
}

/// <summary>
/// Matomo's ReplaceSummaryRowLabel: the summary row of archives is labelled <c>-1</c>; the API writes
/// it as "Others" (a row labelled <c>-1</c> is taken for it when the table has no summary row).
/// </summary>
internal static class SummaryRowLabels
{
    public const string Others = "Others";

    public static void Replace(DataTable table, bool recursive) => table.Walk(recursive, static t =>
    {
        var summary = t.SummaryRow ?? t.FindRow(DataTable.SummaryRowLabel);
        summary?.Label = Others;
    });
}
