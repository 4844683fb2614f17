using System.Diagnostics;

namespace Makoto.EndToEnd.Tests.Tracker;

/// <summary>
/// The JavaScript tracker's own unit tests (tracker/test/*.test.js, node:test) run by <c>dotnet test</c>:
/// one case per test file, each run with <c>node --test</c>; a failing file fails its case with node's
/// report. Node.js is needed by the build anyway (it bundles the tracker).
/// </summary>
public sealed class TrackerUnitTests
{
    private static readonly Lazy<string> s_trackerDir = new(FindTrackerDir);

    /// <summary>tracker/ at the root of the repository.</summary>
    internal static string TrackerDir => s_trackerDir.Value;

    public static TheoryData<string> TestFiles()
    {
        var files = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(s_trackerDir.Value, "test"), "*.test.js").Order(StringComparer.Ordinal))
        {
            files.Add(Path.GetFileName(file));
        }

        return files;
    }

    [Theory]
    [MemberData(nameof(TestFiles))]
    public async Task Node_test_file_passes(string file)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = s_trackerDir.Value,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("--test");
        start.ArgumentList.Add("--test-reporter=tap");
        start.ArgumentList.Add(Path.Combine("test", file));
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node could not be started.");
        var output = node.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = node.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await node.WaitForExitAsync(TestContext.Current.CancellationToken);
        var report = await output + await errors;

        Assert.True(node.ExitCode == 0, $"node --test {file} exited with {node.ExitCode}:\n{report}");
        Assert.Contains("# fail 0", report, StringComparison.Ordinal);
        Assert.DoesNotContain("# pass 0", report, StringComparison.Ordinal);
    }

    /// <summary>tracker/ at the root of the repository, found from the test's output directory upwards.</summary>
    private static string FindTrackerDir()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tracker");
            if (File.Exists(Path.Combine(candidate, "package.json")) && Directory.Exists(Path.Combine(candidate, "test")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"tracker/ (the JavaScript tracker) was not found above {AppContext.BaseDirectory}.");
    }
}
