using System.Net;
using BenchmarkDotNet.Attributes;
using Makoto.Core.Sites;
using Makoto.Storage.Sites;
using Makoto.Storage.Sqlite;
using Makoto.Storage.Users;
using Makoto.Tracking.Requests;

namespace Makoto.Benchmarks;

/// <summary>
/// Parsing one typical page view of the JavaScript tracker (its query string as sent by matomo.js 5)
/// into a validated <see cref="TrackingRequest"/>: the query decoding and the request reader, without
/// HTTP. The allocation budget is in bench/README.md.
///   dotnet run -c Release --project bench/Makoto.Benchmarks -- --filter '*RequestParsing*'
/// </summary>
[MemoryDiagnoser]
public class RequestParsingBenchmark
{
    /// <summary>A page view as matomo.js sends it: 32 parameters, URL and referrer escaped.</summary>
    public const string PageView =
        "action_name=Pricing%20%E2%80%93%20Example%20Shop&idsite=1&rec=1&r=712345&h=14&m=3&s=27" +
        "&url=https%3A%2F%2Fwww.example.com%2Fpricing%3Fplan%3Dteam%26utm_source%3Dnewsletter" +
        "&urlref=https%3A%2F%2Fwww.google.com%2F&_id=5a9d8c7b6e5f4a3b&_idn=0&send_image=0&_refts=1761200000" +
        "&_ref=https%3A%2F%2Fwww.google.com%2F&pdf=1&qt=0&realp=0&wma=0&fla=0&java=0&ag=0&cookie=1&res=1920x1080" +
        "&dimension1=team&pv_id=Ab3dE6&pf_net=12&pf_srv=84&pf_tfr=5&pf_dm1=310&pf_dm2=95&pf_onl=2" +
        "&uadata=%7B%22fullVersionList%22%3A%5B%7B%22brand%22%3A%22Chromium%22%2C%22version%22%3A%22130.0.6723.91%22%7D%5D%2C%22mobile%22%3Afalse%2C%22platform%22%3A%22Windows%22%2C%22platformVersion%22%3A%2215.0.0%22%7D";

    private readonly TrackingClient _client = new(
        IPAddress.Parse("198.51.100.23"),
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
        "en-US,en;q=0.9",
        "https://www.example.com/pricing");

    private SqliteDatabase _database = null!;
    private string _folder = null!;
    private TrackingRequestReader _reader = null!;
    private DateTime _now;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "makoto-parse-bench-" + Guid.NewGuid().ToString("N"));
        _database = new SqliteDatabase(_folder);
        _database.Migrate();
        var sites = new SiteStore(_database);
        sites.Add(new Site { IdSite = 0, Name = "Example Shop", MainUrl = "https://www.example.com", TsCreated = DateTime.UnixEpoch, Timezone = "UTC" });
        _reader = new TrackingRequestReader(sites, new TokenAuthenticator(new UserStore(_database), TimeProvider.System), new TrackerOptions());
        _now = DateTime.UtcNow;
        _ = Parse();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _database.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark]
    public TrackingRequest Parse() => _reader.Read(TrackingParameters.Parse(PageView), _client, bulkToken: null, _now);
}
