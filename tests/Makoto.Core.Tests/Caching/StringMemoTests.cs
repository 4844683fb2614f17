using Makoto.Core.Caching;

namespace Makoto.Core.Tests.Caching;

public sealed class StringMemoTests
{
    [Fact]
    public void Each_input_is_computed_once_and_gives_the_function_s_result()
    {
        var calls = 0;
        var memo = new StringMemo<int>(s => { calls++; return s.Length; });
        Assert.Equal(5, memo.Get("de-de"));
        Assert.Equal(5, memo.Get("de-de"));
        Assert.Equal(2, memo.Get("en"));
        Assert.Equal(2, calls);
    }

    [Fact]
    public void It_starts_over_at_its_capacity_and_does_not_keep_long_inputs()
    {
        var calls = 0;
        var memo = new StringMemo<string>(s => { calls++; return s.ToUpperInvariant(); }, capacity: 2);
        memo.Get("a");
        memo.Get("b");
        memo.Get("c"); // full: forgets a and b, keeps c
        Assert.Equal(3, calls);
        Assert.Equal("C", memo.Get("c"));
        Assert.Equal(3, calls);
        Assert.Equal("A", memo.Get("a"));
        Assert.Equal(4, calls);

        var longInput = new string('x', StringMemo<string>.MaxKeyLength + 1);
        memo.Get(longInput);
        memo.Get(longInput);
        Assert.Equal(6, calls);
    }
}
