using Makoto.Plugins.Dashboard;

namespace Makoto.Web.Ui.Services;

/// <summary>
/// The changes a user makes to a dashboard layout: move a widget up, down or to another column, remove,
/// minimise or add one. Each returns whether the layout changed, so the page saves only real changes.
/// </summary>
public static class DashboardEditor
{
    public static (int Column, int Index)? Find(DashboardLayout layout, string uniqueId)
    {
        for (var c = 0; c < layout.Columns.Count; c++)
        {
            var index = layout.Columns[c].FindIndex(w => w.UniqueId == uniqueId);
            if (index >= 0)
            {
                return (c, index);
            }
        }

        return null;
    }

    /// <summary>Moves a widget within its column (<paramref name="rows"/> &lt; 0 is up) or to a neighbouring column (<paramref name="columns"/>).</summary>
    public static bool Move(DashboardLayout layout, string uniqueId, int columns, int rows)
    {
        if (Find(layout, uniqueId) is not { } found)
        {
            return false;
        }

        var (column, index) = found;

        var widget = layout.Columns[column][index];
        if (columns != 0)
        {
            var target = column + columns;
            if (target < 0 || target >= layout.Columns.Count)
            {
                return false;
            }

            layout.Columns[column].RemoveAt(index);
            layout.Columns[target].Insert(Math.Min(index, layout.Columns[target].Count), widget);
            return true;
        }

        var destination = index + rows;
        if (destination < 0 || destination >= layout.Columns[column].Count)
        {
            return false;
        }

        layout.Columns[column].RemoveAt(index);
        layout.Columns[column].Insert(destination, widget);
        return true;
    }

    public static bool Remove(DashboardLayout layout, string uniqueId)
    {
        if (Find(layout, uniqueId) is not { } found)
        {
            return false;
        }

        var (column, index) = found;

        layout.Columns[column].RemoveAt(index);
        return true;
    }

    public static bool ToggleHidden(DashboardLayout layout, string uniqueId)
    {
        if (Find(layout, uniqueId) is not { } found)
        {
            return false;
        }

        var (column, index) = found;

        var widget = layout.Columns[column][index];
        layout.Columns[column][index] = widget with { IsHidden = !widget.IsHidden };
        return true;
    }

    /// <summary>Adds a widget at the top of the shortest column; a widget already on the dashboard is not added twice.</summary>
    public static bool Add(DashboardLayout layout, DashboardWidget widget)
    {
        if (layout.Contains(widget.UniqueId))
        {
            return false;
        }

        if (layout.Columns.Count == 0)
        {
            layout.Columns.Add([]);
        }

        var shortest = layout.Columns.OrderBy(c => c.Count).First();
        shortest.Insert(0, widget);
        return true;
    }
}
