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
        yield return Report("getType", TypesRecord, Types);
        yield return Report("getBrand", BrandsRecord, Brands);
        yield return Report("getModel", ModelsRecord, Models);
        yield return Report("getOsFamilies", OsRecord, OsFamilies);
        yield return Report("getOsVersions", OsVersionsRecord, OsVersions);
        yield return Report("getBrowsers", BrowsersRecord, Browsers);
        yield return Report("getBrowserVersions", BrowserVersionsRecord, BrowserVersions);
        yield return Report("getBrowserEngines", BrowserEnginesRecord, BrowserEngines);
    }

    private ApiMethod Report(string action, string record, Action<DataTable> present) =>
        new(Module, action, call => call.ArchivedTable(archiver, record, present))
        {
            IsReport = true,
            Report = new ReportPresentation(),
            ParameterNames = ["idSite", "period", "date", "segment"],
        };

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
