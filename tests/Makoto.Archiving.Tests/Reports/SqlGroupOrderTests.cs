using Makoto.Archiving.Reports;

namespace Makoto.Archiving.Tests.Reports;

/// <summary>MySQL's order and grouping of a nullable text column under a case-insensitive collation.</summary>
public class SqlGroupOrderTests
{
    [Fact]
    public void Null_comes_first_then_texts_without_regard_to_case()
    {
        string?[] values = ["Google", "bing", null, "DuckDuckGo", "", "ecosia"];
        Array.Sort(values, SqlGroupOrder.Text);
        Assert.Equal([null, "", "bing", "DuckDuckGo", "ecosia", "Google"], values);
    }

    [Fact]
    public void Texts_that_differ_only_in_case_are_one_group()
    {
        var groups = new HashSet<string?>(SqlGroupOrder.Text) { "Green Tea", "green tea", "GREEN TEA", null };
        Assert.Equal(2, groups.Count);
        Assert.False(SqlGroupOrder.Text.Equals(null, ""));
    }

    [Fact]
    public void Integers_order_null_first() =>
        Assert.True(SqlGroupOrder.Compare(null, 1) < 0 && SqlGroupOrder.Compare(2, 1) > 0 && SqlGroupOrder.Compare(3, 3) == 0);
}
