using Makoto.Core.DataTables;

namespace Makoto.Reporting.Filters;

/// <summary>
/// <c>hideColumns</c>, <c>showColumns</c> and a report's <c>columns</c> parameter (Matomo's ColumnDelete):
/// they act on columns, processed metrics included, in every row and subtable; metadata
/// (<c>url</c>, <c>segment</c>…) and <c>idsubdatatable</c> are not columns and stay. <c>showColumns</c>
/// always keeps <c>label</c>, and keeps <c>name__anything</c> along with <c>name</c>.
/// </summary>
internal static class ColumnSelection
{
    /// <summary>The suffix separator of columns kept along with a shown column.</summary>
    private const string KeepAlongSuffix = "__";

    /// <summary>Removes the columns named in <paramref name="hidden"/>; from nested values (goal metrics) too when <paramref name="nested"/>.</summary>
    public static void Hide(DataTable table, IReadOnlyList<string> hidden, bool nested, bool recursive)
    {
        if (hidden.Count == 0)
        {
            return;
        }

        table.Walk(recursive, t =>
        {
            foreach (var row in t.AllRows)
            {
                foreach (var name in hidden)
                {
                    row.Columns.Remove(name);
                }

                if (nested)
                {
                    foreach (var (_, value) in row.Columns)
                    {
                        RemoveNested(value, hidden);
                    }
                }
            }
        });
    }

    /// <summary>Keeps only <c>label</c>, the columns named in <paramref name="shown"/> and those that start with one of them followed by <c>__</c>.</summary>
    public static void Show(DataTable table, IReadOnlyList<string> shown, bool recursive)
    {
        if (shown.Count == 0)
        {
            return;
        }

        var kept = new HashSet<string>(shown, StringComparer.Ordinal);
        table.Walk(recursive, t =>
        {
            var removed = new List<string>();
            foreach (var row in t.AllRows)
            {
                removed.Clear();
                foreach (var (name, _) in row.Columns)
                {
                    if (name != "label" && !kept.Contains(name) && !KeptAlong(name, shown))
                    {
                        removed.Add(name);
                    }
                }

                foreach (var name in removed)
                {
                    row.Columns.Remove(name);
                }
            }
        });
    }

    private static bool KeptAlong(string name, IReadOnlyList<string> shown)
    {
        foreach (var column in shown)
        {
            if (name.StartsWith(column, StringComparison.Ordinal) && name.AsSpan(column.Length).StartsWith(KeepAlongSuffix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static void RemoveNested(object? value, IReadOnlyList<string> hidden)
    {
        if (value is not IDictionary<string, object?> dictionary)
        {
            return;
        }

        foreach (var name in hidden)
        {
            dictionary.Remove(name);
        }

        foreach (var (_, inner) in dictionary)
        {
            RemoveNested(inner, hidden);
        }
    }
}
