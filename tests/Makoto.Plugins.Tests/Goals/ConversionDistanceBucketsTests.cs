using Makoto.Archiving.Reports;
using Makoto.Plugins.Goals.RecordBuilders;

namespace Makoto.Plugins.Tests.Goals;

/// <summary>The buckets of Goals.getVisitsUntilConversion and Goals.getDaysToConversion.</summary>
public sealed class ConversionDistanceBucketsTests
{
    /// <summary>The labels of the buckets that count <paramref name="value"/>.</summary>
    private static string[] BucketsOf(RangeBuckets buckets, long value)
    {
        var counts = new long[buckets.Count];
        buckets.Add(value, counts);
        return [.. Enumerable.Range(0, buckets.Count).Where(i => counts[i] > 0).Select(i => buckets.Labels[i])];
    }

    [Theory]
    [InlineData(1, "1-1")]
    [InlineData(8, "8-8")]
    [InlineData(9, "9-14")]
    [InlineData(100, "51-100")]
    [InlineData(101, "101%2B")]
    [InlineData(5000, "101%2B")]
    public void Visit_counts_fall_in_matomos_buckets(long visits, string label) =>
        Assert.Equal([label], BucketsOf(GoalsRecordBuilder.VisitCounts, visits));

    [Theory]
    [InlineData(0, "0-0")]
    [InlineData(364, "121-364")]
    [InlineData(365, "365%2B")]
    public void Days_fall_in_matomos_buckets(long days, string label) =>
        Assert.Equal([label], BucketsOf(GoalsRecordBuilder.Days, days));

    [Fact]
    public void Values_below_every_bucket_are_not_counted()
    {
        Assert.Empty(BucketsOf(GoalsRecordBuilder.VisitCounts, 0));
        Assert.Empty(BucketsOf(GoalsRecordBuilder.Days, -1));
    }
}
