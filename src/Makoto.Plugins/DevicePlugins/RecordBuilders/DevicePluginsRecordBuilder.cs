using Makoto.Archiving;
using Makoto.Core.DataTables;
using Makoto.Storage.Logs;

namespace Makoto.Plugins.DevicePlugins.RecordBuilders;

/// <summary>
/// Visits by browser plugin (metrics-and-archiving.md §4): one row per plugin flag of <c>log_visit</c>
/// (<c>config_cookie</c>, <c>config_flash</c>…, labelled without <c>config_</c>) whose <c>nb_visits</c>
/// counts the visits with the flag set. A day's counts are what Matomo's <c>SUM(CASE … END)</c> returns
/// (decimal texts); every row is there, with <c>"0"</c> when no visit had the plugin.
/// </summary>
internal sealed class DevicePluginsRecordBuilder : IRecordBuilder
{
    public const string PluginRecord = "DevicePlugins_plugin";

    /// <summary>The plugin flags in Matomo's order (its plugin column classes, alphabetically).</summary>
    private static readonly (string Label, Func<VisitRow, int?> Flag)[] s_plugins =
    [
        ("cookie", v => v.ConfigCookie),
        ("flash", v => v.ConfigFlash),
        ("java", v => v.ConfigJava),
        ("pdf", v => v.ConfigPdf),
        ("quicktime", v => v.ConfigQuicktime),
        ("realplayer", v => v.ConfigRealplayer),
        ("silverlight", v => v.ConfigSilverlight),
        ("windowsmedia", v => v.ConfigWindowsmedia),
    ];

    public string Plugin => "DevicePlugins";

    public LogNeeds Needs { get; } = new()
    {
        VisitColumns =
        [
            "config_cookie", "config_flash", "config_java", "config_pdf", "config_quicktime", "config_realplayer",
            "config_silverlight", "config_windowsmedia",
        ],
    };

    public IReadOnlyList<ArchiveRecord> Records { get; } = [new TableRecord(PluginRecord)];

    public IDayAggregator StartDay(ArchiveContext context) => new Day();

    private sealed class Day : IDayAggregator
    {
        private readonly long[] _visits = new long[s_plugins.Length];

        public void OnVisit(VisitLog log)
        {
            if (log.Visit is not { } visit)
            {
                return;
            }

            for (var i = 0; i < s_plugins.Length; i++)
            {
                if (s_plugins[i].Flag(visit) == 1)
                {
                    _visits[i]++;
                }
            }
        }

        public void Finish(ArchiveRecords records)
        {
            var table = new TableAccumulator();
            for (var i = 0; i < s_plugins.Length; i++)
            {
                table.SumRow(s_plugins[i].Label, [new("nb_visits", MetricValues.DecimalText(_visits[i]))]);
            }

            records.SetTable(PluginRecord, table.ToTable());
        }
    }
}
