using Makoto.Core.DataTables;

namespace Makoto.Reporting.Filters;

/// <summary>
/// <c>label</c> / <c>label[]</c> (Matomo's LabelFilter): a table of the rows with the given labels, in
/// the order of the labels, labels not found left out. A label is URL-decoded once more and trimmed
/// (clients send it encoded); <c>a&gt;b</c> is the row <c>b</c> in the subtable of the row <c>a</c>.
/// The summary row is found as "Others" or <c>-1</c>. For reports whose leaf labels start with a blank
/// (page titles), <c>Home</c> also finds <c> Home</c>, and <c>@Home</c> looks for <c> Home</c> first.
/// </summary>
internal static class LabelFilter
{
    private const char PathSeparator = '>';
    private const char TerminalOperator = '@';

    public static DataTable Apply(DataTable table, IReadOnlyList<string> labels, bool labelsStartWithBlank)
    {
        var result = new DataTable();
        foreach (var label in labels)
        {
            foreach (var variation in Variations(label, labelsStartWithBlank))
            {
                if (Descend(variation.Split(PathSeparator), 0, table, labelsStartWithBlank) is { } row)
                {
                    result.Rows.Add(row);
                    break;
                }
            }
        }

        return result;
    }

    private static DataRow? Descend(string[] parts, int index, DataTable table, bool labelsStartWithBlank)
    {
        DataRow? row = null;
        foreach (var variation in Variations(parts[index], labelsStartWithBlank))
        {
            row = Find(table, variation);
            if (row is not null)
            {
                break;
            }
        }

        if (row is null || index == parts.Length - 1)
        {
            return row;
        }

        return row.Subtable is { } subtable ? Descend(parts, index + 1, subtable, labelsStartWithBlank) : null;
    }

    /// <summary>The row with this label (the last one when several have it, as Matomo's label index keeps the last).</summary>
    private static DataRow? Find(DataTable table, string label)
    {
        DataRow? found = null;
        foreach (var row in table.AllRows)
        {
            if (row.Label == label)
            {
                found = row;
            }
        }

        return found ?? (label == DataTable.SummaryRowLabel ? table.SummaryRow : null);
    }

    private static List<string> Variations(string label, bool labelsStartWithBlank)
    {
        label = label.Trim();
        var terminal = label.StartsWith(TerminalOperator);
        if (terminal)
        {
            label = label[1..];
        }

        var decoded = Uri.UnescapeDataString(label.Replace('+', ' ')).Trim();
        var variations = new List<string>(2);
        if (labelsStartWithBlank && terminal)
        {
            variations.Add(" " + decoded);
        }

        variations.Add(decoded);
        if (labelsStartWithBlank && !terminal)
        {
            variations.Add(" " + decoded);
        }

        return variations;
    }
}
