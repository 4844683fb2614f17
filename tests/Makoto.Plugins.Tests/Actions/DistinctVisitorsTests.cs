using Makoto.Plugins.Actions.RecordBuilders;

namespace Makoto.Plugins.Tests.Actions;

public sealed class DistinctVisitorsTests
{
    [Fact]
    public void Each_group_counts_each_of_its_visitors_once_whatever_the_order_of_the_sightings()
    {
        var visitors = new DistinctVisitors();

        // Sightings as a day streams them: groups and visitors interleaved, visitors seen again in a group later.
        visitors.Add(2, 5);
        visitors.Add(0, 1);
        visitors.Add(2, 1);
        visitors.Add(0, 1);
        visitors.Add(3, 0);
        visitors.Add(2, 5);
        visitors.Add(0, 7);
        visitors.Add(2, 9);
        visitors.Add(0, 1);
        visitors.Add(3, 0);

        // Group 0: visitors 1 and 7; group 1: none; group 2: 5, 1 and 9; group 3: visitor 0; group 4: none.
        Assert.Equal([2, 0, 3, 1, 0], visitors.CountPerGroup(5));
    }

    [Fact]
    public void No_sightings_count_no_visitors()
    {
        Assert.Equal([0, 0], new DistinctVisitors().CountPerGroup(2));
    }
}
