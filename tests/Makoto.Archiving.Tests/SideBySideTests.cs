namespace Makoto.Archiving.Tests;

/// <summary>
/// <see cref="Archiver.SideBySide"/>, which a day's builders finish through (and the Actions builder its tables, and a
/// builder's part its blobs): every item runs once, and an error reaches the caller as thrown, not wrapped.
/// </summary>
public sealed class SideBySideTests
{
    [Fact]
    public void Every_item_runs_once()
    {
        var runs = new int[50];
        Archiver.SideBySide(Enumerable.Range(0, runs.Length), i => Interlocked.Increment(ref runs[i]));
        Assert.All(runs, count => Assert.Equal(1, count));
    }

    [Fact]
    public void An_error_of_one_item_is_thrown_as_the_item_threw_it()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Archiver.SideBySide(
            ["Referrers", "Actions", "Goals"],
            plugin =>
            {
                if (plugin == "Actions")
                {
                    throw new InvalidOperationException("The Actions tables could not be built.");
                }
            }));
        Assert.Equal("The Actions tables could not be built.", error.Message);
    }
}
