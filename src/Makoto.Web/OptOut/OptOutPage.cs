using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Makoto.Reporting.Api;
using Microsoft.AspNetCore.WebUtilities;
using Makoto.Web.Tracker;

namespace Makoto.Web.OptOut;

/// <summary>
/// The visitor opt-out (js-tracker.md §3.3) under <c>index.php?module=CoreAdminHome</c>:
/// <list type="bullet">
/// <item><c>action=optOut</c>, the page embedded in an iframe: a checkbox that sets or removes the
/// <c>matomo_ignore</c> cookie on this server's domain (hits carrying it are excluded, tracking-api.md §5),
/// and tells the embedding page's tracker the choice by <c>postMessage</c>.</item>
/// <item><c>action=optOutJS</c>, a script that renders the form into a div of the page and records the
/// choice in first-party cookies, through the page's tracker when there is one.</item>
/// </list>
/// </summary>
public sealed partial class OptOutPage
{
    public const string IgnoreCookie = "matomo_ignore";
    private const string LegacyIgnoreCookie = "piwik_ignore";

    /// <summary>The form's sentences (English; the <c>language</c> parameter is accepted and ignored).</summary>
    private static readonly Dictionary<string, string> s_text = new(StringComparer.Ordinal)
    {
        ["introCounted"] = "This website measures its audience with web analytics. You can choose not to be counted: your visits are then no longer recorded, and no analytics cookie identifies your browser.",
        ["introOptedOut"] = "You have opted out: your visits to this website are no longer recorded by its web analytics. The choice is kept in a cookie; if you delete your cookies, or use another browser or device, opt out again there.",
        ["labelCounted"] = "Your visits are counted. Uncheck this box to opt out.",
        ["labelOptedOut"] = "Your visits are not counted. Check this box to be counted again.",
        ["noCookies"] = "Cookies are turned off in your browser, so an opt-out cannot be remembered. Turn cookies on for this website to opt out.",
        ["notHttps"] = "This page is not served over HTTPS, so your choice is kept in a cookie without the Secure flag.",
        ["noDiv"] = "The opt-out form cannot be shown: this page has no element with the id given in divId.",
    };

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = false };

    private readonly byte[] _nonceKey = RandomNumberGenerator.GetBytes(32);
    private readonly TrackerScripts _scripts;
    private readonly TimeProvider _clock;

    public OptOutPage(TrackerScripts scripts, TimeProvider clock)
    {
        _scripts = scripts;
        _clock = clock;
    }

    /// <summary>Whether an index.php request is one of the opt-out actions.</summary>
    public static bool Handles(ApiParameters parameters) =>
        parameters["module"] == "CoreAdminHome" && parameters["action"] is "optOut" or "optOutJS";

    public async Task HandleAsync(HttpContext context, ApiParameters parameters)
    {
        string style;
        try
        {
            style = Style(parameters);
        }
        catch (ArgumentException error)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(error.Message);
            return;
        }

        if (parameters["action"] == "optOutJS")
        {
            await WriteScript(context, parameters, style);
        }
        else
        {
            await WritePage(context, parameters, style);
        }
    }

    private async Task WritePage(HttpContext context, ApiParameters parameters, string style)
    {
        var request = context.Request;
        var counted = !request.Cookies.ContainsKey(IgnoreCookie) && !request.Cookies.ContainsKey(LegacyIgnoreCookie);
        var changed = false;
        if (HttpMethods.IsPost(request.Method) && parameters["trackVisits"] is "0" or "1" && NonceIsValid(parameters["nonce"]))
        {
            counted = parameters["trackVisits"] == "1";
            SetIgnoreCookie(context, optedOut: !counted);
            changed = true;
        }

        var showIntro = parameters.GetInt("showIntro") is not 0;
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Web analytics opt-out</title>");
        page.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        page.Append("<style>body { margin: 0; padding: 8px; font-family: sans-serif; ").Append(style).Append("}</style></head><body>");
        page.Append("<form method=\"post\" action=\"").Append(E(FormAction(request))).Append("\">");
        page.Append("<input type=\"hidden\" name=\"nonce\" value=\"").Append(Nonce()).Append("\">");
        page.Append("<input type=\"hidden\" name=\"trackVisits\" id=\"trackVisitsValue\" value=\"").Append(counted ? "0" : "1").Append("\">");
        if (showIntro)
        {
            page.Append("<p id=\"intro\">").Append(E(s_text[counted ? "introCounted" : "introOptedOut"])).Append("</p>");
        }

        page.Append("<input type=\"checkbox\" id=\"trackVisits\" onchange=\"this.form.submit()\"").Append(counted ? " checked" : "").Append('>');
        page.Append("<label for=\"trackVisits\"><strong id=\"label\">").Append(E(s_text[counted ? "labelCounted" : "labelOptedOut"])).Append("</strong></label>");
        page.Append("<noscript><p><button type=\"submit\">").Append(counted ? "Opt out" : "Be counted again").Append("</button></p></noscript>");
        page.Append("</form>");
        AppendFrameScript(page, counted, changed);
        page.Append("</body></html>\n");

        var response = context.Response;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        await response.WriteAsync(page.ToString());
    }

    /// <summary>
    /// The iframe's side of Matomo's postMessage protocol with the embedding page's tracker (tracker/src/index.js,
    /// answerOptOutMessage): a choice just made is sent as <c>maq_opted_in</c>, so that the page's trackers keep it
    /// in the site's own cookies; then the page is asked (<c>maq_initial_value</c>, every 150 ms until a tracker
    /// answers, for up to 3 minutes) for the visitor's state, which the form then shows. Where the browser blocks
    /// this server's cookie in a frame of another site (third-party cookies), the form still shows, and changes,
    /// the choice kept by the site.
    /// </summary>
    private static void AppendFrameScript(StringBuilder page, bool counted, bool changed)
    {
        var texts = JsonSerializer.Serialize(new Dictionary<string, string[]>
        {
            ["counted"] = [s_text["introCounted"], s_text["labelCounted"]],
            ["optedOut"] = [s_text["introOptedOut"], s_text["labelOptedOut"]],
        }, s_json);
        var state = counted ? "true" : "false";
        page.Append("<script>(function () {\n")
            .Append("var texts = ").Append(texts).Append(", counted = ").Append(state).Append(";\n")
            .Append("""
                if (window.parent === window) { return; }
                function show(value) {
                    var text = texts[value ? 'counted' : 'optedOut'], intro = document.getElementById('intro');
                    document.getElementById('trackVisits').checked = value;
                    document.getElementById('trackVisitsValue').value = value ? '0' : '1';
                    document.getElementById('label').textContent = text[1];
                    if (intro) { intro.textContent = text[0]; }
                }
                function tell(message) { window.parent.postMessage(JSON.stringify(message), '*'); }
                var tries = 0, timer = null;
                window.addEventListener('message', function (event) {
                    var data, origin;
                    if (event.source !== window.parent) { return; }
                    try { data = JSON.parse(event.data); origin = new URL(data.maq_url, location.href).origin; } catch (e) { return; }
                    if (origin !== location.origin) { return; }
                    if (typeof data.maq_opted_in === 'boolean') { clearInterval(timer); show(data.maq_opted_in); }
                    else if (typeof data.maq_confirm_opted_in === 'boolean') { show(data.maq_confirm_opted_in); }
                });

                """);
        if (changed)
        {
            page.Append("tell({ maq_opted_in: counted });\n");
        }

        page.Append("""
            tell({ maq_initial_value: counted });
            timer = setInterval(function () { if (++tries >= 1200) { clearInterval(timer); } tell({ maq_initial_value: counted }); }, 150);
            })();</script>
            """);
    }

    private async Task WriteScript(HttpContext context, ApiParameters parameters, string style)
    {
        var sameSite = (parameters["cookieSameSite"] ?? "").ToUpperInvariant() switch
        {
            "NONE" => "None",
            "STRICT" => "Strict",
            _ => "Lax",
        };
        var settings = new Dictionary<string, object?>
        {
            ["divId"] = string.IsNullOrEmpty(parameters["divId"]) ? "matomo-opt-out" : parameters["divId"],
            ["showIntro"] = parameters.GetInt("showIntro") is not 0,
            ["useCookiesIfNoTracker"] = parameters.GetInt("useCookiesIfNoTracker") is not 0,
            ["useCookiesTimeout"] = Math.Clamp(parameters.GetInt("useCookiesTimeout") ?? 10, 0, 3600),
            ["useSecureCookies"] = parameters.GetInt("useSecureCookies") is not 0,
            ["cookiePath"] = parameters["cookiePath"] ?? "",
            ["cookieDomain"] = parameters["cookieDomain"] ?? "",
            ["cookieSameSite"] = sameSite,
            ["style"] = style,
            ["text"] = s_text,
        };

        var response = context.Response;
        response.ContentType = TrackerScriptEndpoint.ContentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers.XContentTypeOptions = "nosniff";
        await response.Body.WriteAsync(_scripts.OptOutForm.Content);
        // The default encoder escapes <, > and & in strings: the settings cannot close the script.
        await response.WriteAsync("\nMakotoOptOut.render(" + JsonSerializer.Serialize(settings, s_json) + ");\n");
    }

    /// <summary>
    /// The CSS of the styling parameters, checked as Matomo checks them: colors are 3 or 6 hex digits, a font
    /// size is a number with px, pt, em, rem or %, a font family uses letters, digits, spaces, commas,
    /// dashes and quotes.
    /// </summary>
    private static string Style(ApiParameters parameters)
    {
        var css = new StringBuilder();
        var fontSize = parameters["fontSize"];
        if (!string.IsNullOrEmpty(fontSize))
        {
            if (!FontSizePattern().IsMatch(fontSize))
            {
                throw new ArgumentException($"The URL parameter fontSize value of '{fontSize}' is not valid. Use for example '15pt', '1.2em' or '13px'.");
            }

            css.Append("font-size: ").Append(fontSize).Append("; ");
        }

        var fontFamily = parameters["fontFamily"];
        if (!string.IsNullOrEmpty(fontFamily))
        {
            if (!FontFamilyPattern().IsMatch(fontFamily))
            {
                throw new ArgumentException($"The URL parameter fontFamily value of '{fontFamily}' is not valid. Use for example 'sans-serif' or 'Monaco, monospace'.");
            }

            css.Append("font-family: ").Append(fontFamily).Append("; ");
        }

        foreach (var (name, property) in new[] { ("fontColor", "color"), ("backgroundColor", "background-color") })
        {
            var color = parameters[name];
            if (string.IsNullOrEmpty(color))
            {
                continue;
            }

            if (!ColorPattern().IsMatch(color))
            {
                throw new ArgumentException($"The URL parameter {name} value of '{color}' is not valid. Use hex digits, for example 'ffffff' or 'fff'.");
            }

            css.Append(property).Append(": #").Append(color).Append("; ");
        }

        return css.ToString();
    }

    private static void SetIgnoreCookie(HttpContext context, bool optedOut)
    {
        // In an iframe on another site the cookie is a third-party cookie, which browsers keep only as
        // SameSite=None; Secure: over HTTPS, and on a loopback host (http://localhost, 127.0.0.1, [::1]), which
        // browsers treat as a secure origin and accept Secure cookies from. Elsewhere over HTTP, Lax.
        var secure = context.Request.IsHttps || IsLoopbackHost(context.Request.Host.Host);
        var options = new CookieOptions
        {
            Path = "/",
            HttpOnly = true,
            Secure = secure,
            SameSite = secure ? SameSiteMode.None : SameSiteMode.Lax,
            Expires = optedOut ? DateTimeOffset.UtcNow.AddYears(30) : DateTimeOffset.UnixEpoch,
        };
        context.Response.Cookies.Append(IgnoreCookie, optedOut ? "1" : "", options);
        if (!optedOut && context.Request.Cookies.ContainsKey(LegacyIgnoreCookie))
        {
            context.Response.Cookies.Append(LegacyIgnoreCookie, "", options);
        }
    }

    /// <summary>Whether a request's host is a loopback name or address, a secure origin for browsers even over HTTP.</summary>
    private static bool IsLoopbackHost(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    /// <summary>The form posts back to the same page, its query without the form's own fields.</summary>
    private static string FormAction(HttpRequest request)
    {
        var kept = new List<KeyValuePair<string, string?>>();
        foreach (var (name, values) in QueryHelpers.ParseQuery(request.QueryString.Value))
        {
            if (name is not ("nonce" or "trackVisits"))
            {
                foreach (var value in values)
                {
                    kept.Add(new(name, value));
                }
            }
        }

        return "index.php" + QueryString.Create(kept).ToUriComponent();
    }

    /// <summary>A nonce valid this hour and the next: an HMAC of the hour with a key of this process.</summary>
    private string Nonce() => NonceFor(Hour());

    private bool NonceIsValid(string? nonce)
    {
        if (string.IsNullOrEmpty(nonce))
        {
            return false;
        }

        var hour = Hour();
        var given = Encoding.ASCII.GetBytes(nonce);
        return CryptographicOperations.FixedTimeEquals(given, Encoding.ASCII.GetBytes(NonceFor(hour)))
            || CryptographicOperations.FixedTimeEquals(given, Encoding.ASCII.GetBytes(NonceFor(hour - 1)));
    }

    private long Hour() => _clock.GetUtcNow().ToUnixTimeSeconds() / 3600;

    private string NonceFor(long hour) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_nonceKey, Encoding.ASCII.GetBytes("optout:" + hour.ToString(CultureInfo.InvariantCulture))))[..32];

    private static string E(string text) => WebUtility.HtmlEncode(text);

    [GeneratedRegex(@"^[0-9]+\.?[0-9]*(px|pt|em|rem|%)$")]
    private static partial Regex FontSizePattern();

    [GeneratedRegex("^[a-zA-Z0-9 ,'\"-]+$")]
    private static partial Regex FontFamilyPattern();

    [GeneratedRegex("^([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")]
    private static partial Regex ColorPattern();
}
