using Makoto.Plugins.Referrers.Tracking;

namespace Makoto.Plugins.Tests.Referrers;

/// <summary>
/// Referrer keywords decoded as Matomo does: PHP's urldecode, then the search engine's declared charsets
/// when the bytes are not UTF-8 (windows-1251 letters from the Windows-1251 code page table).
/// </summary>
public class QueryTextTests
{
    [Fact]
    public void Utf8_keywords_are_read_as_utf8_whatever_the_charsets()
    {
        Assert.Equal("при ве", QueryText.UrlDecode("%D0%BF%D1%80%D0%B8+%D0%B2%D0%B5", ["windows-1251"]));
        Assert.Equal("при ве", QueryText.UrlDecode("%D0%BF%D1%80%D0%B8+%D0%B2%D0%B5"));
    }

    [Fact]
    public void Other_bytes_are_read_in_the_first_charset_that_accepts_them()
    {
        // п р и in Windows-1251 are EF F0 E8; "no-such-charset" is skipped.
        Assert.Equal("при", QueryText.UrlDecode("%EF%F0%E8", ["no-such-charset", "windows-1251"]));
        Assert.Equal("\uFFFD\uFFFD\uFFFD", QueryText.UrlDecode("%EF%F0%E8"));
    }

    [Fact]
    public void Decode_trim_strips_php_whitespace_after_decoding() =>
        Assert.Equal("tea", QueryText.DecodeTrim("+%09tea%00+"));
}
