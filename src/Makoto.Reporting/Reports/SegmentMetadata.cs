using System.Text;
using Makoto.Core.DataTables;

namespace Makoto.Reporting.Reports;

/// <summary>
/// The <c>segment</c> metadata Matomo gives report rows (its AddSegmentValue and AddSegmentBySegmentValue
/// filters): <c>name==value</c>, the value encoded as PHP's <c>urlencode</c> does.
/// </summary>
public static class SegmentMetadata
{
    /// <summary>The segment condition <c>name==urlencode(value)</c>.</summary>
    public static string Condition(string name, string value) => name + "==" + UrlEncode(value);

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

    /// <summary>
    /// PHP's <c>urlencode</c>: letters, digits and <c>-_.</c> stay, a space becomes <c>+</c>, every other
    /// byte of the UTF-8 text becomes <c>%XX</c> (upper-case hex).
    /// </summary>
    public static string UrlEncode(string value)
    {
        var builder = new StringBuilder(value.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'-' or (byte)'_' or (byte)'.')
            {
                builder.Append((char)b);
            }
            else if (b == (byte)' ')
            {
                builder.Append('+');
            }
            else
            {
                builder.Append('%').Append("0123456789ABCDEF"[b >> 4]).Append("0123456789ABCDEF"[b & 0xF]);
            }
        }

        return builder.ToString();
    }
}
