using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Makoto.Plugins.UsersManager;
using Makoto.Storage;
using Makoto.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.EndToEnd.Tests;

/// <summary>
/// Matomo's user invitations over HTTP (UsersManager.inviteUser, resendInvite, generateInviteLink, deleteUser of a
/// pending user, invite_status), with an SMTP server that receives the invitation emails and a public address for
/// their links.
/// </summary>
public sealed partial class UserInvitationTests : IAsyncLifetime
{
    private const string PublicUrl = "https://analytics.example.org";
    private const string LinkPrefix = PublicUrl + "/index.php?module=Login&action=acceptInvitation&token=";
    private readonly SmtpSink _smtp = new();
    private TestServer _server = null!;
    private int _blog;
    private int _shop;
    private string _blogAdminToken = "";
    private string _otherAdminToken = "";

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync(null, [.. _smtp.ServerArgs, $"--Makoto:Ui:PublicUrl={PublicUrl}"]);
        _blog = await _server.AddSiteAsync("Blog", "https://blog.example.org");
        _shop = await _server.AddSiteAsync("Shop", "https://shop.example.org");
        _blogAdminToken = await AddUserAsync("blogadmin", "admin", _blog);
        _otherAdminToken = await AddUserAsync("otheradmin", "admin", _blog);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    private async Task<string> AddUserAsync(string login, string access, int idSite)
    {
        await _server.ApiJsonAsync($"method=UsersManager.addUser&userLogin={login}&password={login}-password&email={login}%40example.org");
        await _server.ApiJsonAsync($"method=UsersManager.setUserAccess&userLogin={login}&access={access}&idSites={idSite}");
        return (await AsAsync(null, $"method=UsersManager.createAppSpecificTokenAuth&userLogin={login}&passwordConfirmation={login}-password&description=t"))
            .GetProperty("value").GetString()!;
    }

    /// <summary>A call with another user's token (or none).</summary>
    private async Task<JsonElement> AsAsync(string? token, string query)
    {
        var response = await _server.Http.GetAsync("/index.php?module=API&format=json&" + query + (token is null ? "" : "&token_auth=" + token));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static string Error(JsonElement answer)
    {
        Assert.Equal("error", answer.GetProperty("result").GetString());
        return answer.GetProperty("message").GetString()!;
    }

    private static void Success(JsonElement answer) => Assert.Equal("success", answer.GetProperty("result").GetString());

    private static string TokenOf(string text) => InviteLink().Match(text) is { Success: true } match
        ? match.Groups[1].Value
        : throw new Xunit.Sdk.XunitException("No invitation link in: " + text);

    private UserInvitations Invitations => _server.Services.GetRequiredService<UserInvitations>();

    private void SetExpiry(string login, DateTime expires)
    {
        var database = _server.Database;
        using var connection = database.Open();
        connection.Exec(
            $"UPDATE {database.Dialect.Quote(database.Dialect.Table("user"))} SET invite_expired_at = @e WHERE login = @login",
            null,
            ("@e", database.Dialect.DateTimeValue(expires)),
            ("@login", login));
    }

    [Fact]
    public async Task InviteUser_creates_a_pending_user_with_view_access_and_emails_the_link()
    {
        Success(await _server.ApiJsonAsync($"method=UsersManager.inviteUser&userLogin=newbie&email=newbie%40example.org&initialIdSite={_blog}&expiryInDays=10"));

        var mail = await _smtp.NextAsync();
        Assert.Equal(["newbie@example.org"], mail.To);
        var token = TokenOf(mail.Body);
        Assert.Contains(PublicUrl + "/index.php?module=Login&action=declineInvitation&token=" + token, mail.Body, StringComparison.Ordinal);
        Assert.Contains("Blog", mail.Body, StringComparison.Ordinal);

        var user = await _server.ApiJsonAsync("method=UsersManager.getUser&userLogin=newbie");
        Assert.Equal("newbie@example.org", user.GetProperty("email").GetString());
        Assert.Equal(TestServer.Login, user.GetProperty("invited_by").GetString());
        // expiryInDays=10: the invitation expires 10 days after it was made.
        var registered = DateTime.Parse(user.GetProperty("date_registered").GetString()!, CultureInfo.InvariantCulture);
        var expires = DateTime.Parse(user.GetProperty("invite_expired_at").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromDays(10), expires - registered);
        Assert.Equal("view", (await _server.ApiJsonAsync($"method=UsersManager.getUsersAccessFromSite&idSite={_blog}")).GetProperty("newbie").GetString());

        // 3 days and 12 hours left: Matomo shows the whole days left.
        SetExpiry("newbie", DateTime.UtcNow.AddDays(3.5));
        var listed = (await _server.ApiJsonAsync("method=UsersManager.getUsers")).EnumerateArray().Single(u => u.GetProperty("login").GetString() == "newbie");
        Assert.Equal(3, listed.GetProperty("invite_status").GetInt32());
        var admin = (await _server.ApiJsonAsync($"method=UsersManager.getUser&userLogin={TestServer.Login}"));
        Assert.Equal("active", admin.GetProperty("invite_status").GetString());

        // The pending user has no password yet: nothing logs them in.
        Assert.Null(_server.Services.GetRequiredService<UserAdministration>().CheckPassword("newbie", ""));
        Assert.Equal("newbie", Invitations.Find(token)?.Login);
    }

    [Fact]
    public async Task InviteUser_refuses_with_Matomos_messages()
    {
        Assert.Equal(
            "New users must be given access to a website, please set the 'initialIdSite' parameter.",
            Error(await _server.ApiJsonAsync("method=UsersManager.inviteUser&userLogin=nosite&email=nosite%40example.org")));
        Assert.Equal(
            "An unexpected website was found in the request: website id was set to '99' .",
            Error(await _server.ApiJsonAsync("method=UsersManager.inviteUser&userLogin=nosite&email=nosite%40example.org&initialIdSite=99")));
        Assert.Equal(
            "Username 'blogadmin' already exists.",
            Error(await _server.ApiJsonAsync($"method=UsersManager.inviteUser&userLogin=blogadmin&email=x%40example.org&initialIdSite={_blog}")));
        Assert.Equal(
            "The email \"blogadmin@example.org\" is already used by another user.",
            Error(await _server.ApiJsonAsync($"method=UsersManager.inviteUser&userLogin=twin&email=blogadmin%40example.org&initialIdSite={_blog}")));
        Assert.Equal(
            "The email \"not-an-email\" doesn't have a valid format.",
            Error(await _server.ApiJsonAsync($"method=UsersManager.inviteUser&userLogin=bad&email=not-an-email&initialIdSite={_blog}")));
        Assert.Equal(
            "The parameter 'expiryInDays' must be an integer, but 'soon' was given.",
            Error(await _server.ApiJsonAsync($"method=UsersManager.inviteUser&userLogin=bad&email=bad%40example.org&initialIdSite={_blog}&expiryInDays=soon")));
        Assert.Equal(
            "The parameter 'expiryInDays' must be a number of days (1 or more), but '-2' was given.",
            Error(await _server.ApiJsonAsync($"method=UsersManager.inviteUser&userLogin=bad&email=bad%40example.org&initialIdSite={_blog}&expiryInDays=-2")));

        // An administrator invites to their sites only; a viewer invites nobody.
        Assert.Equal(
            $"You can't access this resource as it requires 'admin' access for the website id = {_shop}.",
            Error(await AsAsync(_blogAdminToken, $"method=UsersManager.inviteUser&userLogin=shopper&email=shopper%40example.org&initialIdSite={_shop}")));
        var viewerToken = await AddUserAsync("viewer", "view", _blog);
        Assert.Equal(
            "You can't access this resource as it requires 'admin' access for at least one website.",
            Error(await AsAsync(viewerToken, $"method=UsersManager.inviteUser&userLogin=shopper&email=shopper%40example.org&initialIdSite={_blog}")));

        // From a UI session the caller confirms with their password.
        Assert.Equal("The current password you entered is not correct.", Error(await _server.ApiJsonAsync(
            $"method=UsersManager.inviteUser&userLogin=confirm&email=confirm%40example.org&initialIdSite={_blog}&force_api_session=1&passwordConfirmation=wrong")));
        Assert.False(_smtp.HasMail);
        var logins = (await _server.ApiJsonAsync("method=UsersManager.getUsersLogin")).EnumerateArray().Select(l => l.GetString()).ToList();
        Assert.DoesNotContain("nosite", logins);
        Assert.DoesNotContain("shopper", logins);
        Assert.DoesNotContain("confirm", logins);
    }

    [Fact]
    public async Task Accepting_makes_an_active_user_who_logs_in_with_the_chosen_password()
    {
        Success(await AsAsync(_blogAdminToken, $"method=UsersManager.inviteUser&userLogin=writer&email=writer%40example.org&initialIdSite={_blog}"));
        var token = TokenOf((await _smtp.NextAsync()).Body);

        // Matomo's link leads to the invitation page.
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _server.Address };
        var response = await noRedirect.GetAsync("/index.php?module=Login&action=acceptInvitation&token=" + token);
        Assert.Equal("/login/invitation?token=" + token, response.Headers.Location?.ToString());
        var page = await _server.Http.GetStringAsync("/login/invitation?token=" + token);
        Assert.Contains("<b data-testid=\"invitation-login\">writer</b>", page, StringComparison.Ordinal);

        Assert.Throws<ArgumentException>(() => Invitations.Accept(token, "short"));
        Assert.Equal("writer", Invitations.Accept(token, "writer-password"));
        var notice = await _smtp.NextAsync();
        Assert.Equal(["blogadmin@example.org"], notice.To);
        Assert.Contains("writer (writer@example.org) accepted your invitation", notice.Body, StringComparison.Ordinal);

        Assert.Null(Invitations.Find(token));
        var user = await _server.ApiJsonAsync("method=UsersManager.getUser&userLogin=writer");
        Assert.Equal("active", user.GetProperty("invite_status").GetString());
        Assert.Equal(JsonValueKind.Null, user.GetProperty("invite_expired_at").ValueKind);
        var appToken = (await AsAsync(null, "method=UsersManager.createAppSpecificTokenAuth&userLogin=writer&passwordConfirmation=writer-password&description=t"))
            .GetProperty("value").GetString();
        var sites = await AsAsync(appToken, "method=SitesManager.getSitesIdWithAtLeastViewAccess");
        Assert.Equal([_blog], sites.EnumerateArray().Select(s => s.GetInt32()));

        // An active user is no longer invited: nothing to resend, nothing to decline.
        Assert.Equal("The user 'writer' doesn't exist.", Error(await _server.ApiJsonAsync("method=UsersManager.resendInvite&userLogin=writer")));
        Assert.Null(Invitations.Decline(token));
    }

    [Fact]
    public async Task ResendInvite_replaces_the_emailed_token_and_only_the_inviter_or_a_super_user_may()
    {
        Success(await AsAsync(_blogAdminToken, $"method=UsersManager.inviteUser&userLogin=again&email=again%40example.org&initialIdSite={_blog}"));
        var first = TokenOf((await _smtp.NextAsync()).Body);

        Assert.Equal(
            "You don't have permissions to resend invite for user again",
            Error(await AsAsync(_otherAdminToken, "method=UsersManager.resendInvite&userLogin=again")));
        Assert.Equal("The user 'nobody' doesn't exist.", Error(await _server.ApiJsonAsync("method=UsersManager.resendInvite&userLogin=nobody")));
        Assert.False(_smtp.HasMail);

        Success(await AsAsync(_blogAdminToken, "method=UsersManager.resendInvite&userLogin=again&expiryInDays=2"));
        var second = TokenOf((await _smtp.NextAsync()).Body);
        Assert.NotEqual(first, second);
        Assert.Null(Invitations.Find(first));
        Assert.Equal("again", Invitations.Find(second)?.Login);

        Success(await _server.ApiJsonAsync("method=UsersManager.resendInvite&userLogin=again"));
        Assert.Equal("again@example.org", Assert.Single((await _smtp.NextAsync()).To));
    }

    [Fact]
    public async Task GenerateInviteLink_gives_a_second_link_and_the_emailed_one_stays_good()
    {
        Success(await AsAsync(_blogAdminToken, $"method=UsersManager.inviteUser&userLogin=linked&email=linked%40example.org&initialIdSite={_blog}"));
        var emailed = TokenOf((await _smtp.NextAsync()).Body);

        var link = (await AsAsync(_blogAdminToken, "method=UsersManager.generateInviteLink&userLogin=linked&expiryInDays=3")).GetProperty("value").GetString()!;
        Assert.StartsWith(LinkPrefix, link, StringComparison.Ordinal);
        var shared = TokenOf(link);
        Assert.NotEqual(emailed, shared);
        Assert.Equal("linked", Invitations.Find(shared)?.Login);
        Assert.Equal("linked", Invitations.Find(emailed)?.Login);
        Assert.False(_smtp.HasMail);

        Assert.Equal(
            "You don't have permissions to resend invite for user linked",
            Error(await AsAsync(_otherAdminToken, "method=UsersManager.generateInviteLink&userLogin=linked")));
        Assert.Equal("The user 'blogadmin' doesn't exist.", Error(await _server.ApiJsonAsync("method=UsersManager.generateInviteLink&userLogin=blogadmin")));

        // Accepting through the shared link ends both.
        Assert.Equal("linked", Invitations.Accept(shared, "linked-password"));
        Assert.Null(Invitations.Find(emailed));
    }

    [Fact]
    public async Task DeleteUser_lets_the_inviter_withdraw_a_pending_invitation_and_nothing_else()
    {
        Success(await AsAsync(_blogAdminToken, $"method=UsersManager.inviteUser&userLogin=withdrawn&email=withdrawn%40example.org&initialIdSite={_blog}"));
        _ = await _smtp.NextAsync();

        Assert.Equal("The user 'withdrawn' doesn't exist.", Error(await AsAsync(_otherAdminToken, "method=UsersManager.deleteUser&userLogin=withdrawn")));
        Assert.Equal("The user 'otheradmin' doesn't exist.", Error(await AsAsync(_blogAdminToken, "method=UsersManager.deleteUser&userLogin=otheradmin")));
        Assert.StartsWith("The anonymous user cannot be edited or deleted.", Error(await _server.ApiJsonAsync("method=UsersManager.deleteUser&userLogin=anonymous")), StringComparison.Ordinal);

        Success(await AsAsync(_blogAdminToken, "method=UsersManager.deleteUser&userLogin=withdrawn"));
        var logins = (await _server.ApiJsonAsync("method=UsersManager.getUsersLogin")).EnumerateArray().Select(l => l.GetString()).ToList();
        Assert.DoesNotContain("withdrawn", logins);
        Assert.Contains("otheradmin", logins);
        Assert.DoesNotContain("withdrawn", (await _server.ApiJsonAsync($"method=UsersManager.getUsersAccessFromSite&idSite={_blog}")).EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task An_expired_invitation_stops_working_can_be_sent_again_and_is_removed_three_days_after_expiry()
    {
        Success(await _server.ApiJsonAsync($"method=UsersManager.inviteUser&userLogin=late&email=late%40example.org&initialIdSite={_blog}"));
        var token = TokenOf((await _smtp.NextAsync()).Body);
        Success(await _server.ApiJsonAsync($"method=UsersManager.inviteUser&userLogin=later&email=later%40example.org&initialIdSite={_blog}"));
        _ = await _smtp.NextAsync();

        SetExpiry("late", DateTime.UtcNow.AddMinutes(-1));
        Assert.Null(Invitations.Find(token));
        Assert.Null(Invitations.Accept(token, "late-password"));
        Assert.Equal("expired", (await _server.ApiJsonAsync("method=UsersManager.getUser&userLogin=late")).GetProperty("invite_status").GetString());
        var page = await _server.Http.GetStringAsync("/login/invitation?token=" + token);
        Assert.Contains("data-testid=\"invitation-invalid\"", page, StringComparison.Ordinal);

        Success(await _server.ApiJsonAsync("method=UsersManager.resendInvite&userLogin=late"));
        var renewed = TokenOf((await _smtp.NextAsync()).Body);
        Assert.Equal("late", Invitations.Find(renewed)?.Login);

        // Removed once expired for more than 3 days; an invitation expired 2 days ago can still be sent again.
        SetExpiry("late", DateTime.UtcNow.AddDays(-3).AddMinutes(-1));
        SetExpiry("later", DateTime.UtcNow.AddDays(-2));
        Assert.Equal(1, Invitations.RemoveExpired());
        var logins = (await _server.ApiJsonAsync("method=UsersManager.getUsersLogin")).EnumerateArray().Select(l => l.GetString()).ToList();
        Assert.DoesNotContain("late", logins);
        Assert.Contains("later", logins);
    }

    [Fact]
    public async Task Declining_deletes_the_pending_user()
    {
        Success(await _server.ApiJsonAsync($"method=UsersManager.inviteUser&userLogin=nothanks&email=nothanks%40example.org&initialIdSite={_blog}"));
        var token = TokenOf((await _smtp.NextAsync()).Body);
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _server.Address };
        var response = await noRedirect.GetAsync("/index.php?module=Login&action=declineInvitation&token=" + token);
        Assert.Equal("/login/invitation/decline?token=" + token, response.Headers.Location?.ToString());

        Assert.Equal("nothanks", Invitations.Decline(token));
        var notice = await _smtp.NextAsync();
        Assert.Equal([$"admin@example.org"], notice.To);
        Assert.Contains("nothanks (nothanks@example.org) declined your invitation", notice.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("nothanks", (await _server.ApiJsonAsync("method=UsersManager.getUsersLogin")).EnumerateArray().Select(l => l.GetString()));
        Assert.Null(Invitations.Find(token));
    }

    [GeneratedRegex(@"module=Login&action=acceptInvitation&token=([0-9a-f]{32})")]
    private static partial Regex InviteLink();
}
