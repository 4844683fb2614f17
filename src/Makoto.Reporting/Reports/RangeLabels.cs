using System.Globalization;
using Makoto.Archiving.Reports;
using Makoto.Core.DataTables;

namespace Makoto.Reporting.Reports;

/// <summary>
/// Matomo's filters for reports of ranged counts (Goals' conversion distances, VisitorInterest): the
/// archived range labels (<c>1-1</c>, <c>9-14</c>, <c>101%2B</c>, see <c>RangeBuckets</c>) written for
/// people — <c>1 visit</c>, <c>0 days</c>, <c>9-14 visits</c>, <c>101+ visits</c> (BeautifyRangeLabels),
/// durations in seconds and minutes (BeautifyTimeRangeLabels) — and the segment selecting a range's
/// visits (AddSegmentByRangeLabel).
/// </summary>
public static class RangeLabels
{
    /// <summary>Sorts the rows by the lower bound of their range, then writes their labels with <see cref="Label"/>.</summary>
    /// <param name="table">A table of range labels; its rows are reordered and relabelled.</param>
    /// <param name="one">The label of the range 1-1 (<c>1 day</c>).</param>
    /// <param name="many">The format of every other label, <c>{0}</c> being the number or range (<c>{0} days</c>).</param>
    public static void Beautify(DataTable table, string one, string many)
    {
        SortByLowerBound(table);
        Relabel(table, label => Label(label, one, many));
    }

    /// <summary>Orders the rows by the lower bound of their archived range (Matomo's natural sort of such labels); other labels last.</summary>
    public static void SortByLowerBound(DataTable table)
    {
        var ordered = table.Rows.OrderBy(row => LowerBound(row.Label)).ToList();
        table.Rows.Clear();
        table.Rows.AddRange(ordered);
    }

    /// <summary>Writes every row's label with <paramref name="label"/>, keeping the order of the rows.</summary>
    public static void Relabel(DataTable table, Func<string, string> label)
    {
        foreach (var row in table.Rows)
        {
            row.Label = label(row.Label ?? "");
        }
    }

    /// <summary>Gives every row whose archived label is a range the <c>segment</c> metadata of <see cref="Segment"/>.</summary>
    public static void AddSegments(DataTable table, string segmentName)
    {
        foreach (var row in table.Rows)
        {
            if (Segment(segmentName, row.Label ?? "") is { } segment)
            {
                row.Metadata["segment"] = segment;
            }
        }
    }

    /// <summary>
    /// The readable form of one archived range label: <paramref name="one"/> for <c>1-1</c>,
    /// <paramref name="many"/> with the number, the range or the open bound and a plus otherwise;
    /// <see cref="RangeBuckets.NewVisitsLabel"/> becomes "New visits" and other labels stay as they are.
    /// </summary>
    public static string Label(string range, string one, string many)
    {
        if (!TryParse(range, out var low, out var high))
        {
            return range == RangeBuckets.NewVisitsLabel ? "New visits" : range;
        }

        if (high is null)
        {
            return Format(many, Invariant(low) + "+");
        }

        return low != high ? Format(many, Invariant(low) + "-" + Invariant(high.Value)) : low == 1 ? one : Format(many, Invariant(low));
    }

    /// <summary>
    /// The readable form of an archived range of seconds (VisitorInterest's visit durations): below a
    /// minute in seconds (<c>0–10s</c>, with an en dash), otherwise in whole minutes (<c>1-2 min</c>,
    /// <c>30+ min</c>: the open bound 1801 s is rounded down, the others up).
    /// </summary>
    public static string TimeLabel(string range)
    {
        if (!TryParse(range, out var low, out var high))
        {
            return range;
        }

        if (low < 60)
        {
            return high is null ? Invariant(low) + "+s" : Invariant(low) + "–" + Invariant(high.Value) + "s";
        }

        if (high is null)
        {
            return Invariant(low / 60) + "+ min";
        }

        if (low == high)
        {
            return low == 60 ? "1 min" : Invariant(MinutesUp(low)) + " min";
        }

        return Invariant(MinutesUp(low)) + "-" + Invariant(MinutesUp(high.Value)) + " min";
    }

    /// <summary>
    /// The segment selecting the visits of an archived range of <paramref name="segmentName"/>:
    /// <c>name==N</c>, <c>name&gt;=A;name&lt;=B</c> or <c>name&gt;=N</c> for an open range;
    /// <c>visitorType==new</c> for <see cref="RangeBuckets.NewVisitsLabel"/>; null for any other label.
    /// </summary>
    public static string? Segment(string segmentName, string range)
    {
        if (range == RangeBuckets.NewVisitsLabel)
        {
            return "visitorType==new";
        }

        if (!TryParse(range, out var low, out var high))
        {
            return null;
        }

        if (high is null)
        {
            return segmentName + ">=" + Invariant(low);
        }

        return low == high
            ? segmentName + "==" + Invariant(low)
            : segmentName + ">=" + Invariant(low) + ";" + segmentName + "<=" + Invariant(high.Value);
    }

    /// <summary>Reads <c>A-B</c> (high set) or <c>A%2B</c> (high null).</summary>
    private static bool TryParse(string range, out long low, out long? high)
    {
        high = null;
        if (range.EndsWith("%2B", StringComparison.Ordinal))
        {
            return Number(range[..^3], out low);
        }

        var dash = range.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0 && Number(range[..dash], out low) && Number(range[(dash + 1)..], out var upper))
        {
            high = upper;
            return true;
        }

        low = 0;
        return false;
    }

    private static long LowerBound(string? label)
    {
        var text = label ?? "";
        var end = 0;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        return Number(text[..end], out var value) ? value : long.MaxValue;
    }

    private static long MinutesUp(long seconds) => (seconds + 59) / 60;

    private static bool Number(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Format(string format, string value) => string.Format(CultureInfo.InvariantCulture, format, value);
}
