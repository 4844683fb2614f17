using Makoto.Core.DataTables;
using Makoto.Reporting.Api;

namespace Makoto.Reporting.Rendering;

/// <summary>
/// <c>format=original</c>, which in Matomo hands PHP code its internal objects. Over HTTP Matomo prints
/// what PHP makes of them, and so does this renderer: a report as the HTML table of its text form, a
/// plain answer as PHP's <c>var_export</c> (text/plain), a scalar as its text, an error as its message.
/// With <c>serialize=1</c> plain answers, scalars and errors are PHP's <c>serialize</c> text; a report
/// then is a serialized <c>Piwik\DataTable</c> object in Matomo, which has no meaning outside Matomo's
/// PHP code, so it is answered with a serialized error pointing to json or xml.
/// </summary>
public sealed class OriginalRenderer : IApiRenderer
{
    private const string PlainText = "text/plain; charset=utf-8";

    public string Format => "original";

    public RenderedResponse Render(object result, RenderOptions options)
    {
        if (result is ApiSuccess)
        {
            // Matomo's original renderer answers success with PHP's true, which prints as 1.
            return RenderedResponse.Text("1", "text/html; charset=utf-8");
        }

        if (options.Serialize)
        {
            if (result is DataTable or DataTableMap)
            {
                return RenderError(
                    "format=original&serialize=1 returns Matomo's internal PHP report object (Piwik\\DataTable), which only Matomo's own PHP code can read. Ask for format=json or format=xml to get this report.",
                    200,
                    options);
            }

            return RenderedResponse.Text(PhpValues.Serialize(Plain(result)), PlainText);
        }

        return result switch
        {
            DataTable or DataTableMap => RenderedResponse.Text(HtmlRenderer.Table(result, null, options), "text/html; charset=utf-8"),
            ApiValue value => RenderedResponse.Text(Echo(value.Value), "text/html; charset=utf-8"),
            _ when PhpValues.IsComposite(result) => RenderedResponse.Text(PhpValues.VarExport(result), PlainText),
            _ => RenderedResponse.Text(Echo(result), "text/html; charset=utf-8"),
        };
    }

    public RenderedResponse RenderError(string message, int statusCode, RenderOptions options) =>
        options.Serialize
            ? RenderedResponse.Text(PhpValues.Serialize(new PlainObject { ["result"] = "error", ["message"] = message }), PlainText, statusCode)
            : RenderedResponse.Text(message, PlainText, statusCode);

    private static object? Plain(object result) => result is ApiValue value ? value.Value : result;

    /// <summary>PHP's echo of a scalar: true is 1, false and null are empty.</summary>
    private static string Echo(object? value) => value switch
    {
        null or false => "",
        _ => ValueFormat.Text(value) ?? "",
    };
}
