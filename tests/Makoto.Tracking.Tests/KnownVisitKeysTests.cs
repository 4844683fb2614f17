using System.Text;
using Makoto.Tracking.Visits;

namespace Makoto.Tracking.Tests;

public sealed class KnownVisitKeysTests : IDisposable
{
    private static readonly DateTime s_time = new(2024, 3, 1, 10, 0, 0, DateTimeKind.Utc);
    private readonly RecorderHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void Keys_of_visits_stored_before_the_start_are_known_once_loaded_and_unseen_keys_are_not()
    {
        var stored = Convert.FromHexString("00112233aabbccdd");
        _harness.PageView(s_time, visitorId: stored, config: "config-a");

        var keys = KnownVisitKeys.StartLoading(_harness.Database, error => throw error);
        Assert.True(SpinWait.SpinUntil(() => keys.IsReady, TimeSpan.FromSeconds(30)));

        var site = _harness.Site.IdSite;
        Assert.True(keys.MayHaveVisitor(site, stored));
        Assert.True(keys.MayHaveConfig(site, Encoding.ASCII.GetBytes("config-a")));
        var unseen = Convert.FromHexString("99887766554433ff");
        Assert.False(keys.MayHaveVisitor(site, unseen));
        Assert.False(keys.MayHaveConfig(site, Encoding.ASCII.GetBytes("config-b")));
        Assert.False(keys.MayHaveVisitor(site + 1, stored));

        keys.Add(site, unseen, Encoding.ASCII.GetBytes("config-b"));
        Assert.True(keys.MayHaveVisitor(site, unseen));
        Assert.True(keys.MayHaveConfig(site, Encoding.ASCII.GetBytes("config-b")));
    }
}
