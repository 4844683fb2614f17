using Makoto.Archiving.Reports;

namespace Makoto.Archiving.Tests.Reports;

/// <summary>Matomo's ranged counts: labels, the open range, and values on a bound shared by two ranges.</summary>
public class RangeBucketsTests
{
    private static readonly RangeBuckets s_seconds = new([(0, 10), (11, 30), (31, 60), (60, 120)], 120);

    private static long[] Count(params long[] values)
    {
        var counts = new long[s_seconds.Count];
        foreach (var value in values)
        {
            s_seconds.Add(value, counts);
        }

        return counts;
    }

    [Fact]
    public void Labels_are_the_ranges_then_the_open_bound_with_an_encoded_plus() =>
        Assert.Equal(["0-10", "11-30", "31-60", "60-120", "121%2B"], s_seconds.Labels);

    [Fact]
    public void A_value_on_a_shared_bound_counts_in_both_ranges() =>
        Assert.Equal([0L, 0L, 1L, 1L, 0L], Count(60));

    [Fact]
    public void Values_above_the_last_bound_fall_in_the_open_range_and_values_below_every_range_nowhere() =>
        Assert.Equal([1L, 1L, 0L, 1L, 2L], Count(-5, 0, 11, 120, 121, 5000));
}
