using System.Text;
using Makoto.Reporting.Api;
using Makoto.Web.Hosting;
using Makoto.Web.OptOut;
using Makoto.Web.Setup;

namespace Makoto.Web.Api;

/// <summary>
/// <c>/index.php</c> and <c>/</c>: the Reporting API when <c>module=API</c> (GET or POST, parameters
/// merged, body wins), the visitor opt-out for <c>module=CoreAdminHome&amp;action=optOut|optOutJS</c>,
/// Matomo's invitation links (<c>module=Login&amp;action=acceptInvitation|declineInvitation&amp;token=…</c>, sent to the
/// invitation pages), otherwise the first-run setup form or the start page.
/// </summary>
public static class ApiEndpoint
{
    private const int MaxFormBytes = 4 * 1024 * 1024;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapMethods("/index.php", ["GET", "POST"], Handle);
        app.MapMethods("/", ["GET", "POST"], Handle);
    }

    private static async Task Handle(HttpContext context, ApiDispatcher dispatcher, SetupPage setup, OptOutPage optOut)
    {
        var request = context.Request;
        string? form = null;
        if (HttpMethods.IsPost(request.Method) && request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            form = await ReadForm(request);
            if (form is null)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await context.Response.WriteAsync($"The request body is larger than the limit of {MaxFormBytes} bytes.");
                return;
            }
        }

        var parameters = ApiParameters.Parse(request.QueryString.Value, form);
        parameters.BrowserLanguage = request.Headers.AcceptLanguage.ToString();
        parameters.ServerUrl = MakotoServer.BaseUrl(context);
        var ip = context.Connection.RemoteIpAddress;
        parameters.ClientIp = ip is null ? "" : (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString();
        if (parameters["module"] == "API")
        {
            var rendered = dispatcher.Handle(parameters);
            var response = context.Response;
            response.StatusCode = rendered.StatusCode;
            response.ContentType = rendered.ContentType;
            foreach (var (name, value) in rendered.Headers)
            {
                response.Headers[name] = value;
            }

            response.ContentLength = rendered.Body.Length;
            await response.Body.WriteAsync(rendered.Body);
            return;
        }

        if (parameters["module"] == "Login" && InvitationPagePath(parameters["action"]) is { } page)
        {
            context.Response.Redirect(page + "?token=" + Uri.EscapeDataString(parameters["token"] ?? ""));
            return;
        }

        if (OptOutPage.Handles(parameters))
        {
            await optOut.HandleAsync(context, parameters);
            return;
        }

        await setup.HandleAsync(context, parameters);
    }

    private static string? InvitationPagePath(string? action) => action switch
    {
        "acceptInvitation" => "/login/invitation",
        "declineInvitation" => "/login/invitation/decline",
        _ => null,
    };

    private static async Task<string?> ReadForm(HttpRequest request)
    {
        if (request.ContentLength > MaxFormBytes)
        {
            return null;
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = new StringBuilder();
        var chunk = new char[8192];
        int read;
        while ((read = await reader.ReadAsync(chunk)) > 0)
        {
            if (text.Length + read > MaxFormBytes)
            {
                return null;
            }

            text.Append(chunk, 0, read);
        }

        return text.ToString();
    }
}
