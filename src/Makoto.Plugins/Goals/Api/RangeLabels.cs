using System.Globalization;
using Makoto.Core.DataTables;

namespace Makoto.Plugins.Goals.Api;

/// <summary>
/// Matomo's BeautifyRangeLabels for the conversion-distance reports: archived range labels
/// (<c>1-1</c>, <c>9-14</c>, <c>101%2B</c>) sorted by their lower bound, then written for people —
/// <c>1 visit</c>, <c>0 days</c>, <c>9-14 visits</c>, <c>101+ visits</c>.
/// </summary>
internal static class RangeLabels
{
    /// <param name="table">A table of range labels; its rows are reordered and relabelled.</param>
    /// <param name="one">The label of the range 1-1 (<c>1 day</c>).</param>
    /// <param name="many">The format of every other label, <c>{0}</c> being the number or range (<c>{0} days</c>).</param>
    public static void Beautify(DataTable table, string one, string many)
    {
        var ordered = table.Rows.OrderBy(row => LowerBound(row.Label)).ToList();
        table.Rows.Clear();
        table.Rows.AddRange(ordered);
        foreach (var row in table.Rows)
        {
            row.Label = Label(row.Label ?? "", one, many);
        }
    }

    /// <summary>The readable form of one archived range label; other labels stay as they are.</summary>
    public static string Label(string range, string one, string many)
    {
        var open = range.EndsWith("%2B", StringComparison.Ordinal);
        var text = open ? range[..^3] : range;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0 && Number(text[..dash]) is { } low && Number(text[(dash + 1)..]) is { } high)
        {
            return low != high ? string.Format(CultureInfo.InvariantCulture, many, text) : low == 1 ? one : string.Format(CultureInfo.InvariantCulture, many, low);
        }

        return open && Number(text) is not null ? string.Format(CultureInfo.InvariantCulture, many, text + "+") : range;
    }

    private static long LowerBound(string? label)
    {
        var text = label ?? "";
        var end = 0;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        return Number(text[..end]) ?? long.MaxValue;
    }

    private static long? Number(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
