using System.Globalization;
using System.Text.Json;
using Makoto.Plugins.Referrers;
using Makoto.Storage.Logs;
using Makoto.Tracking.Pipeline;
using Makoto.Tracking.Requests;
using static Makoto.Plugins.Tests.Referrers.ReferrerTestKit;

namespace Makoto.Plugins.Tests.Referrers;

/// <summary>
/// Referrer detection over the Matomo 5.0.2 conformance corpus (the copy in
/// <c>tests/Makoto.EndToEnd.Tests/Conformance/Data</c>, see its README), checked against the
/// visits per referrer in Matomo's own Referrers reports for that corpus.
/// </summary>
/// <remarks>
/// Method: every request of <c>requests.txt</c> is parsed (URL-decoded) and run through the
/// detector, in file order. Visits are cut as Matomo's visit recognition does for this corpus: by
/// visitor (the User ID when the request has one, else <c>_id</c>), a new visit when there is no
/// previous one, with <c>new_visit=1</c>, after 30 minutes without action, on another local day
/// (Europe/Berlin), or when the detector's campaign-change rule says so; a ping that would start a
/// visit is dropped. A visit takes the referrer of its first hit, and a direct visit takes the
/// first non-direct referrer of a later hit (tracking-api.md §6.7). The visits are then counted per
/// referrer the way each report labels them: search engines by name and by keyword (empty keyword
/// = "Keyword not defined"), social networks by name (Matomo's report shows the list's
/// "instagram" as "Instagram"), websites by name, campaigns by name, and per type; per day by the
/// local date of the visit's first action. The expected counts are read from Matomo's JSON output.
/// </remarks>
public class ConformanceCorpusTests
{
    private const string KeywordNotDefined = "Keyword not defined";
    private static readonly TimeZoneInfo s_berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static readonly Dictionary<string, int> s_typeLabels = new()
    {
        ["Direct Entry"] = ReferrerType.Direct,
        ["Search Engines"] = ReferrerType.SearchEngine,
        ["Websites"] = ReferrerType.Website,
        ["Campaigns"] = ReferrerType.Campaign,
        ["Social Networks"] = ReferrerType.Social,
    };

    [Fact]
    public void Visits_per_referrer_type_match_matomo()
    {
        var (visits, data) = Replay();
        var expected = Read(data, "Referrers.getReferrerType__range__2026-10-11_2026-10-13.json")
            .ToDictionary(r => s_typeLabels[r.Label].ToString(CultureInfo.InvariantCulture), r => r.Visits);
        var actual = Count(visits, v => v.RefererType!.Value.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(400, visits.Count);
        AssertSameCounts(expected, actual);
    }

    [Theory]
    [InlineData("Referrers.getSearchEngines", ReferrerType.SearchEngine)]
    [InlineData("Referrers.getKeywords", ReferrerType.SearchEngine)]
    [InlineData("Referrers.getSocials", ReferrerType.Social)]
    [InlineData("Referrers.getWebsites", ReferrerType.Website)]
    [InlineData("Referrers.getCampaigns", ReferrerType.Campaign)]
    public void Visits_per_referrer_match_matomos_report(string method, int type)
    {
        var (visits, data) = Replay();
        var expected = Read(data, method + "__range__2026-10-11_2026-10-13.json").ToDictionary(r => r.Label, r => r.Visits);
        var ofType = visits.Where(v => v.RefererType == type).ToList();
        var actual = method == "Referrers.getKeywords" ? Count(ofType, KeywordLabel) : Count(ofType, NameLabel);
        AssertSameCounts(expected, actual);
    }

    [Theory]
    [InlineData("day__2026-10-11")]
    [InlineData("day__2026-10-12")]
    [InlineData("day__2026-10-13")]
    [InlineData("range__2026-10-11_2026-10-13")]
    public void All_referrers_per_day_match_matomos_get_all(string period)
    {
        var (visits, data) = Replay();
        var expected = Read(data, $"Referrers.getAll__{period}.json").ToDictionary(r => r.Label + " | " + r.Type, r => r.Visits);
        var inPeriod = period.StartsWith("day__", StringComparison.Ordinal)
            ? visits.Where(v => v.Day == DateOnly.ParseExact(period[5..], "yyyy-MM-dd", CultureInfo.InvariantCulture))
            : visits;
        var actual = Count(
            inPeriod.Where(v => v.RefererType != ReferrerType.Direct).ToList(),
            v => (v.RefererType == ReferrerType.SearchEngine ? KeywordLabel(v) : NameLabel(v)) + " | " + v.RefererType);
        AssertSameCounts(expected, actual);
    }

    private static string KeywordLabel(CorpusVisit visit) => string.IsNullOrEmpty(visit.RefererKeyword) ? KeywordNotDefined : visit.RefererKeyword;

    private static string NameLabel(CorpusVisit visit) =>
        visit.RefererType == ReferrerType.Social && visit.RefererName == "instagram" ? "Instagram" : visit.RefererName ?? "";

    private static Dictionary<string, int> Count(IEnumerable<CorpusVisit> visits, Func<CorpusVisit, string> label) =>
        visits.GroupBy(label).ToDictionary(g => g.Key, g => g.Count());

    private static void AssertSameCounts(Dictionary<string, int> expected, Dictionary<string, int> actual)
    {
        var differences = expected.Keys.Union(actual.Keys)
            .Where(k => expected.GetValueOrDefault(k) != actual.GetValueOrDefault(k))
            .Select(k => $"{k}: Matomo {expected.GetValueOrDefault(k)}, Makoto {actual.GetValueOrDefault(k)}")
            .ToList();
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
    }

    private static List<(string Label, int Visits, int? Type)> Read(string data, string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(data, "expected", file)));
        return document.RootElement.EnumerateArray()
            .Select(row => (
                row.GetProperty("label").GetString()!,
                row.GetProperty("nb_visits").GetInt32(),
                row.TryGetProperty("referer_type", out var type) ? type.GetInt32() : (int?)null))
            .ToList();
    }

    private static readonly Lazy<(List<CorpusVisit> Visits, string Data)?> s_replay = new(ReplayCorpus);

    private static (List<CorpusVisit> Visits, string Data) Replay()
    {
        if (s_replay.Value is not { } replay)
        {
            Assert.Skip("The conformance corpus (tests/Makoto.EndToEnd.Tests/Conformance/Data) is not in this checkout.");
            throw new InvalidOperationException();
        }

        return replay;
    }

    private static (List<CorpusVisit> Visits, string Data)? ReplayCorpus()
    {
        if (CorpusFolder() is not { } data)
        {
            return null;
        }

        var site = NewSite(4, "http://shop.example.org", "http://www.shop.example.org");
        var detector = Detector([site]);
        var visits = new List<CorpusVisit>();
        var current = new Dictionary<string, CorpusVisit>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(data, "requests.txt")))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var parameters = TrackingParameters.Parse(line.AsSpan(1));
            var time = DateTime.UnixEpoch.AddSeconds(long.Parse(parameters["cdt"]!, CultureInfo.InvariantCulture));
            var request = FromParameters(site, parameters, time);
            var hit = new HitContext(request);
            detector.Process(hit);

            var visitor = parameters["uid"] is { Length: > 0 } uid ? "uid:" + uid : "id:" + parameters["_id"];
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(time, s_berlin));
            current.TryGetValue(visitor, out var previous);
            var isNew = previous is null
                || request.NewVisit
                || (time - previous.LastAction).TotalSeconds >= 1800
                || previous.Day != day
                || hit.ForcesNewVisit?.Invoke(previous.Row) == true;
            if (request.Ping)
            {
                if (!isNew)
                {
                    previous!.LastAction = time;
                }

                continue;
            }

            if (isNew)
            {
                var visit = new CorpusVisit { Day = day, LastAction = time };
                visit.TakeReferrer(hit.Visit);
                visits.Add(visit);
                current[visitor] = visit;
                continue;
            }

            previous!.LastAction = time;
            if (previous.RefererType == ReferrerType.Direct && hit.HasNonDirectReferrer)
            {
                previous.TakeReferrer(hit.Visit);
            }
        }

        return (visits, data);
    }

    private static string? CorpusFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Makoto.slnx")))
            {
                var data = Path.Combine(folder.FullName, "tests", "Makoto.EndToEnd.Tests", "Conformance", "Data");
                return File.Exists(Path.Combine(data, "requests.txt")) ? data : null;
            }
        }

        return null;
    }

    /// <summary>A visit of the replay: its local day, last action and referrer columns.</summary>
    private sealed class CorpusVisit
    {
        public DateOnly Day { get; init; }

        public DateTime LastAction { get; set; }

        /// <summary>The visit's referer_* columns.</summary>
        public VisitRow Row { get; } = new();

        public int? RefererType => Row.RefererType;

        public string? RefererName => Row.RefererName;

        public string? RefererKeyword => Row.RefererKeyword;

        public void TakeReferrer(VisitRow hit)
        {
            Row.RefererType = hit.RefererType;
            Row.RefererName = hit.RefererName;
            Row.RefererKeyword = hit.RefererKeyword;
            Row.RefererUrl = hit.RefererUrl;
        }
    }
}
