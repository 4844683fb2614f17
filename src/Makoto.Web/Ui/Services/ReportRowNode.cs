using Makoto.Core.DataTables;

namespace Makoto.Web.Ui.Services;

/// <summary>
/// A row of a report table as the UI shows it: the API's row, its depth in the tree, the row of the
/// compared period with the same label, and its subtable once it was expanded (loaded on demand with
/// <c>idSubtable</c>).
/// </summary>
public sealed class ReportRowNode(DataRow row, int depth, DataRow? compared)
{
    public DataRow Row { get; } = row;

    public int Depth { get; } = depth;

    public DataRow? Compared { get; } = compared;

    public string Label => Row.Label ?? "";

    /// <summary>The id of the row's subtable, when it has one to expand.</summary>
    public int? IdSubtable => Row.IdSubtable;

    public bool CanExpand => IdSubtable is not null;

    public bool Expanded { get; set; }

    public bool Loading { get; set; }

    public string? Error { get; set; }

    public List<ReportRowNode>? Children { get; set; }

    /// <summary>The page a row stands for (Actions reports), for a link that opens it.</summary>
    public string? Url => Row.Metadata.GetValueOrDefault("url") as string;

    /// <summary>The rows of a table level, each paired with the compared table's row of the same label.</summary>
    public static List<ReportRowNode> From(DataTable table, DataTable? compared, int depth)
    {
        var byLabel = new Dictionary<string, DataRow>(StringComparer.Ordinal);
        if (compared is not null)
        {
            foreach (var row in compared.AllRows)
            {
                byLabel.TryAdd(row.Label ?? "", row);
            }
        }

        var nodes = new List<ReportRowNode>();
        foreach (var row in table.AllRows)
        {
            nodes.Add(new ReportRowNode(row, depth, compared is null ? null : byLabel.GetValueOrDefault(row.Label ?? "")));
        }

        return nodes;
    }

    /// <summary>The visible rows of a tree, expanded subtables under their rows.</summary>
    public static IEnumerable<ReportRowNode> Visible(IEnumerable<ReportRowNode> nodes)
    {
        foreach (var node in nodes)
        {
            yield return node;
            if (node.Expanded && node.Children is { } children)
            {
                foreach (var child in Visible(children))
                {
                    yield return child;
                }
            }
        }
    }
}
