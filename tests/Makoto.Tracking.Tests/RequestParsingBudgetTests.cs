using System.Net;
using Makoto.Core.Sites;
using Makoto.Storage.Sites;
using Makoto.Storage.Sqlite;
using Makoto.Storage.Users;
using Makoto.Tracking.Requests;
using Microsoft.Data.Sqlite;

namespace Makoto.Tracking.Tests;

/// <summary>
/// The allocation budget of the hot path's first step (bench/README.md): parsing a typical page view of
/// the JavaScript tracker into a <see cref="TrackingRequest"/>. BenchmarkDotNet measures the same in
/// <c>bench/Makoto.Benchmarks/RequestParsingBenchmark.cs</c>; this test keeps the budget from regressing.
/// </summary>
public sealed class RequestParsingBudgetTests : IDisposable
{
    /// <summary>Bytes allocated per parsed page view, at most.</summary>
    private const long BudgetBytes = 2560;

    /// <summary>The same page view as the benchmark's: matomo.js 5, 32 parameters.</summary>
    private const string PageView =
        "action_name=Pricing%20%E2%80%93%20Example%20Shop&idsite=1&rec=1&r=712345&h=14&m=3&s=27" +
        "&url=https%3A%2F%2Fwww.example.com%2Fpricing%3Fplan%3Dteam%26utm_source%3Dnewsletter" +
        "&urlref=https%3A%2F%2Fwww.google.com%2F&_id=5a9d8c7b6e5f4a3b&_idn=0&send_image=0&_refts=1761200000" +
        "&_ref=https%3A%2F%2Fwww.google.com%2F&pdf=1&qt=0&realp=0&wma=0&fla=0&java=0&ag=0&cookie=1&res=1920x1080" +
        "&dimension1=team&pv_id=Ab3dE6&pf_net=12&pf_srv=84&pf_tfr=5&pf_dm1=310&pf_dm2=95&pf_onl=2" +
        "&uadata=%7B%22fullVersionList%22%3A%5B%7B%22brand%22%3A%22Chromium%22%2C%22version%22%3A%22130.0.6723.91%22%7D%5D%2C%22mobile%22%3Afalse%2C%22platform%22%3A%22Windows%22%2C%22platformVersion%22%3A%2215.0.0%22%7D";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "makoto-parse-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteDatabase _database;
    private readonly TrackingRequestReader _reader;
    private readonly TrackingClient _client = new(IPAddress.Parse("198.51.100.23"), "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "en-US", null);

    public RequestParsingBudgetTests()
    {
        _database = new SqliteDatabase(_folder);
        _database.Migrate();
        var sites = new SiteStore(_database);
        sites.Add(new Site { IdSite = 0, Name = "Example Shop", MainUrl = "https://www.example.com", TsCreated = DateTime.UnixEpoch, Timezone = "UTC" });
        _reader = new TrackingRequestReader(sites, new TokenAuthenticator(new UserStore(_database), TimeProvider.System), new TrackerOptions());
    }

    public void Dispose()
    {
        _database.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void Parsing_a_page_view_stays_within_its_allocation_budget()
    {
        var now = DateTime.UtcNow;
        var request = _reader.Read(TrackingParameters.Parse(PageView), _client, null, now);
        Assert.Equal(("https://www.example.com/pricing?plan=team&utm_source=newsletter", "Pricing – Example Shop"), (request.Url, request.ActionName));
        Assert.Equal(32, request.Parameters.Count);

        const int Rounds = 1000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Rounds; i++)
        {
            _reader.Read(TrackingParameters.Parse(PageView), _client, null, now);
        }

        var perRequest = (GC.GetAllocatedBytesForCurrentThread() - before) / Rounds;
        Assert.True(perRequest <= BudgetBytes, $"parsing a page view allocates {perRequest} bytes; the budget is {BudgetBytes}");
    }
}
