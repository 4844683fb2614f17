using Makoto.Core.Sites;
using Makoto.Storage.CustomDimensions;
using Makoto.Storage.Goals;
using Makoto.Storage.Options;
using Makoto.Storage.Sites;
using Makoto.Storage.Users;
using Makoto.Tests.Shared;

namespace Makoto.Storage.Tests;

/// <summary>The stores of Matomo's configuration tables (site, site_url, user, user_token_auth, access, goal,
/// custom_dimensions, option) behave the same on every provider.</summary>
public abstract class ConfigurationStoreTests(TestStore store) : IDisposable
{
    private static readonly DateTime s_created = new(2024, 3, 1, 8, 30, 15, DateTimeKind.Utc);

    private readonly StoreUnderTest _store = StoreUnderTest.Create(store);

    private IDatabase Database => _store.Database;

    public void Dispose()
    {
        _store.Dispose();
        GC.SuppressFinalize(this);
    }

    private static Site NewSite(string name) => new()
    {
        IdSite = 0,
        Name = name,
        MainUrl = "https://" + name + ".example.org",
        TsCreated = s_created,
        Timezone = "Europe/Berlin",
        Currency = "EUR",
        Ecommerce = true,
        SiteSearch = false,
        ExcludedIps = "10.0.0.0/8",
        ExcludedReferrers = "spam.example",
        Group = "shops",
        KeepUrlFragment = 2,
        CreatorLogin = "admin",
        AliasUrls = ["https://www." + name + ".example.org", "https://b." + name + ".example.org"],
    };

    [Fact]
    public void Migrating_again_changes_nothing_and_keeps_the_data()
    {
        var sites = new SiteStore(Database);
        var id = sites.Add(NewSite("again"));
        Database.Migrate();
        Assert.Equal("again", new SiteStore(Database).Get(id)!.Name);
    }

    [Fact]
    public void A_site_reads_back_as_written_with_its_alias_urls_in_key_order()
    {
        var sites = new SiteStore(Database);
        var first = sites.Add(NewSite("shop"));
        var second = sites.Add(NewSite("blog"));
        Assert.Equal(first + 1, second);

        var site = new SiteStore(Database).Get(first)!;
        Assert.Equal("shop", site.Name);
        Assert.Equal("https://shop.example.org", site.MainUrl);
        Assert.Equal(s_created, site.TsCreated);
        Assert.Equal(DateTimeKind.Utc, site.TsCreated.Kind);
        Assert.True(site.Ecommerce);
        Assert.False(site.SiteSearch);
        Assert.Equal("Europe/Berlin", site.Timezone);
        Assert.Equal("EUR", site.Currency);
        Assert.Equal("10.0.0.0/8", site.ExcludedIps);
        Assert.Equal("spam.example", site.ExcludedReferrers);
        Assert.Equal("shops", site.Group);
        Assert.Equal(2, site.KeepUrlFragment);
        Assert.Equal("admin", site.CreatorLogin);
        Assert.Equal(["https://b.shop.example.org", "https://www.shop.example.org"], site.AliasUrls);
    }

    [Fact]
    public void Updating_and_deleting_a_site_and_moving_its_creation_date_back()
    {
        var sites = new SiteStore(Database);
        var id = sites.Add(NewSite("shop"));
        sites.Update(sites.Get(id)! with { Name = "Shop 2", AliasUrls = ["https://other.example.org"] });
        Assert.Equal("Shop 2", sites.Get(id)!.Name);
        Assert.Equal(["https://other.example.org"], sites.Get(id)!.AliasUrls);

        sites.MoveCreationDateBack(id, new DateTime(2024, 1, 10, 0, 0, 0, DateTimeKind.Utc));
        sites.MoveCreationDateBack(id, new DateTime(2024, 2, 10, 0, 0, 0, DateTimeKind.Utc)); // later: no change
        Assert.Equal(new DateTime(2024, 1, 10, 0, 0, 0, DateTimeKind.Utc), new SiteStore(Database).Get(id)!.TsCreated);

        sites.Delete(id);
        Assert.Null(new SiteStore(Database).Get(id));
        Assert.Equal(0, new SiteStore(Database).Count);
    }

    [Fact]
    public void Invited_users_are_pending_until_they_accept_and_expired_invitations_are_found()
    {
        var users = new UserStore(Database);
        var registered = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc);
        users.AddUser(new UserRecord("zoe", "hash-z", "zoe@example.org", SuperUser: true, registered));
        users.AddInvitedUser(new UserRecord("ivy", "", "ivy@example.org", false, registered), "zoe", "token-hash-1", registered.AddDays(7));
        users.AddInvitedUser(new UserRecord("ian", "", "ian@example.org", false, registered), "zoe", "token-hash-2", registered.AddDays(2));

        Assert.Equal(new UserRecord("ivy", "", "ivy@example.org", false, registered, "zoe", registered.AddDays(7), IsPending: true), users.GetUser("ivy"));
        Assert.Equal("ivy", users.FindByInviteToken("token-hash-1")?.Login);
        Assert.Null(users.FindByInviteToken("token-hash-3"));
        Assert.False(users.GetUser("zoe")!.IsPending);

        // A shared link's token works beside the emailed one and moves the expiry; a new email token replaces the old one.
        Assert.True(users.SetInviteToken("ivy", "link-hash", registered.AddDays(9), linkToken: true));
        Assert.Equal("ivy", users.FindByInviteToken("link-hash")?.Login);
        Assert.Equal("ivy", users.FindByInviteToken("token-hash-1")?.Login);
        Assert.True(users.SetInviteToken("ivy", "token-hash-4", registered.AddDays(10), linkToken: false));
        Assert.Null(users.FindByInviteToken("token-hash-1"));
        Assert.Equal(registered.AddDays(10), users.GetUser("ivy")!.InviteExpiredAt);
        Assert.False(users.SetInviteToken("zoe", "token-hash-5", registered, linkToken: false));

        Assert.Equal(["ian"], users.GetExpiredInvites(registered.AddDays(3)));
        Assert.Equal(["ian", "ivy"], users.GetExpiredInvites(registered.AddDays(11)));

        var accepted = registered.AddDays(1);
        Assert.True(users.AcceptInvite("ivy", "hash-i", accepted));
        Assert.False(users.AcceptInvite("ivy", "hash-other", accepted));
        Assert.Equal(new UserRecord("ivy", "hash-i", "ivy@example.org", false, registered, "zoe", null, IsPending: false), users.GetUser("ivy"));
        Assert.Equal(accepted, users.GetPasswordModified("ivy"));
        Assert.Null(users.FindByInviteToken("token-hash-4"));
        Assert.Null(users.FindByInviteToken("link-hash"));
        Assert.Equal(["ian"], users.GetExpiredInvites(registered.AddDays(11)));
    }

    [Fact]
    public void Users_tokens_and_access()
    {
        var users = new UserStore(Database);
        Assert.False(users.AnySuperUser());
        var registered = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc);
        users.AddUser(new UserRecord("zoe", "hash-z", "zoe@example.org", SuperUser: true, registered));
        users.AddUser(new UserRecord("adam", "hash-a", "adam@example.org", SuperUser: false, registered));
        users.AddUser(new UserRecord("anonymous", "", "anonymous@example.org", SuperUser: false, registered));
        Assert.True(users.AnySuperUser());
        Assert.Equal(["adam", "zoe"], users.GetUsers().Select(u => u.Login));
        Assert.Equal(new UserRecord("zoe", "hash-z", "zoe@example.org", true, registered), users.GetUser("zoe"));
        Assert.Equal("adam", users.GetUserByEmail("adam@example.org")!.Login);

        users.UpdateUser("adam", "hash-a2", "adam2@example.org", registered.AddDays(1));
        users.SetSuperUser("adam", true);
        Assert.Equal(new UserRecord("adam", "hash-a2", "adam2@example.org", true, registered), users.GetUser("adam"));

        var created = new DateTime(2024, 6, 1, 12, 0, 0, DateTimeKind.Utc);
        var first = users.AddToken(new TokenRecord(0, "adam", "CI", "h1", "sha256", created, null, null, SecureOnly: false));
        var second = users.AddToken(new TokenRecord(0, "adam", "Phone", "h2", "sha256", created, created.AddYears(1), null, SecureOnly: true));
        Assert.True(second > first);
        users.TouchToken(first, created.AddHours(2));
        var token = users.FindToken("h1")!;
        Assert.Equal(("adam", "CI", created, (DateTime?)null, (DateTime?)created.AddHours(2), false), (token.Login, token.Description, token.DateCreated, token.DateExpired, token.LastUsed, token.SecureOnly));
        Assert.Equal([first, second], users.GetTokens("adam").Select(t => t.Id));
        Assert.True(users.FindToken("h2")!.SecureOnly);
        Assert.True(users.DeleteToken("adam", second));
        Assert.False(users.DeleteToken("adam", second));

        users.SetAccess("adam", [1, 2], "view");
        users.SetAccess("adam", [2], "admin");
        users.SetAccess("zoe", [2], "write");
        Assert.Equal(new Dictionary<int, string> { [1] = "view", [2] = "admin" }, users.GetAccess("adam"));
        Assert.Equal(["adam", "zoe"], users.GetUsersAccessFromSite(2).Keys);
        users.SetAccess("adam", [1], "noaccess");
        Assert.Equal([2], users.GetAccess("adam").Keys);

        users.DeleteUser("adam");
        Assert.Null(users.GetUser("adam"));
        Assert.Null(users.FindToken("h1"));
        Assert.Empty(users.GetAccess("adam"));
        users.DeleteAccessToSite(2);
        Assert.Empty(users.GetUsersAccessFromSite(2));
    }

    [Fact]
    public void Goals_take_the_next_id_of_their_site_deleted_ones_included()
    {
        var goals = new GoalStore(Database);
        var goal = new Goal { IdSite = 1, IdGoal = 0, Name = "Signup", MatchAttribute = "url", Pattern = "/thanks", PatternType = "contains", Revenue = 12.5, AllowMultiple = true };
        Assert.Equal(1, goals.Add(goal));
        Assert.Equal(2, goals.Add(goal with { Name = "Newsletter", CaseSensitive = true, EventValueAsRevenue = true }));
        Assert.Equal(1, goals.Add(goal with { IdSite = 2 }));
        goals.Delete(1, 2);
        Assert.Equal(3, goals.Add(goal with { Name = "Third" }));
        goals.Update(goals.GetGoal(1, 1)! with { Name = "Sign-up", Revenue = 3.25 });

        var reloaded = new GoalStore(Database);
        Assert.Equal([1, 3], reloaded.GetGoals(1).Select(g => g.IdGoal));
        var first = reloaded.GetGoal(1, 1)!;
        Assert.Equal(("Sign-up", 3.25, true, false), (first.Name, first.Revenue, first.AllowMultiple, first.CaseSensitive));
        Assert.Null(reloaded.GetGoal(1, 2));
    }

    [Fact]
    public void Custom_dimensions_fill_the_free_slots_of_their_scope()
    {
        var dimensions = new CustomDimensionStore(Database);
        var visit = dimensions.Add(1, "Plan", "visit", active: true, "[]", caseSensitive: true)!;
        var action = dimensions.Add(1, "Author", "action", active: true, """[{"dimension":"url","pattern":"/by/(.+)"}]""", caseSensitive: false)!;
        var second = dimensions.Add(1, "Tier", "visit", active: false, "[]", caseSensitive: true)!;
        Assert.Equal((1, 1, 2, 1, 3, 2), (visit.IdCustomDimension, visit.Index, action.IdCustomDimension, action.Index, second.IdCustomDimension, second.Index));
        dimensions.Update(second with { Name = "Level", Active = true });

        var reloaded = new CustomDimensionStore(Database).ForSite(1);
        Assert.Equal(["Plan", "Author", "Level"], reloaded.Select(d => d.Name));
        Assert.Equal("""[{"dimension":"url","pattern":"/by/(.+)"}]""", reloaded[1].Extractions);
        Assert.False(reloaded[1].CaseSensitive);
        Assert.True(reloaded[2].Active);
        for (var i = 3; i <= CustomDimensionStore.SlotsPerScope; i++)
        {
            Assert.NotNull(dimensions.Add(1, "v" + i, "visit", true, "[]", true));
        }

        Assert.Null(dimensions.Add(1, "one too many", "visit", true, "[]", true));
    }

    [Fact]
    public void Options_are_set_replaced_created_once_and_deleted()
    {
        var options = new OptionStore(Database);
        Assert.Null(options.Get("salt"));
        Assert.Equal("first", options.GetOrCreate("salt", () => "first"));
        Assert.Equal("first", options.GetOrCreate("salt", () => "second"));
        options.Set("salt", "ünïcødé ✓ " + new string('x', 5000));
        Assert.Equal("ünïcødé ✓ " + new string('x', 5000), options.Get("salt"));
        options.Delete("salt");
        Assert.Null(options.Get("salt"));
    }
}

public sealed class SqliteConfigurationStoreTests() : ConfigurationStoreTests(TestStore.Sqlite);

public sealed class MariaDbConfigurationStoreTests() : ConfigurationStoreTests(TestStore.MariaDb);
