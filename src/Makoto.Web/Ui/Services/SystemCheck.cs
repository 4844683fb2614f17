using System.Globalization;
using Makoto.Archiving;
using Makoto.Plugins.UserCountry;
using Makoto.Reporting.Api;
using Makoto.Storage.Archives;

namespace Makoto.Web.Ui.Services;

/// <summary>How one check of the system check came out.</summary>
public enum CheckState
{
    Ok,
    Warning,
    Error,
}

/// <summary>One line of the system check: what was checked, its outcome, and what it found (what to do when it is not fine).</summary>
public sealed record SystemCheckItem(string Name, CheckState State, string Detail);

/// <summary>
/// The administration's system check: the database (answers, where it is, its size), the disk of the data
/// folder, archiving and tracking (background archiver, days waiting to be rebuilt, failed writes) and the
/// geolocation database. The database figures come from the API's <c>Makoto.getStatus</c>.
/// </summary>
public sealed class SystemCheck(ApiClient api, ArchivingOptions archiving, ArchiveStore archives, IServiceProvider services, SystemCheck.Location data)
{
    /// <summary>Less free space than this on the data folder's disk is a warning.</summary>
    public const long LowDiskBytes = 1L << 30;

    /// <summary>Less than this share of the disk free is a warning too.</summary>
    public const double LowDiskShare = 0.05;

    public async Task<IReadOnlyList<SystemCheckItem>> RunAsync()
    {
        var items = new List<SystemCheckItem>();
        PlainObject? status = null;
        try
        {
            status = await api.CallAsync("Makoto.getStatus") as PlainObject;
            var size = status?.GetValueOrDefault("database_bytes") is { } bytes ? $", {Bytes(Convert.ToInt64(bytes, CultureInfo.InvariantCulture))}" : "";
            items.Add(new("Database", CheckState.Ok, $"Answers: {status?.Text("database")}{size}."));
        }
        catch (ApiException error)
        {
            items.Add(new("Database", CheckState.Error, error.Message));
        }

        items.Add(Disk(data.DataPath));
        items.Add(Archiving(archiving.BackgroundIntervalSeconds, archives.DirtyDays.Pending().Count));
        if (status is not null)
        {
            items.Add(Tracking((long)status.Number("tracking_store_failed"), (long)status.Number("tracking_queue_depth"), (long)status.Number("tracking_committed")));
        }

        items.Add(services.GetService<GeolocationStatus>() is { } geolocation
            ? new("Geolocation database", geolocation.Available ? CheckState.Ok : CheckState.Warning, geolocation.Description)
            : new("Geolocation database", CheckState.Warning, "The UserCountry plugin is switched off: visits are not located."));
        return items;
    }

    /// <summary>The free space on the disk that holds <paramref name="path"/>.</summary>
    public static SystemCheckItem Disk(string path)
    {
        try
        {
            var drive = new DriveInfo(Path.GetPathRoot(Path.GetFullPath(path)) ?? path);
            return Disk(path, drive.AvailableFreeSpace, drive.TotalSize);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return new("Disk space", CheckState.Warning, $"The free space of the disk of {path} cannot be read: {error.Message}");
        }
    }

    public static SystemCheckItem Disk(string path, long free, long total)
    {
        var low = free < LowDiskBytes || (total > 0 && free < total * LowDiskShare);
        var text = $"{Bytes(free)} free of {Bytes(total)} on the disk of the data folder {path}.";
        return low
            ? new("Disk space", CheckState.Warning, text + " Free some space or move the data folder: tracking stops when the disk is full.")
            : new("Disk space", CheckState.Ok, text);
    }

    public static SystemCheckItem Archiving(int intervalSeconds, int pendingDays) =>
        intervalSeconds <= 0
            ? new("Archiving", CheckState.Warning,
                "The background archiver is off (Makoto:Archiving:BackgroundIntervalSeconds = 0): reports are built when they are first requested, "
                + $"or by `makoto archive` (run it from cron). {Days(pendingDays)} waiting to be rebuilt.")
            : new("Archiving", CheckState.Ok,
                $"The background archiver runs every {intervalSeconds} seconds. {Days(pendingDays)} waiting to be rebuilt.");

    public static SystemCheckItem Tracking(long failedWrites, long queued, long committed) =>
        failedWrites > 0
            ? new("Tracking", CheckState.Error, $"{failedWrites} tracking requests could not be stored since the start (see the server log); {committed} were stored, {queued} are waiting.")
            : new("Tracking", CheckState.Ok, $"{committed} tracking requests stored since the start; {queued} waiting to be written.");

    /// <summary>A size in bytes for people: 1.5 GB, 20.0 MB, 512 bytes (units of 1,024).</summary>
    public static string Bytes(long bytes)
    {
        string[] units = ["KB", "MB", "GB", "TB"];
        if (bytes < 1024)
        {
            return bytes.ToString(CultureInfo.InvariantCulture) + " bytes";
        }

        var value = (double)bytes;
        var unit = -1;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return value.ToString("0.0", CultureInfo.InvariantCulture) + " " + units[unit];
    }

    private static string Days(int count) => count == 1 ? "1 day is" : $"{count} days are";

    /// <summary>Where the server keeps its data (the full path of the data folder).</summary>
    public sealed record Location(string DataPath);
}
