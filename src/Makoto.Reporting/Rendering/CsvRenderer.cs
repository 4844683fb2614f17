using System.Collections;
using System.Text;
using Makoto.Core.DataTables;
using Makoto.Reporting.Api;

namespace Makoto.Reporting.Rendering;

/// <summary>
/// <c>format=csv</c> and <c>format=tsv</c>: a header of every column (nested goal arrays flattened to
/// <c>goals_idgoal=1_nb_conversions</c>, metadata as <c>metadata_*</c>), one line per row, a leading
/// <c>date</c>/<c>idSite</c> column for maps; UTF-16LE with a byte-order mark unless
/// <c>convertToUnicode=0</c>, as Matomo writes it for spreadsheets; headers for people with
/// <c>translateColumnNames=1</c>.
/// </summary>
public sealed class CsvRenderer(string format, char separator) : IApiRenderer
{
    public static CsvRenderer Csv { get; } = new("csv", ',');

    public static CsvRenderer Tsv { get; } = new("tsv", '\t');

    public string Format { get; } = format;

    public RenderedResponse Render(object result, RenderOptions options)
    {
        var text = RenderText(result);
        if (text.Length == 0)
        {
            text = "No data available";
        }
        else if (options.ColumnName is { } columnName)
        {
            var end = text.IndexOf('\n', StringComparison.Ordinal);
            var header = end < 0 ? text : text[..end];
            text = string.Join(separator, header.Split(separator).Select(columnName)) + (end < 0 ? "" : text[end..]);
        }

        var response = new RenderedResponse
        {
            ContentType = options.ConvertToUnicode
                ? $"{MimeType}; charset=UTF-16LE"
                : $"{MimeType}; charset=utf-8",
            Body = options.ConvertToUnicode ? Utf16WithBom(text) : Encoding.UTF8.GetBytes(text),
        };
        response.Headers["Content-Disposition"] = $"attachment; filename=export.{Format}";
        return response;
    }

    public RenderedResponse RenderError(string message, int statusCode, RenderOptions options) =>
        RenderedResponse.Text("Error: " + message, "text/plain; charset=utf-8", statusCode);

    private string MimeType => Format == "tsv" ? "text/tab-separated-values" : "text/csv";

    internal string RenderText(object? result)
    {
        switch (result)
        {
            case DataTableMap map:
                return RenderMap(map);
            case DataTable table:
                return RenderTable(table);
            case ApiValue value:
                return "value\n" + FormatValue(value.Value);
            case ApiSuccess:
                return "message\nok";
            case IEnumerable and not string:
                return RenderTable(PlainTable(result!));
            default:
                return "value\n" + FormatValue(result);
        }
    }

    private string RenderMap(DataTableMap map)
    {
        string? header = null;
        var body = new StringBuilder();
        foreach (var (key, value) in map.Entries)
        {
            var lines = RenderText(value).Split('\n');
            if (lines.Length < 2 || (lines.Length == 2 && lines[0] == "value" && lines[1].Length == 0))
            {
                continue;
            }

            header ??= map.KeyName + separator + lines[0];
            for (var i = 1; i < lines.Length; i++)
            {
                body.Append('\n').Append(FormatValue(key)).Append(separator).Append(lines[i]);
            }
        }

        return header is null ? "" : header + body;
    }

    private string RenderTable(DataTable table)
    {
        if (table.IsSimple && table.Rows.Count == 1 && table.Rows[0].Columns.Count == 1 && table.Rows[0].Metadata.Count == 0)
        {
            return "value\n" + FormatValue(table.Rows[0].Columns.GetAt(0).Value);
        }

        var columns = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var rows = new List<Dictionary<string, object?>>();
        foreach (var row in table.AllRows)
        {
            var line = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (name, value) in row.Columns)
            {
                if (value is IEnumerable<KeyValuePair<string, object?>> nested)
                {
                    foreach (var (key, sub) in nested)
                    {
                        if (sub is IEnumerable<KeyValuePair<string, object?>> subValues)
                        {
                            foreach (var (subKey, subValue) in subValues)
                            {
                                Add(line, columns, seen, $"{name}_{key}_{subKey}", subValue);
                            }
                        }
                        else
                        {
                            Add(line, columns, seen, $"{name}_{key}", sub);
                        }
                    }
                }
                else
                {
                    Add(line, columns, seen, name, value);
                }
            }

            foreach (var (name, value) in row.Metadata)
            {
                Add(line, columns, seen, "metadata_" + name, value);
            }

            rows.Add(line);
        }

        if (rows.Count == 0)
        {
            return "";
        }

        var csv = new StringBuilder();
        csv.AppendJoin(separator, columns);
        foreach (var line in rows)
        {
            csv.Append('\n');
            for (var i = 0; i < columns.Count; i++)
            {
                if (i > 0)
                {
                    csv.Append(separator);
                }

                csv.Append(FormatValue(line.GetValueOrDefault(columns[i])));
            }
        }

        return csv.ToString();
    }

    private static void Add(Dictionary<string, object?> line, List<string> columns, HashSet<string> seen, string name, object? value)
    {
        if (seen.Add(name))
        {
            columns.Add(name);
        }

        line[name] = value;
    }

    /// <summary>A plain answer (list of objects, or one object) as a table.</summary>
    private static DataTable PlainTable(object plain)
    {
        var table = new DataTable();
        if (plain is IEnumerable<KeyValuePair<string, object?>> single)
        {
            table.Rows.Add(RowOf(single));
            return table;
        }

        foreach (var item in (IEnumerable)plain)
        {
            if (item is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                table.Rows.Add(RowOf(pairs));
            }
            else
            {
                var row = new DataRow();
                row.Columns["value"] = item;
                table.Rows.Add(row);
            }
        }

        return table;
    }

    private static DataRow RowOf(IEnumerable<KeyValuePair<string, object?>> pairs)
    {
        var row = new DataRow();
        foreach (var (key, value) in pairs)
        {
            row.Columns[key] = value is IEnumerable and not string ? null : value;
        }

        return row;
    }

    /// <summary>
    /// Quotes values holding a quote, the separator, a comma, a semicolon or a line break; a text that a
    /// spreadsheet would run as a formula (starting with = + - @) gets a leading apostrophe.
    /// </summary>
    private string FormatValue(object? value)
    {
        var text = ValueFormat.Text(value) ?? "";
        if (!ValueFormat.IsNumber(value) && text.Length > 0 && text[0] is '=' or '+' or '-' or '@' && !double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            text = "'" + text;
        }

        if (text.AsSpan().IndexOfAny(['"', separator, ',', ';', '\n', '\r']) >= 0)
        {
            text = "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        }

        return text;
    }

    private static byte[] Utf16WithBom(string text)
    {
        var body = Encoding.Unicode.GetBytes(text);
        var result = new byte[body.Length + 2];
        result[0] = 0xFF;
        result[1] = 0xFE;
        body.CopyTo(result, 2);
        return result;
    }
}
