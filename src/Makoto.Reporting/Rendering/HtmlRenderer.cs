using System.Text;
using Makoto.Core.DataTables;
using Makoto.Reporting.Api;

namespace Makoto.Reporting.Rendering;

/// <summary>
/// <c>format=html</c> as Matomo writes it: one <c>&lt;table id="Module_method" border="1"&gt;</c> with a
/// header of every column, a cell of <c>-</c> where a row lacks a column, row metadata in a
/// <c>_metadata</c> column and subtable ids in <c>_idSubtable</c>; a multi-period or multi-site answer
/// is one table with a leading <c>_date</c> / <c>_idSite</c> column. Errors are the message as plain
/// text with line breaks as <c>&lt;br /&gt;</c>.
/// </summary>
public sealed class HtmlRenderer : IApiRenderer
{
    private const string ContentType = "text/html; charset=utf-8";

    public string Format => "html";

    public RenderedResponse Render(object result, RenderOptions options) =>
        result is ApiSuccess
            ? RenderedResponse.Text("<!-- Success: ok -->", ContentType)
            : RenderedResponse.Text(Table(result, options.Method?.Replace('.', '_'), options), ContentType);

    public RenderedResponse RenderError(string message, int statusCode, RenderOptions options) =>
        RenderedResponse.Text(message.Replace("\n", "<br />\n", StringComparison.Ordinal), "text/plain; charset=utf-8", statusCode);

    /// <summary>The HTML table of an answer; <paramref name="tableId"/> null leaves the <c>id</c> out.</summary>
    public static string Table(object result, string? tableId, RenderOptions options)
    {
        var structure = new TableStructure();
        switch (result)
        {
            case DataTableMap map:
                foreach (var (key, value) in map.Entries)
                {
                    var table = value switch
                    {
                        DataTable t => t,
                        ApiValue scalar => ValueTable(scalar.Value),
                        _ => throw new ApiException(
                            "The html format can show one period of several websites or several periods of one website, not both at once: ask for format=json or format=xml."),
                    };
                    if (table.RowCount > 0)
                    {
                        structure.Add(table, "_" + map.KeyName, key, options);
                    }
                }

                break;
            case DataTable table:
                if (table.RowCount > 0)
                {
                    structure.Add(table, null, null, options);
                }

                break;
            case ApiValue scalar:
                structure.Add(ValueTable(scalar.Value), null, null, options);
                break;
            default:
                var plain = PlainTable(result);
                if (plain.RowCount > 0)
                {
                    structure.Add(plain, null, null, options);
                }

                break;
        }

        return structure.Render(tableId, options);
    }

    private static DataTable ValueTable(object? value)
    {
        var table = new DataTable();
        var row = new DataRow();
        row.Columns["0"] = value;
        table.Rows.Add(row);
        return table;
    }

    /// <summary>
    /// A plain answer as Matomo turns a PHP array into a table: an object of scalars is one row, a list
    /// of scalars one row per item, a list of objects one row per object; an object holding objects or
    /// lists, and a list of lists holding lists, cannot be shown as a table.
    /// </summary>
    private static DataTable PlainTable(object? plain)
    {
        var table = new DataTable();
        if (!PhpValues.IsComposite(plain))
        {
            return ValueTable(plain);
        }

        var entries = PhpValues.Entries(plain);
        if (entries.Exists(e => e.Value is DataTable or DataTableMap))
        {
            throw PhpValues.HoldsReports();
        }

        if (entries.TrueForAll(e => !PhpValues.IsComposite(e.Value)))
        {
            if (!PhpValues.IsAssociative(plain) || IsList(entries))
            {
                foreach (var (_, value) in entries)
                {
                    table.Rows.Add(ValueTable(value).Rows[0]);
                }
            }
            else if (entries.Count > 0)
            {
                table.Rows.Add(RowOf(entries));
            }

            return table;
        }

        for (var i = 0; i < entries.Count; i++)
        {
            var (key, value) = entries[i];
            var phpKey = PhpValues.PhpKey(key, i);
            if (PhpValues.IsComposite(value))
            {
                var inner = PhpValues.Entries(value);
                // Objects are rows even when they hold lists: Matomo answers those (the visitor log) with a
                // table whose array cells it prints with var_export.
                if (phpKey is string || (!PhpValues.IsAssociative(value) && !inner.TrueForAll(e => !PhpValues.IsComposite(e.Value))))
                {
                    throw new ApiException(
                        "Data structure returned is not convertible in the requested format: this method's answer holds nested lists. Ask for format=json or format=xml instead.");
                }

                table.Rows.Add(RowOf(inner));
            }
            else
            {
                var row = new DataRow();
                row.Columns[phpKey.ToString()!] = value;
                table.Rows.Add(row);
            }
        }

        return table;
    }

    private static bool IsList(List<(string? Key, object? Value)> entries)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (!Equals(PhpValues.PhpKey(entries[i].Key, i), (long)i) && entries[i].Key is not null)
            {
                return false;
            }
        }

        return true;
    }

    private static DataRow RowOf(List<(string? Key, object? Value)> entries)
    {
        var row = new DataRow();
        for (var i = 0; i < entries.Count; i++)
        {
            row.Columns[PhpValues.PhpKey(entries[i].Key, i).ToString()!] = entries[i].Value;
        }

        return row;
    }

    /// <summary>A cell: <c>-</c> when absent, arrays as PHP's var_export in <c>&lt;pre&gt;</c>, text escaped.</summary>
    private static string Cell(object? value) => value switch
    {
        null => "-",
        false => "0",
        _ when PhpValues.IsComposite(value) => "<pre>" + XmlRenderer.Escape(PhpValues.VarExport(value)) + "</pre>",
        _ => XmlRenderer.Escape(ValueFormat.Text(value) ?? ""),
    };

    /// <summary>Matomo's "table structure": the union of columns in first-seen order and one cell map per row.</summary>
    private sealed class TableStructure
    {
        private readonly OrderedDictionary<string, bool> _columns = new(StringComparer.Ordinal);
        private readonly List<Dictionary<string, object?>> _rows = [];

        public void Add(DataTable table, string? keyColumn, string? keyValue, RenderOptions options)
        {
            var someMetadata = false;
            var someIdSubtable = false;
            foreach (var row in table.AllRows)
            {
                var cells = new Dictionary<string, object?>(StringComparer.Ordinal);
                if (keyColumn is not null)
                {
                    _columns[keyColumn] = true;
                    cells[keyColumn] = keyValue;
                }

                foreach (var (name, value) in row.Columns)
                {
                    _columns[name] = true;
                    cells[name] = value;
                }

                if (row.Metadata.Count > 0)
                {
                    someMetadata = true;
                    cells["_metadata"] = string.Join("<br />", row.Metadata.Select(m => $"'{m.Key}' => {MetadataText(m.Value)}"));
                }

                if (row.IdSubtable is { } id && !options.HideIdSubtable)
                {
                    someIdSubtable = true;
                    cells["_idSubtable"] = id;
                }

                _rows.Add(cells);
            }

            // As in Matomo, the last table decides whether the two extra columns show.
            _columns["_metadata"] = someMetadata;
            _columns["_idSubtable"] = someIdSubtable;
        }

        private static string MetadataText(object? value) => value switch
        {
            string text => $"'{text}'",
            _ when PhpValues.IsComposite(value) => PhpValues.VarExport(value),
            _ => ValueFormat.Text(value) ?? "",
        };

        public string Render(string? tableId, RenderOptions options)
        {
            var html = new StringBuilder("<table ");
            if (!string.IsNullOrEmpty(tableId))
            {
                html.Append("id=\"").Append(tableId).Append("\" ");
            }

            html.Append("border=\"1\">\n<thead>\n\t<tr>\n");
            foreach (var (name, shown) in _columns)
            {
                if (shown)
                {
                    var header = name == "0" ? "value" : name;
                    html.Append("\t\t<th>").Append(options.ColumnName?.Invoke(header) ?? header).Append("</th>\n");
                }
            }

            html.Append("\t</tr>\n</thead>\n<tbody>\n");
            foreach (var row in _rows)
            {
                html.Append("\t<tr>\n");
                foreach (var (name, shown) in _columns)
                {
                    if (shown)
                    {
                        html.Append("\t\t<td>").Append(Cell(row.GetValueOrDefault(name))).Append("</td>\n");
                    }
                }

                html.Append("\t</tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
            return html.ToString();
        }
    }
}
