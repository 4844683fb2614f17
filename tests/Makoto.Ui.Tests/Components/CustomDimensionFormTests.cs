using Makoto.Reporting.Api;
using Makoto.Web.Ui.Services;

namespace Makoto.Ui.Tests.Components;

public sealed class CustomDimensionFormTests
{
    [Fact]
    public void A_new_action_dimension_sends_its_scope_and_the_filled_in_extractions_numbered_from_zero()
    {
        var form = new CustomDimensionForm { Name = " Category ", Scope = "action", CaseSensitive = false };
        form.Extractions.Add(new() { Dimension = "url", Pattern = "" });
        form.Extractions.Add(new() { Dimension = "urlparam", Pattern = " cat " });
        form.Extractions.Add(new() { Dimension = "action_name", Pattern = "^Shop - (.+)$" });

        Assert.Equal(
            [
                ("idSite", "3"), ("name", "Category"), ("active", "1"), ("caseSensitive", "0"), ("scope", "action"),
                ("extractions[0][dimension]", "urlparam"), ("extractions[0][pattern]", "cat"),
                ("extractions[1][dimension]", "action_name"), ("extractions[1][pattern]", "^Shop - (.+)$"),
            ],
            form.Parameters("3"));
    }

    [Fact]
    public void An_existing_dimension_sends_its_id_instead_of_the_scope_and_a_visit_dimension_no_extractions()
    {
        var dimension = new PlainObject
        {
            ["idcustomdimension"] = 4,
            ["name"] = "Plan",
            ["scope"] = "visit",
            ["active"] = false,
            ["case_sensitive"] = true,
            ["extractions"] = new List<object?>(),
        };
        var form = CustomDimensionForm.From(dimension);
        Assert.Equal(4, form.IdDimension);
        Assert.False(form.Active);
        form.Extractions.Add(new() { Dimension = "url", Pattern = "(x)" });

        Assert.Equal(
            [("idSite", "1"), ("name", "Plan"), ("active", "0"), ("caseSensitive", "1"), ("idDimension", "4")],
            form.Parameters("1"));
    }

    [Fact]
    public void Reading_a_dimension_keeps_its_extractions()
    {
        var dimension = new PlainObject
        {
            ["idcustomdimension"] = 2,
            ["name"] = "Section",
            ["scope"] = "action",
            ["active"] = true,
            ["case_sensitive"] = false,
            ["extractions"] = new List<object?> { new PlainObject { ["dimension"] = "url", ["pattern"] = "^/(\\w+)/" } },
        };
        var form = CustomDimensionForm.From(dimension);
        var extraction = Assert.Single(form.Extractions);
        Assert.Equal("url", extraction.Dimension);
        Assert.Equal("^/(\\w+)/", extraction.Pattern);
        Assert.False(form.CaseSensitive);
    }
}
