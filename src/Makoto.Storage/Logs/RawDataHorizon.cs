using System.Globalization;
using System.Text.Json;
using Makoto.Storage.Options;

namespace Makoto.Storage.Logs;

/// <summary>
/// For each site, the time before which its raw logs were deleted (the data retention purge), kept in the
/// <c>option</c> table so that every process on the store knows it. Reports of days before it can no
/// longer be rebuilt: the archiver keeps them as they are, even when something invalidated them. A site's
/// horizon only moves forward, and it is stored before the logs are deleted.
/// </summary>
public sealed class RawDataHorizon(OptionStore options, TimeProvider clock)
{
    /// <summary>The option holding the horizons: a JSON object of site id to UTC time (<c>YYYY-MM-DD HH:MM:SS</c>).</summary>
    public const string OptionName = "PrivacyManager.rawDataDeletedBefore";

    private static readonly TimeSpan s_refresh = TimeSpan.FromSeconds(10);
    private readonly Lock _lock = new();
    private Dictionary<int, DateTime> _values = [];
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;

    /// <summary>
    /// The raw logs of the site's visits that ended before this time (UTC) were deleted; null when none were.
    /// The value is read again every few seconds, or now with <paramref name="fresh"/> (another process,
    /// such as <c>makoto delete-logs</c>, may have just moved it).
    /// </summary>
    public DateTime? DeletedBefore(int idSite, bool fresh = false)
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            if (fresh || now - _readAt >= s_refresh)
            {
                _values = Parse(options.Get(OptionName));
                _readAt = now;
            }

            return _values.TryGetValue(idSite, out var value) ? value : null;
        }
    }

    /// <summary>True when the site's raw logs of the whole span ending at <paramref name="endUtc"/> were deleted.</summary>
    public bool Covers(int idSite, DateTime endUtc, bool fresh = false) => DeletedBefore(idSite, fresh) is { } before && endUtc <= before;

    /// <summary>Moves the site's horizon to <paramref name="cutoffUtc"/> unless it is already later.</summary>
    public void MoveTo(int idSite, DateTime cutoffUtc)
    {
        lock (_lock)
        {
            var values = Parse(options.Get(OptionName));
            if (!values.TryGetValue(idSite, out var current) || cutoffUtc > current)
            {
                values[idSite] = cutoffUtc;
                options.Set(OptionName, JsonSerializer.Serialize(values.ToDictionary(
                    kv => kv.Key.ToString(CultureInfo.InvariantCulture), kv => SqlDates.FormatDateTime(kv.Value))));
            }

            _values = values;
            _readAt = clock.GetUtcNow();
        }
    }

    private static Dictionary<int, DateTime> Parse(string? json)
    {
        var values = new Dictionary<int, DateTime>();
        if (string.IsNullOrEmpty(json))
        {
            return values;
        }

        try
        {
            foreach (var (key, text) in JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [])
            {
                if (int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var idSite) && text.Length >= 19)
                {
                    values[idSite] = SqlDates.ParseDateTime(text);
                }
            }
        }
        catch (JsonException)
        {
            // An unreadable value means no known horizon; the next purge writes a fresh one.
        }

        return values;
    }
}
