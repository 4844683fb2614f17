using Makoto.Core.DataTables;

namespace Makoto.Plugins.Actions.RecordBuilders;

/// <summary>
/// The actions of one site search category (<c>search_cat</c>), grouped as MySQL groups the text:
/// case-insensitively, under the spelling seen first.
/// </summary>
internal sealed class SearchCategory(string label, int index)
{
    public string Label { get; } = label;

    /// <summary>The category's position of first appearance, a compact key for distinct counts.</summary>
    public int Index { get; } = index;

    public long Visits { get; set; }

    public long UniqueVisitors { get; set; }

    public long Actions { get; set; }

    public long LastVisit { get; set; } = -1;

    /// <summary>The Actions_SiteSearchCategories table: one row per category, in MySQL's order of the text.</summary>
    public static DataTable Table(Dictionary<string, SearchCategory> categories)
    {
        var rows = new List<SearchCategory>(categories.Values);
        rows.Sort(static (a, b) => StringComparer.OrdinalIgnoreCase.Compare(a.Label, b.Label));
        var table = new DataTable();
        foreach (var category in rows)
        {
            var row = new DataRow();
            row.Columns["label"] = category.Label;
            row.Columns["nb_visits"] = category.Visits;
            row.Columns["nb_uniq_visitors"] = category.UniqueVisitors;
            row.Columns["nb_actions"] = category.Actions;
            table.Rows.Add(row);
        }

        return table;
    }
}
