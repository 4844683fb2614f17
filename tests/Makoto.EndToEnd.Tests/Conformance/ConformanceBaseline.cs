using System.Text.Encodings.Web;
using System.Text.Json;

namespace Makoto.EndToEnd.Tests.Conformance;

/// <summary>
/// The ratchet: <c>Conformance/baseline.json</c> in the source tree maps each expected file to the
/// number of its values Makoto reproduced when the baseline was last written. Setting
/// <see cref="UpdateVariable"/> to 1 rewrites it with the counts of the current run.
/// </summary>
internal static class ConformanceBaseline
{
    public const string UpdateVariable = "MAKOTO_UPDATE_CONFORMANCE_BASELINE";

    private static readonly JsonSerializerOptions s_writeOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static bool UpdateRequested => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    /// <summary>The source-tree file, found by walking up from the test binaries to the folder holding <c>Makoto.slnx</c>.</summary>
    public static string SourcePath()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Makoto.slnx")))
            {
                return Path.Combine(folder.FullName, "tests", "Makoto.EndToEnd.Tests", "Conformance", "baseline.json");
            }
        }

        throw new InvalidOperationException(
            $"No Makoto.slnx above {AppContext.BaseDirectory}: the conformance baseline is read from the source tree, so run the tests from a checkout.");
    }

    public static Dictionary<string, int> Read(string path) =>
        JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(path)) ?? [];

    public static void Write(string path, IEnumerable<FileScore> scores)
    {
        var counts = new SortedDictionary<string, int>(scores.ToDictionary(s => s.File, s => s.Matched), StringComparer.Ordinal);
        File.WriteAllText(path, JsonSerializer.Serialize(counts, s_writeOptions).ReplaceLineEndings("\n") + "\n");
    }
}
