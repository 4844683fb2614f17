using Makoto.Plugins.CustomVariables.Tracking;

namespace Makoto.Plugins.Tests.CustomVariables;

public class CustomVariablesProcessorTests
{
    [Fact]
    public void Slots_are_read_by_key_and_need_two_strings_or_numbers()
    {
        var slots = CustomVariablesProcessor.Parse("""{"1":["Type","Member"],"2":["Count",3],"3":["Ratio",1.5],"4":["Bad",true],"5":["Only one"],"6":["Too","far"],"0":["Zero","x"]}""");
        Assert.Equal(
            [(1, "Type", "Member"), (2, "Count", "3"), (3, "Ratio", "1.5")],
            slots);
    }

    [Fact]
    public void Keys_are_read_as_php_casts_them_to_integers_and_lists_count_from_zero()
    {
        Assert.Equal([(2, "A", "b")], CustomVariablesProcessor.Parse("""{"2abc":["A","b"],"abc":["C","d"]}"""));
        Assert.Equal([(1, "A", "b")], CustomVariablesProcessor.Parse("""[["Ignored","slot 0"],["A","b"]]"""));
    }

    [Fact]
    public void Names_and_values_are_trimmed_and_cut_to_200_characters()
    {
        var value = "  " + new string('é', 250) + "  ";
        var (_, name, stored) = Assert.Single(CustomVariablesProcessor.Parse("{\"1\":[\" Name \",\"" + value + "\"]}"));
        Assert.Equal("Name", name);
        Assert.Equal(new string('é', 200), stored);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("\"a string\"")]
    [InlineData("42")]
    [InlineData("{\"1\":\"Name\"}")]
    public void Anything_else_sets_no_slot(string json) => Assert.Empty(CustomVariablesProcessor.Parse(json));
}
