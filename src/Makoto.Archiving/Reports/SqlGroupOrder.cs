namespace Makoto.Archiving.Reports;

/// <summary>
/// How MySQL groups and orders the values of a text column under Matomo's case-insensitive collation,
/// for builders that mimic a <c>GROUP BY</c> on text columns: NULL first, then texts compared without
/// regard to case (<c>Bing</c> &lt; <c>duckduckgo</c> &lt; <c>Ecosia</c>); texts that differ only in case
/// are one group. The order decides which row a report adds first, and so the subtable ids.
/// </summary>
/// <remarks>
/// Texts are compared by their upper-case invariant characters, like MySQL's <c>utf8mb4_general_ci</c>;
/// accents and the trailing-space padding of that collation are not folded.
/// </remarks>
public sealed class SqlGroupOrder : IComparer<string?>, IEqualityComparer<string?>
{
    public static SqlGroupOrder Text { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        return string.Compare(x, y, StringComparison.OrdinalIgnoreCase);
    }

    public bool Equals(string? x, string? y) => Compare(x, y) == 0;

    public int GetHashCode(string? text) => text is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(text);

    /// <summary>NULL first, then ascending: how MySQL orders a nullable integer column.</summary>
    public static int Compare(int? x, int? y) => Nullable.Compare(x, y);
}
