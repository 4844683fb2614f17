using Makoto.Core.DataTables;

namespace Makoto.Core.Tests.DataTables;

public sealed class DataTableCloneTests
{
    [Fact]
    public void A_copy_without_subtables_copies_the_rows_and_keeps_the_same_subtables()
    {
        var subtable = new DataTable();
        subtable.Rows.Add(new DataRow { Label = "/post" });
        var goals = new OrderedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["idgoal=1"] = new OrderedDictionary<string, object?>(StringComparer.Ordinal) { ["nb_conversions"] = 2L },
        };
        var folder = new DataRow { Label = "blog", Subtable = subtable, IdSubtable = 1 };
        folder.Columns["goals"] = goals;
        var table = new DataTable();
        table.Rows.Add(folder);

        var top = table.CloneKeepingSubtables();
        var deep = table.Clone();

        Assert.NotSame(folder, top.Rows[0]);
        Assert.Same(subtable, top.Rows[0].Subtable);
        Assert.Equal(1, top.Rows[0].IdSubtable);
        Assert.NotSame(subtable, deep.Rows[0].Subtable);

        // Nested values are copies: changing the copy leaves the original as it was.
        var copied = (OrderedDictionary<string, object?>)((OrderedDictionary<string, object?>)top.Rows[0].Columns["goals"]!)["idgoal=1"]!;
        copied["nb_conversions"] = 5L;
        Assert.Equal(2L, ((OrderedDictionary<string, object?>)goals["idgoal=1"]!)["nb_conversions"]);
    }
}
