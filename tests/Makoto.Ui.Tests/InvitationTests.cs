using Microsoft.Playwright;

namespace Makoto.Ui.Tests;

/// <summary>
/// An invited user in a real browser: the super user invites them in Administration › Users (no email server here, so
/// the page shows the link from UsersManager.generateInviteLink), they open Matomo's invitation link, choose a
/// password, accept and are logged in; later they log in with that password. Declining deletes the invited user.
/// </summary>
[Collection(SeededServer.Collection)]
[Trait("Category", "Browser")]
public sealed class InvitationTests(SeededServer seeded)
{
    private async Task<IPage> AnonymousPageAsync()
    {
        var context = await seeded.Browser.NewContextAsync(new() { BaseURL = seeded.Server.Address.ToString() });
        context.SetDefaultTimeout(120_000);
        context.SetDefaultNavigationTimeout(120_000);
        return await context.NewPageAsync();
    }

    private async Task<string> InviteAsync(string login)
    {
        var invited = await seeded.Server.ApiJsonAsync($"method=UsersManager.inviteUser&userLogin={login}&email={login}%40example.org&initialIdSite=1");
        Assert.Equal("success", invited.GetProperty("result").GetString());
        var link = (await seeded.Server.ApiJsonAsync($"method=UsersManager.generateInviteLink&userLogin={login}")).GetProperty("value").GetString()!;
        // Without a configured public address, the link points to the address the API was called at.
        Assert.StartsWith(seeded.Server.Address.ToString().TrimEnd('/') + "/index.php?module=Login&action=acceptInvitation&token=", link, StringComparison.Ordinal);
        return link;
    }

    [Fact]
    public async Task A_user_invited_in_the_administration_accepts_through_the_link_and_logs_in_with_the_chosen_password()
    {
        var (admin, errors) = await seeded.LoggedInPageAsync();
        await admin.GotoAsync("/admin/users");
        await admin.GetByTestId("invite-user").ClickAsync();
        var form = admin.GetByTestId("invite-form");
        await form.GetByLabel("Login").FillAsync("invitee");
        await form.GetByLabel("Email").FillAsync("invitee@example.org");
        await admin.GetByTestId("send-invitation").ClickAsync();
        // No email server here: the page shows the link to pass on, and the user is listed as invited.
        var linkText = admin.GetByTestId("invite-link");
        await Assertions.Expect(linkText).ToContainTextAsync("/index.php?module=Login&action=acceptInvitation&token=");
        var link = (await linkText.TextContentAsync())!.Trim();
        Assert.StartsWith(seeded.Server.Address.ToString().TrimEnd('/') + "/index.php?module=Login&action=acceptInvitation&token=", link, StringComparison.Ordinal);
        await Assertions.Expect(admin.Locator("[data-testid=users] tr[data-user='invitee'] [data-testid=invite-status]")).ToContainTextAsync("days left");
        Assert.Empty(errors);
        await admin.Context.CloseAsync();

        var page = await AnonymousPageAsync();
        await page.GotoAsync(link);
        await page.WaitForAddressAsync(url => url.Contains("/login/invitation?token=", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByTestId("invitation-login")).ToHaveTextAsync("invitee");

        await page.FillAsync("#password", "invitee-password");
        await page.FillAsync("#confirm", "other-password");
        await page.GetByTestId("accept-invitation").ClickAsync();
        await Assertions.Expect(page.GetByTestId("invitation-error")).ToHaveTextAsync("The two passwords are not the same.");

        await page.FillAsync("#password", "invitee-password");
        await page.FillAsync("#confirm", "invitee-password");
        await page.GetByTestId("accept-invitation").ClickAsync();
        await page.WaitForAddressAsync(url => url.Contains("/dashboard", StringComparison.Ordinal));
        var user = await seeded.Server.ApiJsonAsync("method=UsersManager.getUser&userLogin=invitee");
        Assert.Equal("active", user.GetProperty("invite_status").GetString());
        await page.Context.CloseAsync();

        // The link is used up; the password logs in.
        var later = await AnonymousPageAsync();
        await later.GotoAsync(link);
        await Assertions.Expect(later.GetByTestId("invitation-invalid")).ToBeVisibleAsync();
        await later.GotoAsync("/login");
        await later.FillAsync("#login", "invitee");
        await later.FillAsync("#password", "invitee-password");
        await later.ClickAsync("button[type=submit]");
        await later.WaitForAddressAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        await Assertions.Expect(later.GetByText(SeededServer.SiteName).First).ToBeVisibleAsync();
        await later.Context.CloseAsync();
    }

    [Fact]
    public async Task Declining_the_invitation_deletes_the_invited_user()
    {
        var link = await InviteAsync("decliner");
        var page = await AnonymousPageAsync();
        await page.GotoAsync(link.Replace("action=acceptInvitation", "action=declineInvitation", StringComparison.Ordinal));
        await page.WaitForAddressAsync(url => url.Contains("/login/invitation/decline?token=", StringComparison.Ordinal));
        await page.GetByTestId("decline-invitation").ClickAsync();
        await Assertions.Expect(page.GetByTestId("invitation-declined")).ToBeVisibleAsync();

        var logins = (await seeded.Server.ApiJsonAsync("method=UsersManager.getUsersLogin")).EnumerateArray().Select(l => l.GetString());
        Assert.DoesNotContain("decliner", logins);
        await page.Context.CloseAsync();
    }
}
