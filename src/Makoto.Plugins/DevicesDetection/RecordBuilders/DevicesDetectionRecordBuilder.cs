using System.Globalization;
using Makoto.Archiving;
using Makoto.Archiving.Reports;
using Makoto.Storage.Logs;

namespace Makoto.Plugins.DevicesDetection.RecordBuilders;

/// <summary>
/// Visits by device (metrics-and-archiving.md §4): one table per device column, labelled with the stored
/// values as Matomo's SQL groups them — device type number, brand code, <c>brand;model</c>, OS code,
/// <c>os;version</c>, browser code (or client name), <c>browser;version</c> and engine. Types, brands,
/// models and browsers also carry goal metrics, from the same columns of <c>log_conversion</c>. The API
/// turns the stored values into names.
/// </summary>
internal sealed class DevicesDetectionRecordBuilder : IRecordBuilder
{
    public const string TypesRecord = "DevicesDetection_types";
    public const string BrandsRecord = "DevicesDetection_brands";
    public const string ModelsRecord = "DevicesDetection_models";
    public const string OsRecord = "DevicesDetection_os";
    public const string OsVersionsRecord = "DevicesDetection_osVersions";
    public const string BrowsersRecord = "DevicesDetection_browsers";
    public const string BrowserEnginesRecord = "DevicesDetection_browserEngines";
    public const string BrowserVersionsRecord = "DevicesDetection_browserVersions";

    /// <summary>The records whose rows have goal metrics.</summary>
    private static readonly string[] s_withGoals = [TypesRecord, BrandsRecord, ModelsRecord, BrowsersRecord];

    public string Plugin => "DevicesDetection";

    public LogNeeds Needs { get; } = new()
    {
        VisitColumns =
        [
            .. VisitMetrics.LogColumns,
            "config_device_type", "config_device_brand", "config_device_model", "config_os", "config_os_version",
            "config_browser_name", "config_browser_version", "config_browser_engine",
        ],
        ConversionColumns =
        [
            .. GoalMetrics.LogColumns,
            "config_device_type", "config_device_brand", "config_device_model", "config_browser_name",
        ],
    };

    public IReadOnlyList<ArchiveRecord> Records { get; } =
    [
        new TableRecord(TypesRecord),
        new TableRecord(BrandsRecord),
        new TableRecord(ModelsRecord),
        new TableRecord(OsRecord),
        new TableRecord(OsVersionsRecord),
        new TableRecord(BrowsersRecord),
        new TableRecord(BrowserEnginesRecord),
        new TableRecord(BrowserVersionsRecord),
    ];

    public IDayAggregator StartDay(ArchiveContext context) => new Day();

    public void CompletePeriod(ArchiveContext context, ArchiveRecords records)
    {
        foreach (var name in s_withGoals)
        {
            if (records.GetTable(name) is { } table)
            {
                GoalsByDimension<string>.WriteTotals(table);
            }
        }
    }

    private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private sealed class Day : IDayAggregator
    {
        private readonly LabelTable _types = new(withGoals: true, numeric: true);
        private readonly LabelTable _brands = new(withGoals: true);
        private readonly LabelTable _models = new(withGoals: true);
        private readonly LabelTable _os = new();
        private readonly LabelTable _osVersions = new();
        private readonly LabelTable _browsers = new(withGoals: true);
        private readonly LabelTable _engines = new();
        private readonly LabelTable _browserVersions = new();

        public void OnVisit(VisitLog log)
        {
            if (log.Visit is { } visit)
            {
                _types.Add(Number(visit.ConfigDeviceType), visit);
                _brands.Add(visit.ConfigDeviceBrand, visit);
                _models.Add(LabelTable.Concat(visit.ConfigDeviceBrand, visit.ConfigDeviceModel), visit);
                _os.Add(visit.ConfigOs, visit);

                // CONCAT(config_os, ';', COALESCE(config_os_version, ''))
                _osVersions.Add(LabelTable.Concat(visit.ConfigOs, visit.ConfigOsVersion ?? ""), visit);
                _browsers.Add(visit.ConfigBrowserName, visit);
                _engines.Add(visit.ConfigBrowserEngine, visit);
                _browserVersions.Add(LabelTable.Concat(visit.ConfigBrowserName, visit.ConfigBrowserVersion), visit);
            }

            foreach (var conversion in log.Conversions)
            {
                _types.Add(Number(conversion.ConfigDeviceType), conversion);
                _brands.Add(conversion.ConfigDeviceBrand, conversion);
                _models.Add(LabelTable.Concat(conversion.ConfigDeviceBrand, conversion.ConfigDeviceModel), conversion);
                _browsers.Add(conversion.ConfigBrowserName, conversion);
            }
        }

        public void Finish(ArchiveRecords records)
        {
            records.SetTable(TypesRecord, _types.ToTable());
            records.SetTable(BrandsRecord, _brands.ToTable());
            records.SetTable(ModelsRecord, _models.ToTable());
            records.SetTable(OsRecord, _os.ToTable());
            records.SetTable(OsVersionsRecord, _osVersions.ToTable());
            records.SetTable(BrowsersRecord, _browsers.ToTable());
            records.SetTable(BrowserEnginesRecord, _engines.ToTable());
            records.SetTable(BrowserVersionsRecord, _browserVersions.ToTable());
        }
    }
}
