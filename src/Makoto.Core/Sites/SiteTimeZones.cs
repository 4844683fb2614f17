using System.Collections.Concurrent;
using System.Globalization;

namespace Makoto.Core.Sites;

/// <summary>
/// Resolves Matomo timezone identifiers: IANA names (<c>Europe/Berlin</c>), <c>UTC</c>, and the
/// manual offsets Matomo offers (<c>UTC+2</c>, <c>UTC-3.5</c>, <c>UTC+5.75</c>).
/// </summary>
public static class SiteTimeZones
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> s_cache = new(StringComparer.Ordinal);

    public static bool IsValid(string? id) => id is not null && TryResolve(id, out _);

    public static TimeZoneInfo Resolve(string id) =>
        TryResolve(id, out var tz) ? tz : throw new ArgumentException($"The timezone '{id}' is not valid.", nameof(id));

    public static bool TryResolve(string id, out TimeZoneInfo timeZone)
    {
        if (s_cache.TryGetValue(id, out timeZone!))
        {
            return true;
        }

        if (!TryCreate(id, out timeZone!))
        {
            return false;
        }

        s_cache[id] = timeZone;
        return true;
    }

    private static bool TryCreate(string id, out TimeZoneInfo? timeZone)
    {
        timeZone = null;
        if (id is "UTC" or "Etc/UTC")
        {
            timeZone = TimeZoneInfo.Utc;
            return true;
        }

        if (id.StartsWith("UTC", StringComparison.Ordinal) && id.Length > 4 && (id[3] == '+' || id[3] == '-'))
        {
            if (!decimal.TryParse(id.AsSpan(4), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var hours)
                || hours > 14)
            {
                return false;
            }

            var offset = TimeSpan.FromMinutes((double)(hours * 60) * (id[3] == '-' ? -1 : 1));
            timeZone = TimeZoneInfo.CreateCustomTimeZone(id, offset, id, id);
            return true;
        }

        if (!id.Contains('/', StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            timeZone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (TimeZoneNotFoundException)
        {
            return false;
        }
        catch (InvalidTimeZoneException)
        {
            return false;
        }
    }

    /// <summary>The calendar date in <paramref name="timeZone"/> of a UTC instant.</summary>
    public static DateOnly LocalDate(DateTime utc, TimeZoneInfo timeZone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), timeZone));

    /// <summary>The local time in <paramref name="timeZone"/> of a UTC instant.</summary>
    public static DateTime ToLocal(DateTime utc, TimeZoneInfo timeZone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), timeZone);

    /// <summary>
    /// The UTC interval [start, end) covering the local days <paramref name="first"/> to
    /// <paramref name="last"/> in <paramref name="timeZone"/>.
    /// </summary>
    public static (DateTime StartUtc, DateTime EndUtc) UtcBounds(DateOnly first, DateOnly last, TimeZoneInfo timeZone) =>
        (LocalMidnightToUtc(first, timeZone), LocalMidnightToUtc(last.AddDays(1), timeZone));

    private static DateTime LocalMidnightToUtc(DateOnly day, TimeZoneInfo timeZone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // Midnight can be skipped by a daylight-saving jump in a few zones: use the first valid instant.
        while (timeZone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, timeZone);
    }
}
