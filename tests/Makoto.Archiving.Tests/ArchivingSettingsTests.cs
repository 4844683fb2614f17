using Makoto.Storage.Options;
using Makoto.Storage.Sqlite;

namespace Makoto.Archiving.Tests;

public sealed class ArchivingSettingsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "makoto-archiving-settings-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteDatabase _database;

    public ArchivingSettingsTests()
    {
        _database = new SqliteDatabase(_folder);
        _database.Migrate();
    }

    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void The_configured_time_to_live_applies_until_one_is_stored_under_matomos_option_name()
    {
        var stored = new StoredSettings([ArchivingSettings.Declaration(new ArchivingOptions { TodayArchiveTtlSeconds = 45 })], new OptionStore(_database), TimeProvider.System);
        var settings = new ArchivingSettings(stored);
        Assert.Equal(45, settings.TodayArchiveTtlSeconds);

        Assert.Equal("900", stored.Set("todayArchiveTimeToLive", " 900 "));
        Assert.Equal(900, settings.TodayArchiveTtlSeconds);
        Assert.Equal("900", new OptionStore(_database).Get("todayArchiveTimeToLive"));

        stored.Reset("todayArchiveTimeToLive");
        Assert.Equal(45, settings.TodayArchiveTtlSeconds);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("86401")]
    [InlineData("ten")]
    public void A_time_to_live_outside_one_second_to_a_day_is_refused_with_what_is_allowed(string value)
    {
        var stored = new StoredSettings([ArchivingSettings.Declaration(new ArchivingOptions())], new OptionStore(_database), TimeProvider.System);
        var error = Assert.Throws<ArgumentException>(() => stored.Set("todayArchiveTimeToLive", value));
        Assert.Equal($"'{value}' is not allowed: give a whole number from 1 to 86400.", error.Message);
        Assert.Null(new OptionStore(_database).Get("todayArchiveTimeToLive"));
    }
}
