using Makoto.Core.DataTables;
using Makoto.Plugins.Goals.Api;
using Makoto.Plugins.Goals.RecordBuilders;

namespace Makoto.Plugins.Tests.Goals;

/// <summary>The buckets and labels of Goals.getVisitsUntilConversion and Goals.getDaysToConversion.</summary>
public sealed class RangeLabelsTests
{
    [Theory]
    [InlineData(1, "1-1")]
    [InlineData(8, "8-8")]
    [InlineData(9, "9-14")]
    [InlineData(100, "51-100")]
    [InlineData(101, "101%2B")]
    [InlineData(5000, "101%2B")]
    public void Visit_counts_fall_in_matomos_buckets(long visits, string label) =>
        Assert.Equal(label, GoalsRecordBuilder.VisitCounts.Labels[GoalsRecordBuilder.VisitCounts.Bucket(visits)]);

    [Theory]
    [InlineData(0, "0-0")]
    [InlineData(364, "121-364")]
    [InlineData(365, "365%2B")]
    public void Days_fall_in_matomos_buckets(long days, string label) =>
        Assert.Equal(label, GoalsRecordBuilder.Days.Labels[GoalsRecordBuilder.Days.Bucket(days)]);

    [Fact]
    public void Values_below_every_bucket_are_not_counted()
    {
        Assert.Equal(-1, GoalsRecordBuilder.VisitCounts.Bucket(0));
        Assert.Equal(-1, GoalsRecordBuilder.Days.Bucket(-1));
    }

    [Theory]
    [InlineData("0-0", "0 days")]
    [InlineData("1-1", "1 day")]
    [InlineData("2-2", "2 days")]
    [InlineData("8-14", "8-14 days")]
    [InlineData("365%2B", "365+ days")]
    [InlineData("Others", "Others")]
    public void Labels_are_written_for_people(string archived, string shown) =>
        Assert.Equal(shown, RangeLabels.Label(archived, "1 day", "{0} days"));

    [Fact]
    public void Rows_are_put_back_in_bucket_order()
    {
        var table = new DataTable();
        foreach (var label in new[] { "101%2B", "9-14", "1-1", "2-2" })
        {
            table.Rows.Add(new DataRow { ["label"] = label });
        }

        RangeLabels.Beautify(table, "1 visit", "{0} visits");

        Assert.Equal(["1 visit", "2 visits", "9-14 visits", "101+ visits"], table.Rows.Select(r => r.Label));
    }
}
