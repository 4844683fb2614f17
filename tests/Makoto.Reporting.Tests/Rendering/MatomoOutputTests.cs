using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Makoto.Core.DataTables;
using Makoto.Reporting.Api;
using Makoto.Reporting.Rendering;

namespace Makoto.Reporting.Tests.Rendering;

/// <summary>
/// Byte-for-byte comparisons with real Matomo 5.0.2 outputs from the conformance corpus (files in
/// <c>Golden/</c>, copied unchanged from <c>conformance/matomo-5.0.2/expected</c>). The report is read
/// from Matomo's own JSON output into a <see cref="DataTable"/> (named keys become metadata, nested
/// objects stay nested); rendering it must give Matomo's XML, CSV and TSV of the same request.
/// </summary>
public class MatomoOutputTests
{
    private const string VisitsSummary = "VisitsSummary.get__day__2026-10-12";
    private const string ReferrerTypeDay = "Referrers.getReferrerType__day__2026-10-12";
    private const string ReferrerTypeWeek = "Referrers.getReferrerType__week__2026-10-12";
    private const string PageUrlsFlat = "Actions.getPageUrls~flat__day__2026-10-12";

    private static byte[] Golden(string file) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Rendering", "Golden", file));

    /// <summary>Which keys of a row are metadata in each report (the <c>metadata_</c> columns of Matomo's CSV).</summary>
    private static string[] MetadataOf(string report) => report switch
    {
        PageUrlsFlat => ["url", "Actions_PageUrl", "segment"],
        ReferrerTypeDay or ReferrerTypeWeek => ["segment", "referrer_type"],
        _ => [],
    };

    private static RenderOptions OptionsOf(string report) => new() { HideIdSubtable = report == PageUrlsFlat };

    private static object ReportOf(string report)
    {
        using var json = JsonDocument.Parse(Golden(report + ".json"));
        var metadata = MetadataOf(report);
        var root = json.RootElement;
        if (root.ValueKind == JsonValueKind.Object)
        {
            var simple = new DataTable(isSimple: true);
            simple.Rows.Add(RowOf(root, metadata));
            return simple;
        }

        var table = new DataTable();
        foreach (var row in root.EnumerateArray())
        {
            table.Rows.Add(RowOf(row, metadata));
        }

        return table;
    }

    private static DataRow RowOf(JsonElement json, string[] metadata)
    {
        var row = new DataRow();
        foreach (var property in json.EnumerateObject())
        {
            if (property.Name == "idsubdatatable")
            {
                row.IdSubtable = property.Value.GetInt32();
            }
            else if (metadata.Contains(property.Name))
            {
                row.Metadata[property.Name] = ValueOf(property.Value);
            }
            else
            {
                row.Columns[property.Name] = ValueOf(property.Value);
            }
        }

        return row;
    }

    private static object? ValueOf(JsonElement json)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.String:
                return json.GetString();
            case JsonValueKind.Number when json.TryGetInt32(out var integer):
                return integer;
            case JsonValueKind.Number when json.TryGetInt64(out var longInteger):
                return longInteger;
            case JsonValueKind.Number:
                return json.GetDouble();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Object:
                var nested = new PlainObject();
                foreach (var property in json.EnumerateObject())
                {
                    nested[property.Name] = ValueOf(property.Value);
                }

                return nested;
            case JsonValueKind.Array:
                return json.EnumerateArray().Select(ValueOf).ToList();
            default:
                return null;
        }
    }

    [Theory]
    [InlineData(VisitsSummary)]
    [InlineData(ReferrerTypeDay)]
    [InlineData(ReferrerTypeWeek)]
    public void Json_is_byte_identical(string report)
    {
        var body = new JsonRenderer().Render(ReportOf(report), OptionsOf(report)).BodyText;

        Assert.Equal(Encoding.UTF8.GetString(Golden(report + ".json")), body);
    }

    [Fact]
    public void Json_of_flat_page_urls_reads_back_identical()
    {
        // Matomo writes "/" as "\/"; System.Text.Json writes "&" as "\u0026". Both read back the same.
        var body = new JsonRenderer().Render(ReportOf(PageUrlsFlat), OptionsOf(PageUrlsFlat)).BodyText;

        var expected = JsonNode.Parse(Golden(PageUrlsFlat + ".json"));
        var actual = JsonNode.Parse(body);
        Assert.True(JsonNode.DeepEquals(expected, actual), "the JSON reads back as Matomo's");
    }

    [Theory]
    [InlineData(VisitsSummary)]
    [InlineData(ReferrerTypeDay)]
    [InlineData(ReferrerTypeWeek)]
    [InlineData(PageUrlsFlat)]
    public void Xml_is_byte_identical(string report)
    {
        var body = new XmlRenderer().Render(ReportOf(report), OptionsOf(report)).BodyText;

        Assert.Equal(Encoding.UTF8.GetString(Golden(report + ".xml")), body);
    }

    [Theory]
    [InlineData(VisitsSummary)]
    [InlineData(ReferrerTypeDay)]
    [InlineData(ReferrerTypeWeek)]
    [InlineData(PageUrlsFlat)]
    public void Csv_is_byte_identical(string report)
    {
        var expected = Golden(report + ".csv");

        var body = CsvRenderer.Csv.Render(ReportOf(report), OptionsOf(report)).Body;

        // The text first, for a readable difference; then every byte, byte-order mark included.
        Assert.Equal(Encoding.Unicode.GetString(expected), Encoding.Unicode.GetString(body));
        Assert.Equal(expected, body);
    }

    [Theory]
    [InlineData(VisitsSummary)]
    [InlineData(ReferrerTypeDay)]
    public void Tsv_is_byte_identical(string report)
    {
        var expected = Golden(report + ".tsv");

        var body = CsvRenderer.Tsv.Render(ReportOf(report), OptionsOf(report)).Body;

        Assert.Equal(Encoding.Unicode.GetString(expected), Encoding.Unicode.GetString(body));
        Assert.Equal(expected, body);
    }
}
