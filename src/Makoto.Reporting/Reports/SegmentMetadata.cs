using Makoto.Core.DataTables;
using Makoto.Core.Segments;

namespace Makoto.Reporting.Reports;

/// <summary>
/// The <c>segment</c> metadata Matomo gives report rows (its AddSegmentValue and AddSegmentBySegmentValue
/// filters): <c>name==value</c>, the value encoded as PHP's <c>urlencode</c> does (<see cref="PhpUrl.Encode"/>).
/// </summary>
public static class SegmentMetadata
{
    /// <summary>The segment condition <c>name==urlencode(value)</c>.</summary>
    public static string Condition(string name, string value) => name + "==" + PhpUrl.Encode(value);

    /// <summary>
    /// Sets <c>segment</c> on every row of <paramref name="table"/> (not on its subtables nor on the summary
    /// row) from its label; <paramref name="value"/> maps a label to the segment value, null for none.
    /// </summary>
    public static void Add(DataTable table, string name, Func<string, string?>? value = null)
    {
        foreach (var row in table.Rows)
        {
            if (row.Label is { } label && (value is null ? label : value(label)) is { } segmentValue)
            {
                row.Metadata["segment"] = Condition(name, segmentValue);
            }
        }
    }
}
