using System.Runtime.CompilerServices;
using Makoto.Archiving;
using Makoto.Core.DataTables;
using Makoto.Core.Periods;
using Makoto.Core.Sites;
using Makoto.Plugins.DevicePlugins.RecordBuilders;
using Makoto.Plugins.DevicesDetection.RecordBuilders;
using Makoto.Plugins.VisitsSummary.RecordBuilders;
using Makoto.Reporting.Api;
using Makoto.Reporting.Reports;
using Makoto.Reporting.Filters;
using Makoto.Reporting.Metrics;

namespace Makoto.Plugins.DevicePlugins.Api;

/// <summary>
/// DevicePlugins.getPlugin (reporting-api.md §7): visits with each browser plugin, and
/// <c>nb_visits_percentage</c> — the share of the period's visits, leaving out the visits from Internet
/// Explorer 6 to 10, which do not report plugins (Matomo's rule).
/// </summary>
internal sealed class DevicePluginsApi(Archiver archiver) : IApiModule
{
    private const string Module = "DevicePlugins";

    /// <summary>The browser versions whose visits do not count in the percentages.</summary>
    private static readonly string[] s_withoutPluginDetection = ["IE;10.0", "IE;9.0", "IE;8.0", "IE;7.0", "IE;6.0"];

    /// <summary>The visits each answered table's percentages are computed against, kept as long as the table lives.</summary>
    private static readonly ConditionalWeakTable<DataTable, StrongBox<double>> s_visitsOf = [];

    public IEnumerable<ApiMethod> Methods()
    {
        yield return new ApiMethod(Module, "getPlugin", call => call.ForEachSiteAndPeriod((site, period) => Plugins(call, site, period)))
        {
            IsReport = true,
            Report = new ReportPresentation
            {
                ProcessedMetricsFor = VisitsPercent,
                Presentation = (table, _) => Present(table),

                // One row per plugin and no subtables: flat=1 has nothing to flatten, and keeping the
                // table keeps the visits its percentages are computed against.
                SupportsFlatten = false,
            },
            ParameterNames = ["idSite", "period", "date", "segment"],
            Metadata = new ReportMetadata
            {
                Category = ReportCategories.Visitors,
                Subcategory = ReportCategories.Software,
                Name = "Browser Plugins",
                Dimension = "Plugin",
                Documentation = "This report shows which browser plugins your visitors had enabled. This information might be important for choosing the right way to deliver your content.",
                Metrics = ["nb_visits"],
                ProcessedMetrics = ["nb_visits_percentage"],
                ConstantRowsCount = true,
                Order = 7,
            },
        };
    }

    private DataTable Plugins(ApiCall call, Site site, Period period)
    {
        var records = call.Records(archiver, site, period);
        var table = records.GetTable(DevicePluginsRecordBuilder.PluginRecord)?.Clone() ?? new DataTable();
        var visits = records.GetNumeric(VisitsSummaryRecordBuilder.NbVisits) ?? 0;
        if (records.GetTable(DevicesDetectionRecordBuilder.BrowserVersionsRecord) is { } browserVersions)
        {
            foreach (var label in s_withoutPluginDetection)
            {
                visits -= browserVersions.FindRow(label)?.GetNumber("nb_visits") ?? 0;
            }
        }

        s_visitsOf.AddOrUpdate(table, new StrongBox<double>(visits));
        return table;
    }

    /// <summary>Matomo's <c>VisitsPercent</c> against the visits that can report plugins.</summary>
    private static IEnumerable<ProcessedMetric> VisitsPercent(DataTable table)
    {
        if (s_visitsOf.TryGetValue(table, out var visits))
        {
            var total = visits.Value;
            yield return new ProcessedMetric(
                "nb_visits_percentage",
                row => ProcessedMetrics.Quotient(row.GetNumber("nb_visits"), total, 2),
                MetricType.Percent);
        }
    }

    /// <summary>The icon of each plugin, then the label with a capital (<c>pdf</c> → <c>Pdf</c>).</summary>
    private static void Present(DataTable table)
    {
        foreach (var row in table.Rows)
        {
            var label = row.Label ?? "";
            row.Metadata["logo"] = "plugins/Morpheus/icons/dist/plugins/" + label + ".png";
            row.Label = label.Length > 0 && label[0] is >= 'a' and <= 'z' ? (char)(label[0] - 32) + label[1..] : label;
        }
    }
}
