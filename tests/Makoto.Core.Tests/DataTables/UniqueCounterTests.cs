using Makoto.Core.DataTables;

namespace Makoto.Core.Tests.DataTables;

public class UniqueCounterTests
{
    [Fact]
    public void Small_sets_count_exactly_and_merge_as_a_union()
    {
        var monday = new UniqueCounter();
        var tuesday = new UniqueCounter();
        for (ulong visitor = 0; visitor < 1000; visitor++)
        {
            monday.Add(visitor);
        }

        for (ulong visitor = 500; visitor < 1700; visitor++)
        {
            tuesday.Add(visitor);
        }

        tuesday.Add("member-1@example.org");
        Assert.Equal(1000, monday.Count);
        Assert.Equal(1201, tuesday.Count);

        var week = new UniqueCounter();
        week.Merge(UniqueCounter.Deserialize(monday.Serialize()));
        week.Merge(UniqueCounter.Deserialize(tuesday.Serialize()));
        Assert.True(week.IsExact);
        Assert.Equal(1701, week.Count); // 0..1699 and the user
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(100_000)]
    [InlineData(1_000_000)]
    public void Large_sets_are_estimated_within_three_standard_errors(int distinct)
    {
        var counter = new UniqueCounter();
        for (var i = 0; i < distinct; i++)
        {
            counter.Add((ulong)i * 2654435761UL);
            counter.Add((ulong)i * 2654435761UL); // repeats do not count
        }

        Assert.False(counter.IsExact);
        var error = Math.Abs(counter.Count - distinct) / (double)distinct;
        Assert.True(error < 3 * 0.0081, $"{counter.Count} for {distinct} ({error:P2})");
    }

    [Fact]
    public void Merging_sketches_gives_the_count_of_the_union()
    {
        var a = new UniqueCounter();
        var b = new UniqueCounter();
        for (var i = 0; i < 60_000; i++)
        {
            a.Add((ulong)i);
        }

        for (var i = 30_000; i < 90_000; i++)
        {
            b.Add((ulong)i);
        }

        var union = UniqueCounter.Deserialize(a.Serialize());
        union.Merge(UniqueCounter.Deserialize(b.Serialize()));
        var error = Math.Abs(union.Count - 90_000) / 90_000.0;
        Assert.True(error < 3 * 0.0081, $"{union.Count} for 90000 ({error:P2})");

        // An exact set merged into a sketch, and a sketch into an exact set, both end as sketches.
        var small = new UniqueCounter();
        small.Add(123UL);
        small.Merge(a);
        Assert.False(small.IsExact);
    }
}
