using Makoto.Core.Segments;

namespace Makoto.Core.Tests;

/// <summary>The segment grammar of metrics-and-archiving.md §7.1: operators, AND/OR, encodings and errors.</summary>
public sealed class SegmentParserTests
{
    [Theory]
    [InlineData("browserCode==FF", SegmentOperator.Equals, "FF")]
    [InlineData("browserCode!=FF", SegmentOperator.NotEquals, "FF")]
    [InlineData("actions>=3", SegmentOperator.GreaterOrEqual, "3")]
    [InlineData("actions<=3", SegmentOperator.LessOrEqual, "3")]
    [InlineData("actions>3", SegmentOperator.Greater, "3")]
    [InlineData("actions<3", SegmentOperator.Less, "3")]
    [InlineData("pageUrl=@shop", SegmentOperator.Contains, "shop")]
    [InlineData("pageUrl!@shop", SegmentOperator.DoesNotContain, "shop")]
    [InlineData("pageUrl=^https", SegmentOperator.StartsWith, "https")]
    [InlineData("pageUrl=$.pdf", SegmentOperator.EndsWith, ".pdf")]
    [InlineData("userId==", SegmentOperator.IsNullOrEmpty, "")]
    [InlineData("userId!=", SegmentOperator.IsNotNullNorEmpty, "")]
    public void Every_operator_is_recognised(string definition, SegmentOperator op, string value)
    {
        var condition = Assert.Single(Assert.Single(SegmentParser.Parse(definition)));
        Assert.Equal(op, condition.Operator);
        Assert.Equal(value, condition.Value);
        Assert.False(string.IsNullOrEmpty(condition.Name));
    }

    [Fact]
    public void Or_binds_tighter_than_and()
    {
        var terms = SegmentParser.Parse("a==1;b==2,c==3");
        Assert.Equal(2, terms.Count);
        Assert.Equal("a", Assert.Single(terms[0]).Name);
        Assert.Equal(["b", "c"], terms[1].Select(c => c.Name));
    }

    [Fact]
    public void The_first_operator_after_the_name_wins()
    {
        // "==" comes first: the value keeps the later ">=".
        var condition = Assert.Single(Assert.Single(SegmentParser.Parse("a==b>=c")));
        Assert.Equal("a", condition.Name);
        Assert.Equal(SegmentOperator.Equals, condition.Operator);
        Assert.Equal("b>=c", condition.Value);
    }

    [Fact]
    public void Values_are_url_decoded_twice_so_encoded_separators_are_data()
    {
        // The definition as it reaches the API after one decoding: %253B is a ";" in the value.
        var condition = Assert.Single(Assert.Single(SegmentParser.Parse("pageUrl==https%253A%252F%252Fx.org%252F%253Fa%253D1%253Bb%253D2")));
        Assert.Equal("https://x.org/?a=1;b=2", condition.Value);

        var comma = Assert.Single(Assert.Single(SegmentParser.Parse("referrerName==a%2Cb")));
        Assert.Equal("a,b", comma.Value);
    }

    [Fact]
    public void Backslash_escapes_a_separator()
    {
        var condition = Assert.Single(Assert.Single(SegmentParser.Parse(@"referrerName==a\;b\,c")));
        Assert.Equal("a;b,c", condition.Value);
    }

    [Fact]
    public void A_trailing_separator_is_part_of_the_value()
    {
        var condition = Assert.Single(Assert.Single(SegmentParser.Parse("referrerName==a;")));
        Assert.Equal("a;", condition.Value);
    }

    [Fact]
    public void Plus_is_a_space()
    {
        var condition = Assert.Single(Assert.Single(SegmentParser.Parse("deviceType==car+browser")));
        Assert.Equal("car browser", condition.Value);
    }

    [Fact]
    public void Empty_definitions_have_no_terms()
    {
        Assert.Empty(SegmentParser.Parse(""));
        Assert.Empty(SegmentParser.Parse("   "));
    }

    [Theory]
    [InlineData("browserCode")]
    [InlineData("==FF")]
    [InlineData("a==1;b")]
    public void A_condition_without_an_operator_is_named_in_the_error(string definition)
    {
        var error = Assert.Throws<SegmentException>(() => SegmentParser.Parse(definition));
        Assert.Contains("is not valid", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pageUrl=@")]
    [InlineData("actions>=")]
    public void Only_equality_operators_take_an_empty_value(string definition)
    {
        var error = Assert.Throws<SegmentException>(() => SegmentParser.Parse(definition));
        Assert.Contains("has no value specified", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_hash_is_md5_of_the_url_decoded_definition()
    {
        Assert.Equal(Segment.HashOf("browserCode==FF"), Segment.HashOf("browserCode%3D%3DFF"));
        Assert.Equal(
            Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData("browserCode==FF"u8)),
            Segment.HashOf("browserCode==FF"));
    }

    [Fact]
    public void Php_urlencode_escapes_everything_but_letters_digits_and_three_marks()
    {
        Assert.Equal("a-b_c.d+%2F%3D%C3%A9", PhpUrl.Encode("a-b_c.d /=é"));
        Assert.Equal("a-b_c.d /=é", PhpUrl.Decode("a-b_c.d+%2F%3D%C3%A9"));
        Assert.Equal("100%", PhpUrl.Decode("100%"));
    }
}
