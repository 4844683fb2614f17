using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Makoto.Storage.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Makoto.Web.Ui.Account;

/// <summary>
/// The UI session: an encrypted, HTTP-only cookie (<see cref="CookieName"/>, SameSite=Lax) naming the
/// user, the moment their password was last set (a session ends when the password changes or the user
/// is deleted) and a random session token that export links pass as <c>token_auth</c> with
/// <c>force_api_session=1</c>, as Matomo's UI does.
/// </summary>
public static class Session
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>The short-lived cookie between the password step and the two-factor code step of a login.</summary>
    public const string TwoFactorScheme = "Makoto.TwoFactor";

    public const string CookieName = "MAKOTO_SESSION";
    public const string PasswordStampClaim = "makoto:password_stamp";
    public const string ApiTokenClaim = "makoto:api_token";
    public const string RememberClaim = "makoto:remember";

    public static ClaimsPrincipal Principal(string login, DateTime? passwordModified)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, login),
                new Claim(PasswordStampClaim, Stamp(passwordModified)),
                new Claim(ApiTokenClaim, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))),
            ],
            Scheme);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The principal of the two-factor step: who passed the password check, and whether they asked to be remembered.</summary>
    public static ClaimsPrincipal TwoFactorPrincipal(string login, bool remember) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, login), new Claim(RememberClaim, remember ? "1" : "0")], TwoFactorScheme));

    public static string Stamp(DateTime? passwordModified) =>
        (passwordModified?.Ticks ?? 0).ToString(CultureInfo.InvariantCulture);

    /// <summary>True while the user of <paramref name="principal"/> exists and has not changed their password since the session began.</summary>
    public static bool IsStillValid(ClaimsPrincipal principal, UserStore users)
    {
        var login = principal.Identity?.Name;
        if (string.IsNullOrEmpty(login) || users.GetUser(login) is null)
        {
            return false;
        }

        return principal.FindFirst(PasswordStampClaim)?.Value == Stamp(users.GetPasswordModified(login));
    }

    /// <summary>Signs the user in; with <paramref name="remember"/> the cookie outlives the browser for <see cref="UiOptions.RememberMeDays"/>.</summary>
    public static Task SignInAsync(HttpContext context, string login, bool remember, UserStore users, UiOptions options)
    {
        var now = DateTimeOffset.UtcNow;
        var properties = new AuthenticationProperties
        {
            IsPersistent = remember,
            IssuedUtc = now,
            ExpiresUtc = now.AddDays(Math.Max(options.RememberMeDays, 1)),
            AllowRefresh = true,
        };
        return context.SignInAsync(Scheme, Principal(login, users.GetPasswordModified(login)), properties);
    }

    internal static void Configure(CookieAuthenticationOptions cookie, UiOptions options)
    {
        cookie.Cookie.Name = CookieName;
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Lax;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.LoginPath = "/login";
        cookie.LogoutPath = "/logout";
        cookie.AccessDeniedPath = "/login";
        cookie.ExpireTimeSpan = TimeSpan.FromDays(Math.Max(options.RememberMeDays, 1));
        cookie.SlidingExpiration = true;
        cookie.Events = new CookieAuthenticationEvents
        {
            OnValidatePrincipal = async context =>
            {
                var users = context.HttpContext.RequestServices.GetRequiredService<UserStore>();
                if (context.Principal is null || !IsStillValid(context.Principal, users))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(Scheme);
                }
            },
        };
    }

    internal static void ConfigureTwoFactor(CookieAuthenticationOptions cookie)
    {
        cookie.Cookie.Name = "MAKOTO_2FA";
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Strict;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.ExpireTimeSpan = TimeSpan.FromMinutes(5);
        cookie.SlidingExpiration = false;
        cookie.LoginPath = "/login";
    }
}
