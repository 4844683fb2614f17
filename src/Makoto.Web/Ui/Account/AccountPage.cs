using Microsoft.AspNetCore.Components;

namespace Makoto.Web.Ui.Account;

/// <summary>What the account pages (plain server-rendered forms) share: the request, and safe redirects back.</summary>
public abstract class AccountPage : ComponentBase
{
    [CascadingParameter]
    protected HttpContext HttpContext { get; set; } = default!;

    [Inject]
    protected NavigationManager Navigation { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "ReturnUrl")]
    public string? ReturnUrl { get; set; }

    /// <summary>Only paths of this server are followed after logging in (no <c>//other.site</c> or absolute addresses).</summary>
    protected string SafeReturnUrl =>
        ReturnUrl is { Length: > 1 } url && url[0] == '/' && url[1] != '/' && url[1] != '\\' && !url.Contains("://", StringComparison.Ordinal)
            ? url
            : "/dashboard";

    protected string ReturnQuery => ReturnUrl is null ? "" : "?ReturnUrl=" + Uri.EscapeDataString(SafeReturnUrl);
}
