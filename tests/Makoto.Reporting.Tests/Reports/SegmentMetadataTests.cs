using Makoto.Reporting.Reports;

namespace Makoto.Reporting.Tests.Reports;

/// <summary>Segment values encoded as PHP's urlencode encodes them (expected values per the PHP manual's rules).</summary>
public class SegmentMetadataTests
{
    [Theory]
    [InlineData("gift card", "gift+card")]
    [InlineData("Yahoo!", "Yahoo%21")]
    [InlineData("a-b_c.d", "a-b_c.d")]
    [InlineData("tea~time*(x)", "tea%7Etime%2A%28x%29")]
    [InlineData("c++ & tea", "c%2B%2B+%26+tea")]
    [InlineData("https://t.co/x?y=1", "https%3A%2F%2Ft.co%2Fx%3Fy%3D1")]
    [InlineData("café", "caf%C3%A9")]
    [InlineData("😀", "%F0%9F%98%80")]
    [InlineData("", "")]
    public void Values_are_encoded_like_php_urlencode(string value, string expected) =>
        Assert.Equal(expected, SegmentMetadata.UrlEncode(value));

    [Fact]
    public void A_condition_joins_the_dimension_and_the_encoded_value() =>
        Assert.Equal("referrerName==Hacker+News", SegmentMetadata.Condition("referrerName", "Hacker News"));
}
