using System.Collections;
using System.Text;
using Makoto.Core.DataTables;
using Makoto.Reporting.Api;

namespace Makoto.Reporting.Rendering;

/// <summary>
/// <c>format=xml</c>, byte for byte in Matomo's layout: tab indentation, <c>&lt;row&gt;</c> per table
/// row, nested <c>&lt;row idgoal='1'&gt;</c> for goal columns, <c>&lt;results&gt;&lt;result date="…"&gt;</c>
/// for maps, <c>&lt;result /&gt;</c> for an empty table.
/// </summary>
public sealed class XmlRenderer : IApiRenderer
{
    private const string Declaration = "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n";
    private const string ContentType = "text/xml; charset=utf-8";

    public string Format => "xml";

    public RenderedResponse Render(object result, RenderOptions options)
    {
        var xml = new StringBuilder(Declaration);
        RenderTop(xml, result, options);
        return RenderedResponse.Text(xml.ToString(), ContentType);
    }

    public RenderedResponse RenderError(string message, int statusCode, RenderOptions options) =>
        RenderedResponse.Text($"{Declaration}<result>\n\t<error message=\"{Escape(message)}\" />\n</result>", ContentType, statusCode);

    private static void RenderTop(StringBuilder xml, object? result, RenderOptions options)
    {
        switch (result)
        {
            case DataTableMap map:
                xml.Append("<results>\n");
                RenderMapEntries(xml, map, "", options);
                xml.Append("</results>");
                break;
            case DataTable table when table.RowCount == 0:
                xml.Append("<result />");
                break;
            case DataTable table:
                xml.Append("<result>\n");
                RenderTableBody(xml, table, "", options);
                xml.Append("</result>");
                break;
            case ApiValue value:
                var text = Escape(ValueFormat.Text(value.Value) ?? "");
                xml.Append(text.Length == 0 ? "<result />" : $"<result>{text}</result>");
                break;
            case ApiSuccess:
                xml.Append("<result>\n\t<success message=\"ok\" />\n</result>");
                break;
            case IEnumerable and not string when IsEmpty(result):
                xml.Append("<result />");
                break;
            case IEnumerable and not string:
                xml.Append("<result>\n");
                RenderPlain(xml, result!, "\t", root: true);
                xml.Append("</result>");
                break;
            default:
                var scalar = Escape(ValueFormat.Text(result) ?? "");
                xml.Append(scalar.Length == 0 ? "<result />" : $"<result>{scalar}</result>");
                break;
        }
    }

    /// <summary>The rows of a table (or the columns of a simple table), each line prefixed by <paramref name="prefix"/>.</summary>
    private static void RenderTableBody(StringBuilder xml, DataTable table, string prefix, RenderOptions options)
    {
        if (table.IsSimple)
        {
            foreach (var (name, value) in table.Rows[0].Columns)
            {
                Element(xml, prefix + "\t", name, value);
            }

            return;
        }

        foreach (var row in table.AllRows)
        {
            xml.Append(prefix).Append("\t<row>\n");
            var inner = prefix + "\t\t";
            foreach (var (name, value) in row.Columns)
            {
                Element(xml, inner, name, value);
            }

            foreach (var (name, value) in row.Metadata)
            {
                Element(xml, inner, name, value);
            }

            if (row.IdSubtable is { } id && !options.HideIdSubtable)
            {
                Element(xml, inner, "idsubdatatable", id);
            }

            if (options.Expanded && row.Subtable is { RowCount: > 0 } subtable)
            {
                xml.Append(inner).Append("<subtable>\n");
                RenderTableBody(xml, subtable, inner, options);
                xml.Append(inner).Append("</subtable>\n");
            }

            xml.Append(prefix).Append("\t</row>\n");
        }
    }

    private static void RenderMapEntries(StringBuilder xml, DataTableMap map, string prefix, RenderOptions options)
    {
        foreach (var (key, value) in map.Entries)
        {
            var open = $"{prefix}\t<result {map.KeyName}=\"{Escape(key)}\"";
            switch (value)
            {
                case DataTable table when table.RowCount == 0:
                    xml.Append(open).Append(" />\n");
                    break;
                case DataTable table:
                    xml.Append(open).Append(">\n");
                    RenderTableBody(xml, table, prefix + "\t", options);
                    xml.Append(prefix).Append("\t</result>\n");
                    break;
                case DataTableMap inner:
                    xml.Append(open).Append(">\n");
                    RenderMapEntries(xml, inner, prefix + "\t", options);
                    xml.Append(prefix).Append("\t</result>\n");
                    break;
                case ApiValue scalar when string.IsNullOrEmpty(ValueFormat.Text(scalar.Value)):
                    xml.Append(open).Append(" />\n");
                    break;
                case ApiValue scalar:
                    xml.Append(open).Append('>').Append(Escape(ValueFormat.Text(scalar.Value)!)).Append("</result>\n");
                    break;
                default:
                    var text = ValueFormat.Text(value);
                    xml.Append(open).Append(string.IsNullOrEmpty(text) ? " />\n" : $">{Escape(text)}</result>\n");
                    break;
            }
        }
    }

    /// <summary>One column: <c>&lt;name&gt;value&lt;/name&gt;</c>, <c>&lt;name /&gt;</c> when empty, nested rows for goal arrays.</summary>
    private static void Element(StringBuilder xml, string prefix, string name, object? value)
    {
        var (open, close, empty) = Tags(name);
        if (value is IEnumerable<KeyValuePair<string, object?>> nested)
        {
            xml.Append(prefix).Append(open).Append('\n');
            foreach (var (key, item) in nested)
            {
                var attribute = key.IndexOf('=', StringComparison.Ordinal) is var eq and > 0
                    ? $" {key[..eq]}='{Escape(key[(eq + 1)..])}'"
                    : $" key=\"{Escape(key)}\"";
                if (item is IEnumerable<KeyValuePair<string, object?>> inner)
                {
                    xml.Append(prefix).Append("\t<row").Append(attribute).Append(">\n");
                    foreach (var (innerName, innerValue) in inner)
                    {
                        Element(xml, prefix + "\t\t", innerName, innerValue);
                    }

                    xml.Append(prefix).Append("\t</row>\n");
                }
                else
                {
                    Element(xml, prefix + "\t", key, item);
                }
            }

            xml.Append(prefix).Append(close).Append('\n');
            return;
        }

        var text = Escape(ValueFormat.Text(value) ?? "");
        xml.Append(prefix).Append(text.Length == 0 ? empty : open + text + close).Append('\n');
    }

    /// <summary>Matomo's rendering of plain PHP arrays (sites, goals, lists of ids).</summary>
    private static void RenderPlain(StringBuilder xml, object value, string prefix, bool root)
    {
        var isAssociative = PhpValues.IsAssociative(value);
        var entries = PhpValues.Entries(value);
        var wrap = root && isAssociative && entries.Count > 0 && entries.TrueForAll(e => !PhpValues.IsComposite(e.Value));
        if (wrap)
        {
            xml.Append(prefix).Append("<row>\n");
            prefix += "\t";
        }

        foreach (var (key, item) in entries)
        {
            string open, close, empty;
            if (isAssociative && key is not null && !int.TryParse(key, out _))
            {
                (open, close, empty) = Tags(key);
            }
            else if (isAssociative)
            {
                (open, close, empty) = ($"<row key=\"{key}\">", "</row>", $"<row key=\"{key}\"/>");
            }
            else
            {
                (open, close, empty) = ("<row>", "</row>", "<row/>");
            }

            if (PhpValues.IsComposite(item))
            {
                xml.Append(prefix).Append(open).Append('\n');
                RenderPlain(xml, item!, prefix + "\t", root: false);
                xml.Append(prefix).Append(close).Append('\n');
            }
            else
            {
                var text = Escape(ValueFormat.Text(item) ?? "");
                xml.Append(prefix).Append(text.Length == 0 ? empty : open + text + close).Append('\n');
            }
        }

        if (wrap)
        {
            xml.Append(prefix[..^1]).Append("</row>\n");
        }
    }

    private static bool IsEmpty(object? value) => value is IEnumerable items && !items.GetEnumerator().MoveNext();

    private static (string Open, string Close, string Empty) Tags(string name) =>
        IsXmlName(name)
            ? ($"<{name}>", $"</{name}>", $"<{name} />")
            : ($"<col name=\"{Escape(name)}\">", "</col>", $"<col name=\"{Escape(name)}\" />");

    private static bool IsXmlName(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>PHP's htmlspecialchars with ENT_COMPAT: &amp;, &lt;, &gt; and double quotes.</summary>
    public static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"") < 0)
        {
            return text;
        }

        return text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("\"", "&quot;", StringComparison.Ordinal);
    }
}
