using Makoto.Archiving;
using Makoto.Archiving.Reports;
using Makoto.Storage.Logs;

namespace Makoto.Plugins.Resolution.RecordBuilders;

/// <summary>
/// Visits by screen resolution (<c>config_resolution</c>) and by configuration
/// (<c>os;browser;resolution</c>, stored codes), metrics-and-archiving.md §4. As in Matomo, the
/// resolution table leaves out values of five characters or fewer, which cannot be a resolution.
/// </summary>
internal sealed class ResolutionRecordBuilder : IRecordBuilder
{
    public const string ResolutionRecord = "Resolution_resolution";
    public const string ConfigurationRecord = "Resolution_configuration";

    /// <summary>Labels this long or shorter are not resolutions (Matomo deletes those rows).</summary>
    private const int MaxInvalidLength = 5;

    public string Plugin => "Resolution";

    public LogNeeds Needs { get; } = new()
    {
        VisitColumns = [.. VisitMetrics.LogColumns, "config_resolution", "config_os", "config_browser_name"],
    };

    public IReadOnlyList<ArchiveRecord> Records { get; } = [new TableRecord(ResolutionRecord), new TableRecord(ConfigurationRecord)];

    public IDayAggregator StartDay(ArchiveContext context) => new Day();

    private sealed class Day : IDayAggregator
    {
        private readonly LabelTable _resolutions = new();
        private readonly LabelTable _configurations = new();

        public void OnVisit(VisitLog log)
        {
            if (log.Visit is { } visit)
            {
                _resolutions.Add(visit.ConfigResolution, visit);
                _configurations.Add(LabelTable.Concat(visit.ConfigOs, visit.ConfigBrowserName, visit.ConfigResolution), visit);
            }
        }

        public void Finish(ArchiveRecords records)
        {
            records.SetTable(ResolutionRecord, _resolutions.ToTable(label => System.Text.Encoding.UTF8.GetByteCount(label) > MaxInvalidLength));
            records.SetTable(ConfigurationRecord, _configurations.ToTable());
        }
    }
}
