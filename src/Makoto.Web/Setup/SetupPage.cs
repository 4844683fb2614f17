using System.Net;
using System.Text;
using Makoto.Core.Sites;
using Makoto.Plugins.SitesManager;
using Makoto.Plugins.UsersManager;
using Makoto.Reporting.Api;
using Makoto.Storage.Sites;
using Makoto.Storage.Users;
using Makoto.Web.Hosting;

namespace Makoto.Web.Setup;

/// <summary>
/// The one-page first-run setup (login, password, email, first website) shown while no super user
/// exists; afterwards <c>/</c> shows a start page with how to use the server.
/// </summary>
public sealed class SetupPage(UserStore users, UserAdministration administration, SiteStore sites, TimeProvider clock)
{
    private readonly Lock _setupLock = new();

    public async Task HandleAsync(HttpContext context, ApiParameters parameters)
    {
        if (users.AnySuperUser())
        {
            await Html(context, 200, StartPage());
            return;
        }

        if (HttpMethods.IsPost(context.Request.Method) && parameters["action"] == "setup")
        {
            var (status, page) = Setup(parameters, MakotoServer.BaseUrl(context));
            await Html(context, status, page);
            return;
        }

        await Html(context, 200, Form(parameters, error: null));
    }

    private (int Status, string Page) Setup(ApiParameters p, string serverUrl)
    {
        var login = (p["login"] ?? "").Trim();
        var password = p["password"] ?? "";
        var email = (p["email"] ?? "").Trim();
        var siteName = (p["siteName"] ?? "").Trim();
        var siteUrl = (p["siteUrl"] ?? "").Trim().TrimEnd('/');
        var timezone = string.IsNullOrWhiteSpace(p["timezone"]) ? "UTC" : p["timezone"]!.Trim();
        if (siteName.Length == 0 || siteUrl.Length == 0)
        {
            return (400, Form(p, "Enter the name and the address of your first website."));
        }

        if (!siteUrl.Contains("://", StringComparison.Ordinal) || !Uri.TryCreate(siteUrl, UriKind.Absolute, out _))
        {
            return (400, Form(p, "The website address must be a full URL such as https://example.org."));
        }

        if (!SiteTimeZones.IsValid(timezone))
        {
            return (400, Form(p, $"The timezone \"{timezone}\" is not valid."));
        }

        string token;
        int idSite;
        lock (_setupLock)
        {
            if (users.AnySuperUser())
            {
                return (409, StartPage());
            }

            try
            {
                administration.AddUser(login, password, email, superUser: true);
            }
            catch (ArgumentException error)
            {
                return (400, Form(p, error.Message));
            }

            token = administration.AddToken(login, "Created by the setup page");
            var now = clock.GetUtcNow().UtcDateTime;
            idSite = sites.Add(new Site
            {
                IdSite = 0,
                Name = siteName,
                MainUrl = siteUrl,
                TsCreated = new DateTime(now.Year, now.Month, now.Day, 0, 0, 0, DateTimeKind.Utc),
                Timezone = timezone,
                CreatorLogin = login,
            });
        }

        var body = new StringBuilder();
        body.Append("<h1>Makoto is ready</h1>");
        body.Append($"<p>The super user <b>{E(login)}</b> and the website <b>{E(siteName)}</b> (id {idSite}) were created.</p>");
        body.Append("<p>Your token_auth for the Reporting API (shown once, keep it safe):</p>");
        body.Append($"<pre id=\"token\">{E(token)}</pre>");
        body.Append("<p>Add this tracking code to every page of the website, just before <code>&lt;/head&gt;</code>:</p>");
        var code = JavaScriptTrackingCode.Build(new JavaScriptTrackingCodeOptions { IdSite = idSite, ServerUrl = serverUrl });
        body.Append($"<pre id=\"tracking-code\">{E(code)}</pre>");
        body.Append("<p>Or send a first hit by hand:</p>");
        body.Append($"<pre>curl '{E(serverUrl)}matomo.php?idsite={idSite}&amp;rec=1&amp;url={E(Uri.EscapeDataString(siteUrl + "/"))}&amp;action_name=Home'</pre>");
        return (200, Layout("Makoto is ready", body.ToString()));
    }

    private static string Form(ApiParameters p, string? error)
    {
        var timezones = new StringBuilder();
        var selected = string.IsNullOrWhiteSpace(p["timezone"]) ? "UTC" : p["timezone"];
        timezones.Append(Option("UTC", selected));
        foreach (var zone in TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/', StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            timezones.Append(Option(zone, selected));
        }

        var body = $"""
            <h1>Welcome to Makoto</h1>
            <p>Create the super user and your first website.</p>
            {(error is null ? "" : $"<p class=\"error\" role=\"alert\">{E(error)}</p>")}
            <form method="post" action="/">
              <input type="hidden" name="action" value="setup">
              <fieldset><legend>Super user</legend>
                <label>Login <input name="login" required minlength="2" value="{E(p["login"])}"></label>
                <label>Password <input name="password" type="password" required minlength="6"></label>
                <label>Email <input name="email" type="email" required value="{E(p["email"])}"></label>
              </fieldset>
              <fieldset><legend>First website</legend>
                <label>Name <input name="siteName" required value="{E(p["siteName"])}"></label>
                <label>URL <input name="siteUrl" type="url" required placeholder="https://example.org" value="{E(p["siteUrl"])}"></label>
                <label>Timezone <select name="timezone">{timezones}</select></label>
              </fieldset>
              <button type="submit">Create</button>
            </form>
            """;
        return Layout("Makoto setup", body);
    }

    private static string StartPage() => Layout("Makoto", """
        <h1>Makoto is running</h1>
        <p>Trackers send hits to <code>/matomo.php</code>; reports are read from
        <code>/index.php?module=API&amp;method=VisitsSummary.get&amp;idSite=1&amp;period=day&amp;date=today&amp;format=json&amp;token_auth=…</code>.</p>
        """);

    private static string Option(string value, string? selected) =>
        $"<option value=\"{E(value)}\"{(value == selected ? " selected" : "")}>{E(value)}</option>";

    private static string Layout(string title, string body) => $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{E(title)}}</title>
        <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}label{display:block;margin:.5rem 0}
        input,select{display:block;width:100%;padding:.4rem}fieldset{margin:1rem 0}.error{color:#b00020}pre{background:#f4f4f4;padding:.5rem;overflow:auto}</style>
        </head><body>{{body}}</body></html>
        """;

    private static async Task Html(HttpContext context, int status, string html)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(html);
    }

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
}
