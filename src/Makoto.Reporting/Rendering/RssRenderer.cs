using System.Globalization;
using System.Text;
using Makoto.Core.DataTables;
using Makoto.Reporting.Api;

namespace Makoto.Reporting.Rendering;

/// <summary>
/// <c>format=rss</c> as Matomo writes it: only for several periods of one website (<c>date=last7</c>…),
/// an RSS 2.0 channel with one <c>&lt;item&gt;</c> per period, most recent first, whose description is
/// the period's table as escaped HTML. Anything else is Matomo's error asking for one website and a
/// date range; errors are <c>Error: message</c> as plain text.
/// </summary>
public sealed class RssRenderer(TimeProvider clock) : IApiRenderer
{
    private const string NotAFeed =
        "RSS feeds can be generated for one specific website &idSite=X.\nPlease specify only one idSite or consider using &format=XML instead.";

    public string Format => "rss";

    public RenderedResponse Render(object result, RenderOptions options)
    {
        if (result is ApiSuccess)
        {
            return RenderedResponse.Text("Success:ok", "text/xml; charset=utf-8");
        }

        if (result is not DataTableMap { KeyName: "date" } map)
        {
            throw new ApiException(NotAFeed);
        }

        var now = Rfc2822(clock.GetUtcNow());
        var baseUrl = options.ServerUrl.TrimEnd('/') + "/";
        var query = $"?module=CoreHome&action=index&idSite={options.IdSite}&period={options.Period}";
        var items = new StringBuilder();
        foreach (var (date, value) in map.Entries.Reverse())
        {
            var start = PeriodStart(date);
            var link = Sanitize($"{baseUrl}{query}&date={start:yyyy-MM-dd}");
            items.Append("\t<item>\n")
                .Append("\t\t<pubDate>").Append(Rfc2822(new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))).Append("</pubDate>\n")
                .Append("\t\t<guid>").Append(link).Append("</guid>\n")
                .Append("\t\t<link>").Append(link).Append("</link>\n")
                .Append("\t\t<title>").Append(options.SiteName).Append(" on ").Append(date).Append("</title>\n")
                .Append("\t\t<author>https://matomo.org</author>\n")
                .Append("\t\t<description>").Append(Sanitize(TableHtml(value, options))).Append("</description>\n")
                .Append("\t</item>\n");
        }

        var rss = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n  <channel>\n"
            + "    <title>matomo statistics - RSS</title>\n"
            + "    <link>https://matomo.org</link>\n"
            + "    <description>Matomo RSS feed</description>\n"
            + $"    <pubDate>{now}</pubDate>\n"
            + "    <generator>matomo</generator>\n"
            + "    <language>en</language>\n"
            + $"    <lastBuildDate>{now}</lastBuildDate>\n"
            + items
            + "\t</channel>\n</rss>";
        return RenderedResponse.Text(rss, "text/xml; charset=utf-8");
    }

    public RenderedResponse RenderError(string message, int statusCode, RenderOptions options) =>
        RenderedResponse.Text("Error: " + message, "text/plain; charset=utf-8", statusCode);

    /// <summary>The first day of a period key: <c>2024-05-01</c>, <c>2024-04-29,2024-05-05</c>, <c>2024-05</c>, <c>2024</c>.</summary>
    private static DateOnly PeriodStart(string key)
    {
        var first = key.Split(',')[0];
        return first.Length switch
        {
            4 => new DateOnly(int.Parse(first, CultureInfo.InvariantCulture), 1, 1),
            7 => DateOnly.ParseExact(first + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => DateOnly.ParseExact(first, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>PHP's <c>date('r')</c> in UTC: <c>Wed, 01 May 2024 00:00:00 +0000</c>.</summary>
    private static string Rfc2822(DateTimeOffset time) =>
        time.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture) + " +0000";

    /// <summary>Matomo's input sanitizing of the item fields: line breaks removed, HTML special characters and quotes escaped.</summary>
    private static string Sanitize(string text) =>
        XmlRenderer.Escape(text.Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal))
            .Replace("'", "&#039;", StringComparison.Ordinal);

    /// <summary>One period's table: a bold header row and a row per table row (array columns such as goals are left out).</summary>
    private static string TableHtml(object value, RenderOptions options)
    {
        var table = value switch
        {
            DataTable t => t,
            ApiValue scalar => ScalarTable(scalar.Value),
            _ => throw new ApiException(NotAFeed),
        };
        if (table.RowCount == 0)
        {
            return "<b><i>Empty table</i></b><br />\n";
        }

        var columns = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in table.AllRows)
        {
            foreach (var (name, cell) in row.Columns)
            {
                if (!PhpValues.IsComposite(cell) && seen.Add(name))
                {
                    columns.Add(name);
                }
            }
        }

        var html = new StringBuilder("\n<table border=1 width=70%>\n<tr>");
        foreach (var name in columns)
        {
            html.Append("\n\t<td><b>").Append(options.ColumnName?.Invoke(name) ?? name).Append("</b></td>");
        }

        html.Append("\n</tr>");
        foreach (var row in table.AllRows)
        {
            html.Append("\n\n<tr>");
            foreach (var name in columns)
            {
                var cell = row.Columns.TryGetValue(name, out var v) && v is not null && !PhpValues.IsComposite(v)
                    ? Uri.UnescapeDataString((ValueFormat.Text(v) ?? "").Replace('+', ' '))
                    : "-";
                html.Append("\n\t<td>").Append(cell).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("\n\n</table>");
        return html.ToString();
    }

    private static DataTable ScalarTable(object? value)
    {
        var table = new DataTable();
        var row = new DataRow();
        row.Columns["value"] = value;
        table.Rows.Add(row);
        return table;
    }
}
