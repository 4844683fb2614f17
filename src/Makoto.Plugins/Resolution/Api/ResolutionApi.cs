using Makoto.Archiving;
using Makoto.Core.DataTables;
using Makoto.Plugins.DevicesDetection.Detection;
using Makoto.Reporting.Api;
using Makoto.Reporting.Filters;
using Makoto.Reporting.Reports;
using static Makoto.Plugins.Resolution.RecordBuilders.ResolutionRecordBuilder;

namespace Makoto.Plugins.Resolution.Api;

/// <summary>
/// Resolution.getResolution (rows segmented by <c>resolution</c>) and Resolution.getConfiguration
/// (labels "Windows / Chrome / 1920x1080"), reporting-api.md §7.
/// </summary>
internal sealed class ResolutionApi(Archiver archiver, DeviceNames names) : IApiModule
{
    private const string Module = "Resolution";

    public IEnumerable<ApiMethod> Methods()
    {
        string[] parameters = ["idSite", "period", "date", "segment"];
        yield return new ApiMethod(Module, "getResolution", call => call.ArchivedTable(archiver, ResolutionRecord, Resolutions))
        {
            IsReport = true,
            Report = new ReportPresentation(),
            ParameterNames = parameters,
            Metadata = ReportMetadata.VisitDimension(
                ReportCategories.Visitors, ReportCategories.Devices, "Screen Resolution", "Resolution", order: 3,
                "This report shows the screen resolutions your visitors used when viewing your website.") with
            {
                RelatedReports = [Module + ".getConfiguration"],
            },
        };
        yield return new ApiMethod(Module, "getConfiguration", call => call.ArchivedTable(archiver, ConfigurationRecord, Configurations))
        {
            IsReport = true,
            Report = new ReportPresentation(),
            ParameterNames = parameters,
            Metadata = ReportMetadata.VisitDimension(
                ReportCategories.Visitors, ReportCategories.Software, "Configurations", "Configuration", order: 4,
                "This report shows the most common overall configurations that your visitors had. A configuration is the combination of an operating system, a browser type and a screen resolution.") with
            {
                RelatedReports = [Module + ".getResolution"],
            },
        };
    }

    private static void Resolutions(DataTable table)
    {
        foreach (var row in table.Rows)
        {
            row.Metadata[ReportFilters.SegmentValue] = row.Label ?? "";
        }

        table.AddSegmentFromSegmentValue("resolution");
    }

    private void Configurations(DataTable table) => table.GroupByLabel(ConfigurationLabel);

    /// <summary>
    /// "OS / browser / resolution" for an archived <c>os;browser;resolution</c> label (names as in the
    /// DevicesDetection reports); a label without <c>;</c> stays as it is.
    /// </summary>
    internal string ConfigurationLabel(string archived)
    {
        var parts = archived.Split(';');
        if (parts.Length < 2)
        {
            return archived;
        }

        var resolution = parts.Length > 2 ? parts[2] : "";
        return names.OsVersionLabel(parts[0]) + " / " + names.BrowserLabel(parts[1]) + " / " + resolution;
    }
}
