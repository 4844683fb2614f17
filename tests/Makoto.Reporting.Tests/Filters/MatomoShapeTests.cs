using System.Text.Json;
using Makoto.Core.DataTables;
using Makoto.Reporting.Filters;
using Makoto.Reporting.Metrics;
using static Makoto.Reporting.Tests.Filters.Reports;

namespace Makoto.Reporting.Tests.Filters;

/// <summary>
/// Matomo 5.0.2 as the oracle: the page URL tree it returned with <c>expanded=1</c> for day
/// 2026-10-12 of the conformance corpus, stripped of its processed metrics (what a report method
/// hands to the pipeline), goes through the pipeline with <c>flat=1</c>, without parameters and with
/// <c>expanded=1</c>; the results must equal Matomo's own outputs for those URLs, row by row and value
/// by value (goal metrics aside, which the Goals plugin computes). The same for the page titles.
/// </summary>
public class MatomoShapeTests
{
    private static readonly HashSet<string> s_metadata = ["url", "segment"];

    private static readonly HashSet<string> s_processed = ["avg_page_load_time", "avg_time_on_page", "bounce_rate", "exit_rate"];

    /// <summary>Matomo's page performance total: the sum of the average timings, here without timing data.</summary>
    private static readonly ProcessedMetric s_pageLoadTime = new("avg_page_load_time", row =>
    {
        var total = 0.0;
        foreach (var part in new[] { "network", "server", "transfer", "dom_processing", "dom_completion", "on_load" })
        {
            total += ProcessedMetrics.Quotient(row.NumberOf("sum_time_" + part), row.NumberOf("nb_hits_with_time_" + part), 3);
        }

        return total;
    })
    { InSubtables = false };

    private static readonly ReportPresentation s_pageUrls = new()
    {
        ProcessedMetrics = [s_pageLoadTime, AverageTimeOnPage, EntryBounceRate, ExitRate],
        FlatLabels = FlatLabels.Urls,
        Dimension = "Actions_PageUrl",
    };

    private static readonly ReportPresentation s_pageTitles = s_pageUrls with
    {
        FlatLabels = new FlatLabels("/"),
        Dimension = "Actions_PageTitle",
        LabelsStartWithBlank = true,
    };

    [Fact]
    public void Flat_page_urls_equal_matomos()
    {
        var result = Run(Input("Actions.getPageUrls~expanded"), "flat=1&filter_limit=-1", s_pageUrls);
        AssertSame(Expected("Actions.getPageUrls~flat"), result, nested: false);
    }

    [Fact]
    public void Page_urls_equal_matomos()
    {
        var result = Run(Input("Actions.getPageUrls~expanded"), "filter_limit=-1", s_pageUrls);
        AssertSame(Expected("Actions.getPageUrls"), result, nested: false);
    }

    [Fact]
    public void Expanded_page_urls_equal_matomos()
    {
        var result = Run(Input("Actions.getPageUrls~expanded"), "expanded=1&filter_limit=-1", s_pageUrls);
        AssertSame(Expected("Actions.getPageUrls~expanded"), result, nested: true);
    }

    [Fact]
    public void Flat_page_titles_equal_matomos()
    {
        var result = Run(Input("Actions.getPageTitles"), "flat=1&filter_limit=-1", s_pageTitles);
        AssertSame(Expected("Actions.getPageTitles~flat"), result, nested: false);
    }

    [Fact]
    public void A_page_title_is_found_without_its_leading_blank()
    {
        var result = Run(Input("Actions.getPageTitles"), "label=Home", s_pageTitles);
        Assert.Equal(" Home", Assert.Single(result.Rows).Label);
    }

    private static JsonElement Expected(string report) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Filters", "Matomo", report + "__day__2026-10-12.json"))).RootElement;

    /// <summary>Matomo's output turned back into what a report method returns: stored columns, metadata, loaded subtables.</summary>
    private static DataTable Input(string report) => Table(Expected(report));

    private static DataTable Table(JsonElement rows)
    {
        var table = new DataTable();
        foreach (var json in rows.EnumerateArray())
        {
            var row = new DataRow();
            foreach (var property in json.EnumerateObject())
            {
                if (property.Name == "idsubdatatable")
                {
                    row.IdSubtable = property.Value.GetInt32();
                }
                else if (property.Name == "subtable")
                {
                    row.Subtable = Table(property.Value);
                }
                else if (s_metadata.Contains(property.Name))
                {
                    row.Metadata[property.Name] = property.Value.GetString();
                }
                else if (!s_processed.Contains(property.Name))
                {
                    row.Columns[property.Name] = Value(property.Value);
                }
            }

            table.Rows.Add(row);
        }

        return table;
    }

    private static object? Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Object => value.EnumerateObject().Aggregate(
            new OrderedDictionary<string, object?>(StringComparer.Ordinal),
            (nested, property) =>
            {
                nested[property.Name] = Value(property.Value);
                return nested;
            }),
        _ => null,
    };

    private static void AssertSame(JsonElement expected, DataTable actual, bool nested)
    {
        Assert.Equal(expected.EnumerateArray().Select(r => r.GetProperty("label").GetString()), Labels(actual));
        var index = 0;
        foreach (var expectedRow in expected.EnumerateArray())
        {
            var row = actual.Rows[index++];
            var names = new HashSet<string>(row.Columns.Keys.Concat(row.Metadata.Keys));
            if (row.IdSubtable is not null && !nested)
            {
                names.Add("idsubdatatable");
            }

            if (row.Subtable is not null && nested)
            {
                names.Add("idsubdatatable");
                names.Add("subtable");
            }

            Assert.Equal(expectedRow.EnumerateObject().Select(p => p.Name).Order(), names.Order());
            foreach (var property in expectedRow.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "goals":
                        break;
                    case "subtable":
                        AssertSame(property.Value, row.Subtable!, nested);
                        break;
                    case "idsubdatatable":
                        Assert.Equal(property.Value.GetInt32(), row.IdSubtable);
                        break;
                    default:
                        var value = row.ColumnOrMetadata(property.Name);
                        if (property.Value.ValueKind == JsonValueKind.Number)
                        {
                            Assert.Equal(property.Value.GetDouble(), DataTableExtensions.ToNumber(value));
                        }
                        else
                        {
                            Assert.Equal(property.Value.GetString(), value);
                        }

                        break;
                }
            }
        }
    }
}
