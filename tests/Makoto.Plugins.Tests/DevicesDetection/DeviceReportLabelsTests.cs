using Makoto.Plugins.DevicesDetection.Api;
using Makoto.Plugins.DevicesDetection.Detection;

namespace Makoto.Plugins.Tests.DevicesDetection;

/// <summary>
/// The labels and logos of the DevicesDetection reports for archived labels, as Matomo's
/// DevicesDetection/functions.php derives them (expected values read off Matomo's rules by hand).
/// </summary>
public sealed class DeviceReportLabelsTests
{
    private static readonly DeviceNames s_names = DeviceNames.Default;

    [Theory]
    [InlineData("WIN;10", "Windows 10")]
    [InlineData("IPA;17.0", "iOS 17.0")]
    [InlineData("WI7;", "Windows")]
    [InlineData("LIN;", "GNU/Linux")]
    [InlineData("BOT;UNK", "Bot")]
    [InlineData("UNK;UNK", "Unknown")]
    [InlineData(";", "Unknown")]
    [InlineData("", "Unknown")]
    [InlineData("AND;14.0.123456789012345", "Android 14.0.1234567890")]
    public void Os_version_labels(string archived, string label) => Assert.Equal(label, s_names.OsVersionLabel(archived));

    [Theory]
    [InlineData("CH;118.0", "Chrome 118.0")]
    [InlineData("MF;17.0", "Mobile Safari 17.0")]
    [InlineData("Facebook;438.0", "Facebook 438.0")]
    [InlineData("UNK;", "Unknown")]
    [InlineData("XY;1.0", "Unknown")]
    public void Browser_version_labels(string archived, string label) => Assert.Equal(label, s_names.BrowserVersionLabel(archived));

    [Theory]
    [InlineData("CH", "Chrome")]
    [InlineData("PS", "Microsoft Edge")]
    [InlineData("Facebook", "Facebook")]
    [InlineData("UNK", "Unknown")]
    [InlineData("", "Unknown")]
    public void Browser_labels(string stored, string label) => Assert.Equal(label, s_names.BrowserLabel(stored));

    [Theory]
    [InlineData("0", "Desktop")]
    [InlineData("6", "Car browser")]
    [InlineData("tv", "Tv")]
    [InlineData("", "Unknown")]
    [InlineData("99", "Unknown")]
    public void Device_type_labels(string archived, string label) => Assert.Equal(label, s_names.DeviceTypeLabel(archived));

    [Theory]
    [InlineData("AP;iPhone", "Apple - iPhone")]
    [InlineData(";generic desktop", "Generic Desktop")]
    [InlineData("ZZZ;generic smartphone", "Generic Smartphone")]
    [InlineData(";generic mobile", "Generic Mobile device")]
    [InlineData("AP;", "Apple - Unknown")]
    [InlineData("", "Unknown")]
    public void Model_labels(string archived, string label) => Assert.Equal(label, s_names.ModelLabel(archived));

    [Theory]
    [InlineData("webkit", "WebKit (Safari)")]
    [InlineData("unknown", "Unknown")]
    [InlineData("LibWeb", "LibWeb")]
    public void Engine_labels_read_old_browser_types(string stored, string label) => Assert.Equal(label, s_names.EngineLabel(stored));

    [Theory]
    [InlineData("IPA;17.0", "IPA")]
    [InlineData("WIN;10", "WIN")]
    [InlineData("IPA", "IOS")]
    [InlineData("WI7;", "WIN")]
    [InlineData("UNK;UNK", "UNK")]
    [InlineData("Windows", "WIN")]
    public void Os_logos(string value, string icon) =>
        Assert.Equal($"plugins/Morpheus/icons/dist/os/{icon}.png", DeviceLogos.Os(s_names, value));

    [Theory]
    [InlineData("Windows", "WIN")]
    [InlineData("GNU/Linux", "LIN")]
    [InlineData("iOS", "IOS")]
    [InlineData("Unknown", "UNK")]
    [InlineData("Console", "UNK")]
    public void Os_family_logos(string family, string icon) =>
        Assert.Equal($"plugins/Morpheus/icons/dist/os/{icon}.png", DeviceLogos.OsFamily(s_names, family));

    [Theory]
    [InlineData("CH;118.0", "CH")]
    [InlineData("Chrome", "CH")]
    [InlineData("Microsoft Edge", "PS")]
    [InlineData("Facebook", "UNK")]
    [InlineData("", "UNK")]
    public void Browser_logos(string value, string icon) =>
        Assert.Equal($"plugins/Morpheus/icons/dist/browsers/{icon}.png", DeviceLogos.BrowserFamily(s_names, value));

    [Theory]
    [InlineData("Apple", "Apple")]
    [InlineData("Sony Ericsson", "Sony_Ericsson")]
    [InlineData("i-mobile", "i-mobile")]
    [InlineData("Tecno Mobile (x)", "Tecno_Mobile_x_")]
    public void Brand_logos_replace_other_characters(string brand, string file) =>
        Assert.Equal($"plugins/Morpheus/icons/dist/brand/{file}.png", DeviceLogos.Brand(brand));

    [Theory]
    [InlineData("9", "portable_media_player")]
    [InlineData("", "unknown")]
    public void Device_type_logos(string archived, string file) =>
        Assert.Equal($"plugins/Morpheus/icons/dist/devices/{file}.png", DeviceLogos.DeviceType(archived));
}
