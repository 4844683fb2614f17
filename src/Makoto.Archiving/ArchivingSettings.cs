using System.Globalization;
using Makoto.Storage.Options;

namespace Makoto.Archiving;

/// <summary>
/// The archiving setting a super user changes while Makoto runs (Administration → General settings,
/// <c>makoto config set</c>): how stale the reports of a running period may get, stored under Matomo's option
/// name <c>todayArchiveTimeToLive</c>, its default the configured <see cref="ArchivingOptions.TodayArchiveTtlSeconds"/>.
/// </summary>
public sealed class ArchivingSettings(StoredSettings settings)
{
    public const string TodayArchiveTimeToLive = "todayArchiveTimeToLive";

    /// <summary>The largest time to live accepted: a day (a running period's reports older than that help nobody).</summary>
    public const int MaxTodayArchiveTtlSeconds = 86_400;

    /// <summary>The declaration, with the configured time to live as its default; a stored value is 1 to a day, as Matomo refuses 0.</summary>
    public static StoredSetting Declaration(ArchivingOptions options) => new(
        TodayArchiveTimeToLive,
        "Seconds the reports of today (and of the running week, month, year) are reused after new hits arrived before they are built again.",
        options.TodayArchiveTtlSeconds.ToString(CultureInfo.InvariantCulture),
        StoredSetting.Number(1, MaxTodayArchiveTtlSeconds));

    /// <summary>The time to live in effect: the stored value, else the configured one.</summary>
    public int TodayArchiveTtlSeconds => settings.GetInt(TodayArchiveTimeToLive);
}
