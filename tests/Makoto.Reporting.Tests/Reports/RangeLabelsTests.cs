using Makoto.Archiving.Reports;
using Makoto.Core.DataTables;
using Makoto.Reporting.Reports;

namespace Makoto.Reporting.Tests.Reports;

/// <summary>Matomo's BeautifyRangeLabels, BeautifyTimeRangeLabels and AddSegmentByRangeLabel.</summary>
public sealed class RangeLabelsTests
{
    [Theory]
    [InlineData("0-0", "0 days")]
    [InlineData("1-1", "1 day")]
    [InlineData("2-2", "2 days")]
    [InlineData("8-14", "8-14 days")]
    [InlineData("365%2B", "365+ days")]
    [InlineData("General_NewVisits", "New visits")]
    [InlineData("Others", "Others")]
    public void Labels_are_written_for_people(string archived, string shown) =>
        Assert.Equal(shown, RangeLabels.Label(archived, "1 day", "{0} days"));

    [Fact]
    public void Beautify_puts_the_rows_back_in_bucket_order()
    {
        var table = new DataTable();
        foreach (var label in new[] { "101%2B", "9-14", "1-1", "2-2" })
        {
            table.Rows.Add(new DataRow { ["label"] = label });
        }

        RangeLabels.Beautify(table, "1 visit", "{0} visits");

        Assert.Equal(["1 visit", "2 visits", "9-14 visits", "101+ visits"], table.Rows.Select(r => r.Label));
    }

    [Theory]
    [InlineData("0-10", "0–10s")]
    [InlineData("31-60", "31–60s")]
    [InlineData("60-120", "1-2 min")]
    [InlineData("900-1800", "15-30 min")]
    [InlineData("1801%2B", "30+ min")]
    [InlineData("60-60", "1 min")]
    [InlineData("150-150", "3 min")]
    [InlineData("Others", "Others")]
    public void Durations_below_a_minute_are_in_seconds_and_longer_ones_in_minutes(string archived, string shown) =>
        Assert.Equal(shown, RangeLabels.TimeLabel(archived));

    [Theory]
    [InlineData("1-1", "actions==1")]
    [InlineData("6-7", "actions>=6;actions<=7")]
    [InlineData("21%2B", "actions>=21")]
    public void A_range_selects_its_visits(string archived, string segment) =>
        Assert.Equal(segment, RangeLabels.Segment("actions", archived));

    [Fact]
    public void New_visits_select_new_visitors_and_other_labels_nothing()
    {
        Assert.Equal("visitorType==new", RangeLabels.Segment("daysSinceLastVisit", RangeBuckets.NewVisitsLabel));
        Assert.Null(RangeLabels.Segment("actions", "Others"));
    }
}
