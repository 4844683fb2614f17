using Makoto.Archiving;
using Makoto.Core.DataTables;
using Makoto.Plugins.DevicesDetection.Detection;
using Makoto.Reporting.Api;
using Makoto.Reporting.Filters;
using Makoto.Reporting.Reports;
using static Makoto.Plugins.DevicesDetection.RecordBuilders.DevicesDetectionRecordBuilder;

namespace Makoto.Plugins.DevicesDetection.Api;

/// <summary>
/// DevicesDetection.getType, getBrand, getModel, getOsFamilies, getOsVersions, getBrowsers,
/// getBrowserVersions and getBrowserEngines (reporting-api.md §7): the archived tables with Matomo's
/// labels, logos and segments. Reports whose labels several stored values share (OS versions, browsers…)
/// sum those rows as Matomo's <c>GroupBy</c> does.
/// </summary>
internal sealed class DevicesDetectionApi(Archiver archiver, DeviceNames names) : IApiModule
{
    private const string Module = "DevicesDetection";

    public IEnumerable<ApiMethod> Methods()
    {
        yield return Report("getType", TypesRecord, Types, Device(
            ReportCategories.Devices, "Device type", "Device type", order: 0,
            "This report shows the types of devices your visitors were using. This report will always show all device types Matomo is able to detect, even if there were no visits with a specific type.") with
        {
            GoalMetrics = GoalMetricSet.Visits,
        });
        yield return Report("getBrand", BrandsRecord, Brands, Device(
            ReportCategories.Devices, "Device brand", "Device brand", order: 2,
            "This report shows the brands / manufacturers of the devices your visitors were using. In most cases this information is only available for non-desktop devices.") with
        {
            GoalMetrics = GoalMetricSet.Visits,
        });
        yield return Report("getModel", ModelsRecord, Models, Device(
            ReportCategories.Devices, "Device model", "Device model", order: 1,
            "This report shows the devices your visitors are using. Each model is displayed combined with the device brand as some model names are used by multiple brands.") with
        {
            GoalMetrics = GoalMetricSet.Visits,
        });
        yield return Report("getOsFamilies", OsRecord, OsFamilies, Device(
            ReportCategories.Software, "Operating System families", "Operating system family", order: 5,
            "This report shows you the operating systems your visitors are using grouped by operating system family. An operating system family consists of different versions or distributions.") with
        {
            RelatedReports = [Module + ".getOsVersions"],
        });
        yield return Report("getOsVersions", OsVersionsRecord, OsVersions, Device(
            ReportCategories.Software, "Operating System versions", "Operating system version", order: 1,
            "This report shows you the operating systems your visitors are using. Each version and distribution is shown separately.") with
        {
            RelatedReports = [Module + ".getOsFamilies"],
        });
        yield return Report("getBrowsers", BrowsersRecord, Browsers, Device(
            ReportCategories.Software, "Browsers", "Browser", order: 2,
            "This report contains information about what kind of browser your visitors were using.") with
        {
            GoalMetrics = GoalMetricSet.Visits,
            RelatedReports = [Module + ".getBrowserVersions"],
        });
        yield return Report("getBrowserVersions", BrowserVersionsRecord, BrowserVersions, Device(
            ReportCategories.Software, "Browser version", "Browser version", order: 3,
            "This report contains information about what kind of browser your visitors were using. Each browser version is listed separately.") with
        {
            RelatedReports = [Module + ".getBrowsers"],
        });
        yield return Report("getBrowserEngines", BrowserEnginesRecord, BrowserEngines, Device(
            ReportCategories.Software, "Browser engines", "Browser engine", order: 6,
            "This report shows your visitors' browsers broken down into browser engines. <br /> The most important information for web developers is what kind of rendering engine their visitors are using. The labels contain the names of the engines followed by the most common browser using that engine in brackets."));
    }

    private ApiMethod Report(string action, string record, Action<DataTable> present, ReportMetadata metadata) =>
        new(Module, action, call => call.ArchivedTable(archiver, record, present))
        {
            IsReport = true,
            Report = new ReportPresentation(),
            ParameterNames = ["idSite", "period", "date", "segment"],
            Metadata = metadata,
        };

    private static ReportMetadata Device(string subcategory, string name, string dimension, int order, string documentation) =>
        ReportMetadata.VisitDimension(ReportCategories.Visitors, subcategory, name, dimension, order, documentation);

    /// <summary>Every device type is listed (those without visits with 0) as soon as the period has visits.</summary>
    private void Types(DataTable table)
    {
        if (table.Rows.Count > 0)
        {
            foreach (var type in DeviceTypes.All)
            {
                var label = type.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (table.FindRow(label) is null)
                {
                    var row = table.AddRow(new DataRow());
                    row.Label = label;
                    row["nb_visits"] = 0L;
                }
            }
        }

        foreach (var row in table.Rows)
        {
            var label = row.Label ?? "";
            if (DeviceNames.DeviceTypeNumber(label) is { } type)
            {
                row.Metadata["segment"] = SegmentMetadata.Condition("deviceType", DeviceTypes.Name(type));
            }

            row.Metadata["logo"] = DeviceLogos.DeviceType(label);
        }

        table.GroupByLabel(names.DeviceTypeLabel);
    }

    private void Brands(DataTable table)
    {
        table.GroupByLabel(names.BrandLabel);
        foreach (var row in table.Rows)
        {
            var label = row.Label ?? "";
            row.Metadata["logo"] = DeviceLogos.Brand(label);
            if (label.Length > 0)
            {
                row.Metadata["segment"] = SegmentMetadata.Condition("deviceBrand", label);
            }
        }
    }

    private void Models(DataTable table)
    {
        foreach (var row in table.Rows)
        {
            var (brand, model) = DeviceNames.SplitModel(row.Label ?? "");
            var brandLabel = (row.Label ?? "").Contains(';', StringComparison.Ordinal) ? names.BrandLabel(brand) : "";
            row.Metadata["segment"] =
                SegmentMetadata.Condition("deviceBrand", brandLabel) + ";" + SegmentMetadata.Condition("deviceModel", model);
        }

        table.GroupByLabel(names.ModelLabel);
    }

    private void OsFamilies(DataTable table)
    {
        table.GroupByLabel(names.OsFamilyLabel);
        foreach (var row in table.Rows)
        {
            row.Metadata["logo"] = DeviceLogos.OsFamily(names, row.Label ?? "");
        }
    }

    private void OsVersions(DataTable table)
    {
        foreach (var row in table.Rows)
        {
            var label = row.Label ?? "";
            AddSegmentByParts(row, label, "operatingSystemCode", "operatingSystemVersion");
            row.Metadata["logo"] = DeviceLogos.Os(names, label);
        }

        table.GroupByLabel(names.OsVersionLabel);
    }

    private void Browsers(DataTable table)
    {
        foreach (var row in table.Rows)
        {
            var label = row.Label ?? "";
            if (names.BrowserName(label) is not null || label == "UNK")
            {
                row.Metadata[ReportFilters.SegmentValue] = label;
            }
        }

        table.GroupByLabel(names.BrowserLabel);
        foreach (var row in table.Rows)
        {
            row.Metadata["logo"] = DeviceLogos.BrowserFamily(names, row.Label ?? "");
        }

        table.AddSegmentFromSegmentValue("browserCode");
    }

    private void BrowserVersions(DataTable table)
    {
        foreach (var row in table.Rows)
        {
            var label = row.Label ?? "";
            AddSegmentByParts(row, label, "browserCode", "browserVersion");
            row.Metadata["logo"] = DeviceLogos.Browser(names, label);
            row.Label = names.BrowserVersionLabel(label);
        }
    }

    private void BrowserEngines(DataTable table)
    {
        foreach (var row in table.Rows)
        {
            row.Metadata[ReportFilters.SegmentValue] = row.Label ?? "";
        }

        table.GroupByLabel(names.EngineLabel);
        table.AddSegmentFromSegmentValue("browserEngine");
    }

    /// <summary>
    /// Matomo's <c>AddSegmentByLabel</c> with two segments: a label of exactly two <c>;</c>-separated
    /// parts gets <c>first==part1;second==part2</c>.
    /// </summary>
    private static void AddSegmentByParts(DataRow row, string label, string first, string second)
    {
        var separator = label.IndexOf(';', StringComparison.Ordinal);
        if (label.Length > 0 && separator >= 0 && label.IndexOf(';', separator + 1) < 0)
        {
            row.Metadata["segment"] =
                SegmentMetadata.Condition(first, label[..separator]) + ";" + SegmentMetadata.Condition(second, label[(separator + 1)..]);
        }
    }
}
