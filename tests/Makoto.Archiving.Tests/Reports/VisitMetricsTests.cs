using Makoto.Archiving.Reports;
using Makoto.Storage.Logs;

namespace Makoto.Archiving.Tests.Reports;

public sealed class VisitMetricsTests
{
    private static VisitRow Visit(long idVisit, int dayVisitorNumber, byte visitor) => new()
    {
        IdVisit = idVisit,
        DayVisitorNumber = dayVisitorNumber,
        IdVisitor = [0, 0, 0, 0, 0, 0, 0, visitor],
        VisitTotalActions = 1,
    };

    [Fact]
    public void Distinct_visitors_count_single_visitors_once_and_repeat_visitors_by_their_day_number()
    {
        var metrics = new VisitMetrics();
        metrics.Add(Visit(1, -1, 1));
        metrics.Add(Visit(1, -1, 1)); // the same visit added to the row twice: one visitor
        metrics.Add(Visit(2, -1, 2));
        metrics.Add(Visit(3, 7, 3));
        metrics.Add(Visit(4, 7, 3)); // visitor 3 again
        Assert.Equal(3, metrics.UniqueVisitors); // visitors 1, 2 and 3

        metrics.Add(Visit(5, 2, 4));
        metrics.Add(Visit(6, 7, 3));
        metrics.Add(Visit(7, 0, 5)); // not numbered (not read by the day reader): counted by its id
        metrics.Add(Visit(8, 0, 5));
        Assert.Equal(5, metrics.UniqueVisitors); // 1, 2, 3, 4 (day number 2) and 5
        Assert.Equal(9, metrics.Visits);
    }

    [Fact]
    public void Repeat_visitors_are_counted_per_row_when_rows_share_day_numbers_and_are_counted_again_after_more_visits()
    {
        // Rows are counted one after the other on one thread (each with marks of its own), interleaved with adds.
        var first = new VisitMetrics();
        var second = new VisitMetrics();
        foreach (var number in new[] { 3, 1, 3, 2, 1 })
        {
            first.Add(Visit(10 + number, number, (byte)number));
        }

        second.Add(Visit(21, 2, 2));
        second.Add(Visit(22, 2, 2));
        Assert.Equal(3, first.UniqueVisitors); // day numbers 3, 1 and 2
        Assert.Equal(1, second.UniqueVisitors); // day number 2

        // A day number above every one counted so far, and numbers the first row already has.
        first.Add(Visit(30, 5000, 9));
        first.Add(Visit(31, 1, 1));
        second.Add(Visit(32, 1, 1));
        Assert.Equal(4, first.UniqueVisitors); // 3, 1, 2 and 5000
        Assert.Equal(2, second.UniqueVisitors); // 2 and 1
        Assert.Equal(4, first.UniqueVisitors); // counting again changes nothing
    }
}
