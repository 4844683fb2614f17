using System.Text.Json;
using Makoto.Storage.Options;

namespace Makoto.LogImport;

/// <summary>A file imported before: where it was, how many lines it had, when.</summary>
public sealed record ImportedFile(string Path, long Lines, long Recorded, DateTime ImportedAt);

/// <summary>
/// The files imported into the local store, by the fingerprint of their first 64 KB (<see cref="LogInput.Fingerprint"/>),
/// kept in the <c>option</c> table. Importing the same file again would count its visits twice, so the
/// importer skips a file it finds here unless told <c>--force</c> (or told where to resume, <c>--skip</c>).
/// </summary>
public sealed class ImportLedger(OptionStore options, TimeProvider clock)
{
    private const string Prefix = "LogImport.file.";

    public ImportedFile? Find(string fingerprint)
    {
        var json = options.Get(Prefix + fingerprint);
        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ImportedFile>(json);
        }
        catch (JsonException)
        {
            return new ImportedFile("?", 0, 0, DateTime.MinValue);
        }
    }

    public void Record(string fingerprint, string path, long lines, long recorded) =>
        options.Set(Prefix + fingerprint, JsonSerializer.Serialize(new ImportedFile(Path.GetFullPath(path), lines, recorded, Now())));

    private DateTime Now()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }
}
