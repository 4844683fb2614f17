using System.Collections;
using System.Text;
using System.Text.Json;
using Makoto.Core.DataTables;
using Makoto.Reporting.Api;

namespace Makoto.Reporting.Rendering;

/// <summary>
/// <c>format=json</c>: a simple table is an object, a list table an array of row objects (columns,
/// then metadata, then <c>idsubdatatable</c>, then <c>subtable</c>), a map an object keyed by date
/// or site, an empty table <c>[]</c>.
/// </summary>
public sealed class JsonRenderer : IApiRenderer
{
    public string Format => "json";

    public RenderedResponse Render(object result, RenderOptions options)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteResult(writer, result, options);
        }

        return Finish(buffer.ToArray(), options, 200);
    }

    public RenderedResponse RenderError(string message, int statusCode, RenderOptions options)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("result", "error");
            writer.WriteString("message", message.Replace('\n', ' ').Replace("\r", "", StringComparison.Ordinal));
            writer.WriteEndObject();
        }

        return Finish(buffer.ToArray(), options, statusCode);
    }

    private static RenderedResponse Finish(byte[] json, RenderOptions options, int statusCode)
    {
        if (options.Callback is { Length: > 0 } callback)
        {
            var wrapped = Encoding.UTF8.GetBytes(callback + "(").Concat(json).Concat(")"u8.ToArray()).ToArray();
            return new RenderedResponse { ContentType = "application/javascript; charset=utf-8", Body = wrapped, StatusCode = statusCode };
        }

        return new RenderedResponse { ContentType = "application/json; charset=utf-8", Body = json, StatusCode = statusCode };
    }

    private static void WriteResult(Utf8JsonWriter writer, object? result, RenderOptions options)
    {
        switch (result)
        {
            case DataTable table:
                WriteTable(writer, table, options);
                break;
            case DataTableMap map:
                writer.WriteStartObject();
                foreach (var (key, value) in map.Entries)
                {
                    // Inside a map a single value is the bare scalar: getVisits for idSite=1,3 is {"1":45,"3":7}.
                    writer.WritePropertyName(key);
                    WriteResult(writer, value is ApiValue single ? single.Value : value, options);
                }

                writer.WriteEndObject();
                break;
            case ApiValue value:
                writer.WriteStartObject();
                writer.WritePropertyName("value");
                WriteValue(writer, value.Value, options);
                writer.WriteEndObject();
                break;
            case ApiSuccess:
                writer.WriteStartObject();
                writer.WriteString("result", "success");
                writer.WriteString("message", "ok");
                writer.WriteEndObject();
                break;
            default:
                WriteValue(writer, result, options);
                break;
        }
    }

    private static void WriteTable(Utf8JsonWriter writer, DataTable table, RenderOptions options)
    {
        if (table.IsSimple)
        {
            if (table.Rows.Count == 0)
            {
                writer.WriteStartArray();
                writer.WriteEndArray();
                return;
            }

            WriteRow(writer, table.Rows[0], options);
            return;
        }

        writer.WriteStartArray();
        foreach (var row in table.AllRows)
        {
            WriteRow(writer, row, options);
        }

        writer.WriteEndArray();
    }

    private static void WriteRow(Utf8JsonWriter writer, DataRow row, RenderOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in row.Columns)
        {
            writer.WritePropertyName(name);
            WriteValue(writer, value, options);
        }

        foreach (var (name, value) in row.Metadata)
        {
            writer.WritePropertyName(name);
            WriteValue(writer, value, options);
        }

        if (row.IdSubtable is { } id && !options.HideIdSubtable)
        {
            writer.WriteNumber("idsubdatatable", id);
        }

        if (options.Expanded && row.Subtable is { } subtable)
        {
            writer.WritePropertyName("subtable");
            WriteTable(writer, subtable, options);
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value, RenderOptions options)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case int or long or double or float or decimal:
                writer.WriteRawValue(ValueFormat.JsonNumber(value));
                break;
            case DataTable or DataTableMap or ApiValue or ApiSuccess:
                WriteResult(writer, value, options);
                break;
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture)!);
                    WriteValue(writer, entry.Value, options);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                writer.WriteStartObject();
                foreach (var (key, item) in pairs)
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, item, options);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(writer, item, options);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(ValueFormat.Text(value));
                break;
        }
    }
}
