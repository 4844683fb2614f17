using System.Text;

namespace Makoto.Reporting.Rendering;

/// <summary>An API answer ready to send.</summary>
public sealed class RenderedResponse
{
    public required string ContentType { get; init; }

    public required byte[] Body { get; init; }

    public int StatusCode { get; init; } = 200;

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static RenderedResponse Text(string text, string contentType, int statusCode = 200) =>
        new() { ContentType = contentType, Body = Encoding.UTF8.GetBytes(text), StatusCode = statusCode };

    public string BodyText => Encoding.UTF8.GetString(Body);
}

/// <summary>Options of one rendering (from the request parameters).</summary>
public sealed class RenderOptions
{
    /// <summary>JSONP callback name (<c>callback</c> / <c>jsoncallback</c>), already validated.</summary>
    public string? Callback { get; init; }

    /// <summary>CSV/TSV: UTF-16LE with a byte-order mark (Matomo's default) rather than UTF-8.</summary>
    public bool ConvertToUnicode { get; init; } = true;

    /// <summary>Render the subtables of rows inline (<c>expanded=1</c>).</summary>
    public bool Expanded { get; init; }

    /// <summary>Omit <c>idsubdatatable</c> (flat tables, CSV).</summary>
    public bool HideIdSubtable { get; init; }

    /// <summary>The API method (<c>Module.action</c>): the id of the html table.</summary>
    public string? Method { get; init; }

    /// <summary>Column headers for people (<c>translateColumnNames=1</c> on a report), or null for the column ids.</summary>
    public Func<string, string>? ColumnName { get; init; }

    /// <summary><c>format=original</c>: PHP's serialize text (<c>serialize=1</c>) rather than its printed form.</summary>
    public bool Serialize { get; init; }

    /// <summary>The server's base URL ending in <c>/</c> (links of the rss items).</summary>
    public string ServerUrl { get; init; } = "";

    /// <summary>The <c>idSite</c> and <c>period</c> of the request (links of the rss items).</summary>
    public string IdSite { get; init; } = "";

    public string Period { get; init; } = "";

    /// <summary>The name of the requested website (titles of the rss items), empty when there is none.</summary>
    public string SiteName { get; init; } = "";
}

/// <summary>One output format of the Reporting API.</summary>
public interface IApiRenderer
{
    /// <summary>The <c>format</c> value, lower case.</summary>
    string Format { get; }

    RenderedResponse Render(object result, RenderOptions options);

    RenderedResponse RenderError(string message, int statusCode, RenderOptions options);
}
