namespace Makoto.Archiving.Tests;

/// <summary>
/// <see cref="ArchiveCache"/>: archives leave in the order they came in, except those read since they came in (or since
/// they were last passed over), which go round once more.
/// </summary>
public sealed class ArchiveCacheTests
{
    private static readonly DateOnly s_month = new(2026, 1, 1);

    [Fact]
    public void Archives_not_read_leave_in_the_order_they_came_in()
    {
        var cache = new ArchiveCache(2);
        cache.Add((s_month, 1), new ArchiveRecords());
        cache.Add((s_month, 2), new ArchiveRecords());
        cache.Add((s_month, 3), new ArchiveRecords());

        Assert.False(cache.TryGet((s_month, 1), out _));
        Assert.True(cache.TryGet((s_month, 2), out _));
        Assert.True(cache.TryGet((s_month, 3), out _));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void An_archive_read_since_it_came_in_stays_while_those_not_read_leave()
    {
        // A year's range reads its day archives each time; the months and the range built once pass them by.
        var cache = new ArchiveCache(3);
        var day = new ArchiveRecords();
        cache.Add((s_month, 1), day);
        cache.Add((s_month, 2), new ArchiveRecords());
        cache.Add((s_month, 3), new ArchiveRecords());
        Assert.True(cache.TryGet((s_month, 1), out _));

        cache.Add((s_month, 4), new ArchiveRecords()); // 1 goes round again, 2 leaves
        cache.Add((s_month, 5), new ArchiveRecords()); // 3 leaves

        Assert.True(cache.TryGet((s_month, 1), out var kept));
        Assert.Same(day, kept);
        Assert.False(cache.TryGet((s_month, 2), out _));
        Assert.False(cache.TryGet((s_month, 3), out _));
        Assert.True(cache.TryGet((s_month, 4), out _));
        Assert.True(cache.TryGet((s_month, 5), out _));

        // Read once, it went round once: not read again, it leaves in its turn.
        cache.Add((s_month, 6), new ArchiveRecords()); // 1 was read again above: round again; 4 leaves
        cache.Add((s_month, 7), new ArchiveRecords()); // 5 leaves
        cache.Add((s_month, 8), new ArchiveRecords()); // 1 was not read since its last round: it leaves
        Assert.False(cache.TryGet((s_month, 1), out _));
        Assert.Equal(3, cache.Count);
    }

    [Fact]
    public void A_cache_of_archives_all_read_still_keeps_its_size()
    {
        // Every archive read before the next comes in: each round clears the flags, and one leaves.
        var cache = new ArchiveCache(4);
        for (var id = 1; id <= 20; id++)
        {
            cache.Add((s_month, id), new ArchiveRecords());
            for (var read = 1; read <= id; read++)
            {
                cache.TryGet((s_month, read), out _);
            }
        }

        Assert.Equal(4, cache.Count);
    }
}
