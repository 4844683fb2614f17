using Makoto.Web.Ui.Services;

namespace Makoto.Ui.Tests.Components;

public sealed class SystemCheckTests
{
    private const long Gigabyte = 1L << 30;

    [Theory]
    [InlineData(512, "512 bytes")]
    [InlineData(1536, "1.5 KB")]
    [InlineData(20L * 1024 * 1024, "20.0 MB")]
    [InlineData(3L * 1024 * 1024 * 1024 + (512L * 1024 * 1024), "3.5 GB")]
    public void Sizes_are_written_in_units_of_1024(long bytes, string expected) => Assert.Equal(expected, SystemCheck.Bytes(bytes));

    [Fact]
    public void Less_than_a_gigabyte_or_five_percent_free_is_a_warning()
    {
        // 2 GB free of 100 GB: above 1 GB but 2 % of the disk.
        Assert.Equal(CheckState.Warning, SystemCheck.Disk("/data", 2 * Gigabyte, 100 * Gigabyte).State);
        // 900 MB free of a 4 GB disk: 22 %, but under 1 GB.
        Assert.Equal(CheckState.Warning, SystemCheck.Disk("/data", 900L * 1024 * 1024, 4 * Gigabyte).State);
        var fine = SystemCheck.Disk("/data", 10 * Gigabyte, 100 * Gigabyte);
        Assert.Equal(CheckState.Ok, fine.State);
        Assert.Equal("10.0 GB free of 100.0 GB on the disk of the data folder /data.", fine.Detail);
    }

    [Fact]
    public void Archiving_switched_off_is_a_warning_and_failed_tracking_writes_an_error()
    {
        Assert.Equal(CheckState.Warning, SystemCheck.Archiving(0, 0).State);
        var on = SystemCheck.Archiving(30, 1);
        Assert.Equal(CheckState.Ok, on.State);
        Assert.Equal("The background archiver runs every 30 seconds. 1 day is waiting to be rebuilt.", on.Detail);
        Assert.Equal(CheckState.Error, SystemCheck.Tracking(2, 0, 10).State);
        Assert.Equal(CheckState.Ok, SystemCheck.Tracking(0, 5, 10).State);
    }
}
