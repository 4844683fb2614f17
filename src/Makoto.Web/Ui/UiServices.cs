using Makoto.Web.Ui.Account;
using Makoto.Web.Ui.Services;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using MudBlazor.Services;

namespace Makoto.Web.Ui;

/// <summary>
/// The web UI: Blazor pages rendered on the server (interactive over one WebSocket per open page) with
/// MudBlazor components, the cookie session, antiforgery tokens on every form, and the account pages
/// (login, two-factor step, password reset) rendered as plain forms.
/// </summary>
public static class UiServices
{
    public static IServiceCollection AddMakotoUi(this IServiceCollection services, UiOptions ui, MailOptions mail, string dataPath)
    {
        services.AddSingleton(ui);
        services.AddSingleton(mail);

        // Session cookies and antiforgery tokens stay valid across restarts: the keys live in the data folder.
        services.AddDataProtection()
            .SetApplicationName("Makoto")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataPath, "keys")));

        services.AddAuthentication(Session.Scheme)
            .AddCookie(Session.Scheme, cookie => Session.Configure(cookie, ui))
            .AddCookie(Session.TwoFactorScheme, Session.ConfigureTwoFactor);
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, SessionRevalidator>();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "MAKOTO_ANTIFORGERY";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
        });

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();

        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<IMailSender, SmtpMailSender>();
        services.AddSingleton<PasswordReset>();
        services.AddSingleton<Makoto.Plugins.UsersManager.IInvitationMail, InvitationMail>();
        services.AddScoped<CurrentUser>();
        services.AddScoped<ApiClient>();
        services.AddScoped<SiteDirectory>();
        services.AddSingleton(new SystemCheck.Location(dataPath));
        services.AddScoped<SystemCheck>();
        return services;
    }

    /// <summary>
    /// The UI's middleware, after routing: session, authorization and antiforgery checks. Tracking
    /// requests never get here (<see cref="Tracking.TrackingEndpoint.UseTracking"/> answers them first).
    /// </summary>
    public static void UseMakotoUi(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.Use(RejectCrossSiteConnections);
    }

    public static void MapMakotoUi(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapPost("/logout", async (HttpContext context, IAntiforgery antiforgery) =>
        {
            await antiforgery.ValidateRequestAsync(context);
            await context.SignOutAsync(Session.Scheme);
            return Results.Redirect("/login");
        });
    }

    /// <summary>
    /// The interactive pages' connection (<c>/_blazor</c>) must come from a page of this server: a
    /// WebSocket opened by another site's page is refused (cross-site WebSocket hijacking).
    /// </summary>
    private static Task RejectCrossSiteConnections(HttpContext context, Func<Task> next)
    {
        if (context.Request.Path.StartsWithSegments("/_blazor", StringComparison.Ordinal)
            && context.Request.Headers.Origin is { Count: > 0 } origin
            && (!Uri.TryCreate(origin.ToString(), UriKind.Absolute, out var originUri)
                || !string.Equals(originUri.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase)))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        }

        return next();
    }
}
