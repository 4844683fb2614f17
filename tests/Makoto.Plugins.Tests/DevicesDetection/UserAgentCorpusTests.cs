using System.Text;
using Makoto.Plugins.DevicesDetection.Detection;

namespace Makoto.Plugins.Tests.DevicesDetection;

/// <summary>
/// Several hundred real User-Agents (<c>TestData/user-agents.tsv</c>) with the operating system, client,
/// device type and brand that their vendors' documentation implies, in Matomo's names. The detector is
/// a heuristic over a community database, so the bar is a pass rate; every miss is listed.
/// </summary>
public class UserAgentCorpusTests(ITestOutputHelper output)
{
    private const double RequiredPassRate = 0.95;

    private static readonly DeviceDetector s_detector = new(cacheCapacity: 16);

    public static IReadOnlyList<CorpusCase> Cases { get; } = Load();

    [Fact]
    public void The_corpus_has_at_least_300_user_agents_of_every_kind()
    {
        Assert.True(Cases.Count >= 300, $"{Cases.Count} cases");
        Assert.Contains(Cases, c => c.Os == "bot");
        Assert.Contains(Cases, c => c.DeviceType == "Tv");
        Assert.Contains(Cases, c => c.DeviceType == "Console");
        Assert.Contains(Cases, c => c.DeviceType == "Tablet");
        Assert.Contains(Cases, c => c.Os == "KaiOS");
    }

    [Fact]
    public void At_least_95_percent_of_the_user_agents_are_detected_as_documented()
    {
        var failures = new List<string>();
        foreach (var testCase in Cases)
        {
            var differences = testCase.Differences(s_detector.DetectUncached(testCase.UserAgent, null));
            if (differences.Count > 0)
            {
                failures.Add($"line {testCase.Line}: {string.Join("; ", differences)}\n    {testCase.UserAgent}");
            }
        }

        var passed = Cases.Count - failures.Count;
        var rate = (double)passed / Cases.Count;
        var report = new StringBuilder($"{passed} of {Cases.Count} User-Agents pass in full ({rate:P1}); {failures.Count} do not:\n");
        foreach (var failure in failures)
        {
            report.Append("  ").Append(failure).Append('\n');
        }

        output.WriteLine(report.ToString());
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "devices-detection-corpus-report.txt"), report.ToString());
        Assert.True(rate >= RequiredPassRate, report.ToString());
    }

    private static List<CorpusCase> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "DevicesDetection", "TestData", "user-agents.tsv");
        var cases = new List<CorpusCase>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split('\t');
            if (fields.Length >= 3 && fields[1] == "bot")
            {
                cases.Add(new CorpusCase(lineNumber, fields[0], "bot", "*", fields[2], "*", "*", "*"));
            }
            else if (fields.Length == 7)
            {
                cases.Add(new CorpusCase(lineNumber, fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6]));
            }
            else
            {
                throw new InvalidDataException($"{path}:{lineNumber}: expected 7 tab-separated fields (or 3 for a bot), found {fields.Length}");
            }
        }

        return cases;
    }
}

/// <summary>One line of the corpus: "*" is not checked, "-" means empty, "a|b" accepts either.</summary>
public sealed record CorpusCase(int Line, string UserAgent, string Os, string OsVersion, string Client, string ClientVersion, string DeviceType, string Brand)
{
    public List<string> Differences(DeviceInfo info)
    {
        var differences = new List<string>();
        if (Os == "bot")
        {
            if (!info.IsBot)
            {
                differences.Add("not detected as a bot");
            }
            else if (Client != "*" && Client != info.BotName)
            {
                differences.Add($"bot name '{info.BotName}', expected '{Client}'");
            }

            return differences;
        }

        if (info.IsBot)
        {
            differences.Add($"detected as the bot '{info.BotName}'");
            return differences;
        }

        Check("OS", Os, info.OsName);
        Check("OS version", OsVersion, info.OsVersion);
        Check("client", Client, info.ClientName);
        Check("client version", ClientVersion, info.ClientVersion);
        Check("device type", DeviceType, DeviceTypes.Label(info.DeviceType));
        Check("brand", Brand, info.BrandName);
        return differences;

        void Check(string what, string expected, string actual)
        {
            if (expected == "*")
            {
                return;
            }

            var wanted = expected.Split('|').Select(e => e == "-" ? "" : e).ToArray();
            if (!wanted.Contains(actual, StringComparer.Ordinal))
            {
                differences.Add($"{what} '{actual}', expected '{string.Join("' or '", wanted)}'");
            }
        }
    }
}
