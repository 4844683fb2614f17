using Makoto.Core.Sites;
using Makoto.Plugins.Live.VisitorLog;
using Makoto.Storage.Logs;

namespace Makoto.Plugins.Tests.Live;

/// <summary>The order and the cap of a visit's action list (Matomo's Visitor::enrichVisitorArrayWithActions).</summary>
public class ActionDetailsTests
{
    private static readonly DateTime s_start = new(2024, 5, 2, 8, 0, 0, DateTimeKind.Utc);

    private static readonly Site s_site = new()
    {
        IdSite = 1,
        Name = "Shop",
        MainUrl = "https://example.org",
        TsCreated = s_start,
        Timezone = "UTC",
        Currency = "EUR",
        Ecommerce = true,
    };

    private static VisitRow Visit(int seconds) => new()
    {
        IdVisit = 1,
        IdSite = 1,
        VisitFirstActionTime = s_start,
        VisitLastActionTime = s_start.AddSeconds(seconds),
        VisitTotalTime = seconds + 1,
    };

    private static VisitLogAction PageView(long id, int second) => new()
    {
        IdLinkVa = id,
        IdVisit = 1,
        ServerTime = s_start.AddSeconds(second),
        Url = "example.org/page" + id,
        UrlPrefix = 2,
        UrlType = 1,
        Name = "Page " + id,
        NameType = 4,
        TimeSpentRefAction = second == 0 ? 0 : 1,
    };

    [Fact]
    public void At_most_500_actions_are_listed_and_the_rest_counted()
    {
        var actions = new List<VisitLogAction>();
        for (var i = 0; i < 503; i++)
        {
            actions.Add(PageView(i + 1, i));
        }

        var (list, truncated) = ActionDetails.Build(Visit(502), s_site, actions, [], [], [], []);
        Assert.Equal(500, list.Count);
        Assert.Equal(3, truncated);
        Assert.Equal("https://example.org/page1", list[0]["url"]);
        Assert.Equal("https://example.org/page500", list[^1]["url"]);
    }

    [Fact]
    public void A_conversion_without_action_comes_before_actions_of_the_same_second()
    {
        // A manual goal has no action row (idlink_va); at equal times Matomo puts a missing id first.
        var goal = new VisitLogConversion { IdVisit = 1, IdGoal = 1, ServerTime = s_start.AddSeconds(10), Url = "https://example.org/", Revenue = 5 };
        var (list, _) = ActionDetails.Build(Visit(20), s_site, [PageView(1, 0), PageView(2, 10)], [goal], [], [], []);
        Assert.Equal(["action", "goal", "action"], list.Select(a => (string)a["type"]!).ToArray());
        Assert.Equal("https://example.org/page2", list[2]["url"]);
    }
}
