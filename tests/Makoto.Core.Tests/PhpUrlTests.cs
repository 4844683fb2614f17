using System.Text;
using Makoto.Core.Segments;

namespace Makoto.Core.Tests;

/// <summary>
/// PHP's <c>urlencode</c> and <c>urldecode</c> (expected values per the PHP manual's rules): the one
/// implementation the segments, the report <c>segment</c> metadata, the referrer keywords and the tracking
/// parameters use.
/// </summary>
public class PhpUrlTests
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
        Assert.Equal(expected, PhpUrl.Encode(value));

    [Theory]
    [InlineData("gift+card", "gift card")]
    [InlineData("caf%C3%A9", "café")]
    [InlineData("caf%c3%a9", "café")]
    [InlineData("100%", "100%")]
    [InlineData("100%2", "100%2")]
    [InlineData("%zz%4", "%zz%4")]
    [InlineData("%41%", "A%")]
    [InlineData("é+😀%20x", "é 😀 x")]
    [InlineData("no escapes", "no escapes")]
    public void Values_are_decoded_like_php_urldecode(string value, string expected)
    {
        Assert.Equal(expected, PhpUrl.Decode(value));
        Assert.Equal(expected, PhpUrl.Decode(value, PhpUrl.Utf8));
        Assert.Equal(expected, PhpUrl.Decode(value.AsSpan(), PhpUrl.Utf8));
    }

    [Fact]
    public void Encoding_then_decoding_gives_the_text_back()
    {
        const string text = "a b+c&d=é/😀%";
        Assert.Equal(text, PhpUrl.Decode(PhpUrl.Encode(text)));
    }

    [Fact]
    public void Bytes_that_are_not_utf8_go_to_the_given_reader()
    {
        // %E9 alone is "é" in Latin-1 and no UTF-8 sequence.
        Assert.Equal("café", PhpUrl.Decode("caf%E9"));
        Assert.Equal("caf\uFFFD", PhpUrl.Decode("caf%E9", PhpUrl.Utf8));
        Assert.Equal("4 bytes", PhpUrl.Decode("caf%E9", bytes => bytes.Length + " bytes"));
    }

    [Fact]
    public void A_lone_surrogate_does_not_swallow_the_escape_after_it()
    {
        Assert.Equal("\uFFFDA ", PhpUrl.Decode("\uD800%41+", PhpUrl.Utf8));
    }

    [Fact]
    public void A_value_without_escapes_is_returned_as_it_is()
    {
        var value = new StringBuilder("plain").ToString();
        Assert.Same(value, PhpUrl.Decode(value, PhpUrl.Utf8));
    }
}
