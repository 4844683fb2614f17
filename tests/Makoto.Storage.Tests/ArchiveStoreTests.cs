using Makoto.Core.Periods;
using Makoto.Storage.Archives;
using Makoto.Tests.Shared;

namespace Makoto.Storage.Tests;

/// <summary>Archives (archive_numeric/archive_blob per month, done flags, invalidation) behave the same on every provider.</summary>
public abstract class ArchiveStoreTests(TestStore store) : IDisposable
{
    private static readonly DateOnly s_day = new(2024, 3, 14);
    private static readonly DateTime s_archived = new(2024, 3, 15, 1, 2, 3, DateTimeKind.Utc);

    private readonly StoreUnderTest _store = StoreUnderTest.Create(store);

    private ArchiveStore Archives => field ??= new ArchiveStore(_store.Database);

    public void Dispose()
    {
        _store.Dispose();
        GC.SuppressFinalize(this);
    }

    private long Write(Period period, double visits, int idSite = 1, string done = "done") =>
        Archives.Write(
            idSite,
            period,
            done,
            new Dictionary<string, double> { ["nb_visits"] = visits, ["sum_time"] = 0.25 },
            new Dictionary<string, byte[]> { ["Actions_actions"] = [1, 2, 3, 0, 255], ["Actions_actions_1"] = new byte[70_000] },
            s_archived);

    /// <summary>A blob of the archive copied out of the store, or null when it has none of this name.</summary>
    private byte[]? ReadBlob(Period period, long idArchive, string name)
    {
        byte[]? copy = null;
        Archives.ReadBlob(period, idArchive, name, 0, (blob, _) => copy = blob.ToArray());
        return copy;
    }

    [Fact]
    public void Nothing_is_found_before_the_first_archive_of_a_month()
    {
        Assert.Null(Archives.FindLatest(1, Period.Day(s_day), "done", ArchiveStatus.Ok));
        Assert.Null(ReadBlob(Period.Day(s_day), 1, "Actions_actions"));
        Assert.Empty(Archives.InvalidatedDays());
    }

    [Fact]
    public void An_archive_reads_back_and_a_newer_one_replaces_it()
    {
        var day = Period.Day(s_day);
        var first = Write(day, 7);
        var found = Archives.FindLatest(1, day, "done", ArchiveStatus.Ok)!;
        Assert.Equal(new ArchiveInfo(first, ArchiveStatus.Ok, s_archived), found);
        Assert.Equal(new Dictionary<string, double> { ["nb_visits"] = 7, ["sum_time"] = 0.25, ["done"] = 1 }, Archives.ReadNumerics(day, first));
        Assert.Equal([1, 2, 3, 0, 255], ReadBlob(day, first, "Actions_actions"));
        Assert.Equal(70_000, ReadBlob(day, first, "Actions_actions_1")!.Length);
        Assert.Null(ReadBlob(day, first, "missing"));

        var second = Write(day, 9);
        Assert.Equal(first + 1, second);
        Assert.Equal(second, Archives.FindLatest(1, day, "done", ArchiveStatus.Ok)!.IdArchive);
        Assert.Empty(Archives.ReadNumerics(day, first));
        Assert.Null(ReadBlob(day, first, "Actions_actions"));

        // Another site, another done flag and another month's tables number their archives on their own.
        Assert.Equal(second + 1, Write(day, 1, idSite: 2));
        Assert.Equal(second + 2, Write(day, 1, done: "done.VisitsSummary"));
        Assert.Equal(1, Write(Period.Day(new DateOnly(2024, 4, 1)), 3));
        Assert.Equal(9, Archives.ReadNumerics(day, second)["nb_visits"]);
    }

    [Fact]
    public void Invalidation_marks_the_archives_of_the_periods_that_contain_a_day()
    {
        var day = Period.Day(s_day);
        var week = Period.Week(s_day);
        var month = Period.Month(s_day);
        var range = Period.Range(new DateOnly(2024, 3, 1), new DateOnly(2024, 3, 20));
        var otherDay = Period.Day(s_day.AddDays(1));
        foreach (var period in new[] { day, week, month, range, otherDay })
        {
            Write(period, 1);
        }

        Write(day, 1, idSite: 2);
        Assert.Equal(4, Archives.InvalidateContainingNow(1, s_day));
        Assert.Null(Archives.FindLatest(1, day, "done", ArchiveStatus.Ok));
        Assert.Equal(ArchiveStatus.Invalidated, Archives.FindLatest(1, range, "done", ArchiveStatus.Ok, ArchiveStatus.Invalidated)!.Status);
        Assert.NotNull(Archives.FindLatest(1, otherDay, "done", ArchiveStatus.Ok));
        Assert.NotNull(Archives.FindLatest(2, day, "done", ArchiveStatus.Ok));
        Assert.Equal([(1, s_day)], Archives.InvalidatedDays());

        Assert.Equal(1, Archives.Invalidate(1, [otherDay, Period.Day(new DateOnly(2030, 1, 1))]));
        Assert.Equal([(1, s_day), (1, s_day.AddDays(1))], Archives.InvalidatedDays().Order());

        Write(day, 2);
        Assert.Equal([(1, s_day.AddDays(1))], Archives.InvalidatedDays());
    }

    [Fact]
    public void The_days_of_a_span_are_looked_up_at_once_as_each_alone()
    {
        // Across two months' tables: a day archived (28 Feb), one invalidated (1 Mar), one of another site (2 Mar),
        // one of another done flag (29 Feb), a week starting in the span, and a day after the span (4 Mar).
        DateOnly Date(int month, int day) => new(2024, month, day);
        var archived = Write(Period.Day(Date(2, 28)), 1);
        var invalidated = Write(Period.Day(Date(3, 1)), 1);
        Archives.Invalidate(1, [Period.Day(Date(3, 1))]);
        Write(Period.Day(Date(3, 2)), 1, idSite: 2);
        Write(Period.Day(Date(2, 29)), 1, done: "done.Goals");
        Write(Period.Week(Date(2, 27)), 1);
        Write(Period.Day(Date(3, 4)), 1);

        var found = Archives.FindLatestDays(1, Date(2, 27), Date(3, 3), "done", ArchiveStatus.Ok);
        Assert.Equal(new Dictionary<DateOnly, ArchiveInfo> { [Date(2, 28)] = new(archived, ArchiveStatus.Ok, s_archived) }, found);

        var withInvalidated = Archives.FindLatestDays(1, Date(2, 27), Date(3, 3), "done", ArchiveStatus.Ok, ArchiveStatus.Invalidated);
        Assert.Equal([Date(2, 28), Date(3, 1)], withInvalidated.Keys.Order());
        Assert.Equal(new ArchiveInfo(invalidated, ArchiveStatus.Invalidated, s_archived), withInvalidated[Date(3, 1)]);

        // Day by day, the same as FindLatest of each.
        for (var day = Date(2, 27); day <= Date(3, 3); day = day.AddDays(1))
        {
            Assert.Equal(Archives.FindLatest(1, Period.Day(day), "done", ArchiveStatus.Ok, ArchiveStatus.Invalidated), withInvalidated.GetValueOrDefault(day));
        }

        Assert.Empty(Archives.FindLatestDays(1, Date(1, 1), Date(1, 31), "done", ArchiveStatus.Ok));
    }
}

public sealed class SqliteArchiveStoreTests() : ArchiveStoreTests(TestStore.Sqlite);

public sealed class MariaDbArchiveStoreTests() : ArchiveStoreTests(TestStore.MariaDb);
