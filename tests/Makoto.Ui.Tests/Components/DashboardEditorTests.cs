using Makoto.Plugins.Dashboard;
using Makoto.Web.Ui.Services;

namespace Makoto.Ui.Tests.Components;

public sealed class DashboardEditorTests
{
    private static readonly DashboardWidget s_a = DashboardWidget.For("A", "a");
    private static readonly DashboardWidget s_b = DashboardWidget.For("B", "b");
    private static readonly DashboardWidget s_c = DashboardWidget.For("C", "c");

    private static DashboardLayout Layout() => new([[s_a, s_b], [s_c], []]);

    private static string[][] Ids(DashboardLayout layout) => [.. layout.Columns.Select(c => c.Select(w => w.Module).ToArray())];

    [Fact]
    public void Moving_down_swaps_with_the_next_widget_and_the_last_one_cannot_go_further()
    {
        var layout = Layout();
        Assert.True(DashboardEditor.Move(layout, s_a.UniqueId, 0, 1));
        Assert.Equal([["B", "A"], ["C"], []], Ids(layout));
        Assert.False(DashboardEditor.Move(layout, s_a.UniqueId, 0, 1));
        Assert.False(DashboardEditor.Move(layout, s_b.UniqueId, 0, -1));
    }

    [Fact]
    public void Moving_to_a_column_keeps_the_row_where_it_can_and_stops_at_the_edges()
    {
        var layout = Layout();
        Assert.True(DashboardEditor.Move(layout, s_b.UniqueId, 1, 0));
        // Row 1 in a column of one widget: it goes last.
        Assert.Equal([["A"], ["C", "B"], []], Ids(layout));
        Assert.False(DashboardEditor.Move(layout, s_a.UniqueId, -1, 0));
        Assert.True(DashboardEditor.Move(layout, s_c.UniqueId, 1, 0));
        Assert.False(DashboardEditor.Move(layout, s_c.UniqueId, 1, 0));
        Assert.Equal([["A"], ["B"], ["C"]], Ids(layout));
    }

    [Fact]
    public void Adding_goes_to_the_top_of_the_shortest_column_and_never_twice()
    {
        var layout = Layout();
        var d = DashboardWidget.For("D", "d");
        Assert.True(DashboardEditor.Add(layout, d));
        Assert.Equal([["A", "B"], ["C"], ["D"]], Ids(layout));
        Assert.False(DashboardEditor.Add(layout, DashboardWidget.For("D", "d")));
    }

    [Fact]
    public void Removing_and_minimising_change_only_that_widget()
    {
        var layout = Layout();
        Assert.True(DashboardEditor.ToggleHidden(layout, s_c.UniqueId));
        Assert.True(layout.Columns[1][0].IsHidden);
        Assert.False(layout.Columns[0][0].IsHidden);
        Assert.True(DashboardEditor.Remove(layout, s_a.UniqueId));
        Assert.False(DashboardEditor.Remove(layout, s_a.UniqueId));
        Assert.Equal([["B"], ["C"], []], Ids(layout));
    }
}
