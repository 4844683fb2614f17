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
}

/// <summary>One output format of the Reporting API.</summary>
public interface IApiRenderer
{
    /// <summary>The <c>format</c> value, lower case.</summary>
    string Format { get; }

    RenderedResponse Render(object result, RenderOptions options);

    RenderedResponse RenderError(string message, int statusCode, RenderOptions options);
}
