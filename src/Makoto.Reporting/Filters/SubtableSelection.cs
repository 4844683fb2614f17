using Makoto.Core.DataTables;

namespace Makoto.Reporting.Filters;

/// <summary><c>idSubtable</c>: the subtable with that id, looked for in the whole tree of a report.</summary>
internal static class SubtableSelection
{
    public static DataTable? Find(DataTable table, int idSubtable)
    {
        foreach (var row in table.AllRows)
        {
            if (row.Subtable is not { } subtable)
            {
                continue;
            }

            if (row.IdSubtable == idSubtable)
            {
                return subtable;
            }

            if (Find(subtable, idSubtable) is { } found)
            {
                return found;
            }
        }

        return null;
    }
}
