using Makoto.Reporting.Reports;

namespace Makoto.Reporting.Tests.Reports;

/// <summary>Segment conditions of report rows, the value encoded as PHP's urlencode encodes it (PhpUrlTests covers the encoding).</summary>
public class SegmentMetadataTests
{
    [Fact]
    public void A_condition_joins_the_dimension_and_the_encoded_value() =>
        Assert.Equal("referrerName==Hacker+News", SegmentMetadata.Condition("referrerName", "Hacker News"));
}
