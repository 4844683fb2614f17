using System.Text;
using Makoto.Core.Segments;

namespace Makoto.Storage.Segments;

/// <summary>
/// A segment resolved for one site, as SQL over the log tables (aliases <c>log_visit</c>,
/// <c>log_link_visit_action</c>, <c>log_conversion</c>, <c>log_conversion_item</c>). Its meaning follows
/// Matomo's joins: the conditions are evaluated on rows made of a visit and, for each other table a
/// condition reads, one of the visit's rows of that table (or none, as a LEFT JOIN gives). A visit
/// matches when one such row does; an action, conversion or item matches when a row made with it does.
/// </summary>
public sealed class CompiledSegment
{
    private static readonly SegmentScope[] s_related = [SegmentScope.Action, SegmentScope.Conversion, SegmentScope.Item];

    private readonly List<List<SegmentLeaf>> _terms;

    internal CompiledSegment(Segment? segment, List<List<SegmentLeaf>> terms)
    {
        Segment = segment ?? Segment.None;
        _terms = terms;
    }

    /// <summary>No segment: every row matches.</summary>
    public static CompiledSegment All { get; } = new(Segment.None, []);

    public Segment Segment { get; }

    public bool IsEmpty => _terms.Count == 0;

    /// <summary>True when some condition reads <paramref name="scope"/>'s table.</summary>
    public bool Reads(SegmentScope scope)
    {
        foreach (var term in _terms)
        {
            foreach (var leaf in term)
            {
                if (leaf.Scope == scope)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the rows of <paramref name="scope"/>'s table need their own test (<see cref="RowCondition"/>):
    /// only when a condition reads that table; otherwise every row of a matching visit matches.
    /// </summary>
    public bool FiltersRows(SegmentScope scope) => scope != SegmentScope.Visit && Reads(scope);

    /// <summary>The SQL test of a <c>log_visit</c> row (alias <c>log_visit</c>).</summary>
    public string VisitCondition(SegmentSqlWriter writer)
    {
        if (IsEmpty)
        {
            return "1 = 1";
        }

        var joins = Joins(SegmentScope.Visit, "log_visit");
        var formula = Formula(writer);
        return joins.Length == 0 ? formula : $"EXISTS (SELECT 1 FROM (SELECT 1) AS segment_row{Join(writer, joins, "log_visit")} WHERE {formula})";
    }

    /// <summary>
    /// The SQL test of a row of <paramref name="scope"/>'s table (aliased by its table name), which the
    /// statement joins with its visit as <c>log_visit</c>.
    /// </summary>
    public string RowCondition(SegmentScope scope, SegmentSqlWriter writer)
    {
        if (IsEmpty)
        {
            return "1 = 1";
        }

        var alias = Alias(scope);
        var joins = Joins(scope, alias);
        var formula = Formula(writer);
        return joins.Length == 0 ? formula : $"EXISTS (SELECT 1 FROM (SELECT 1) AS segment_row{Join(writer, joins, alias)} WHERE {formula})";
    }

    /// <summary>The table alias of a scope in segment SQL.</summary>
    public static string Alias(SegmentScope scope) => scope switch
    {
        SegmentScope.Visit => "log_visit",
        SegmentScope.Action => "log_link_visit_action",
        SegmentScope.Conversion => "log_conversion",
        _ => "log_conversion_item",
    };

    /// <summary>"No visit of the statement's sites and window matches this segment" for the visit <c>log_visit</c>.</summary>
    internal string NoVisitMatchesSql(SegmentSqlWriter writer) =>
        $"log_visit.idvisit NOT IN (SELECT log_visit.idvisit FROM {writer.Table("log_visit")} AS log_visit WHERE "
        + writer.InSites("log_visit.idsite") + writer.InWindow("log_visit.visit_last_action_time")
        + $" AND {VisitCondition(writer)})";

    private SegmentScope[] Joins(SegmentScope primary, string alias)
    {
        var joins = new List<SegmentScope>(3);
        foreach (var scope in s_related)
        {
            if (scope != primary && Reads(scope))
            {
                joins.Add(scope);
            }
        }

        return [.. joins];
    }

    private static string Join(SegmentSqlWriter writer, SegmentScope[] scopes, string primaryAlias)
    {
        var sql = new StringBuilder();
        foreach (var scope in scopes)
        {
            var alias = Alias(scope);
            sql.Append(" LEFT JOIN ").Append(writer.Table(alias)).Append(" AS ").Append(alias)
                .Append(" ON ").Append(alias).Append(".idvisit = ").Append(primaryAlias).Append(".idvisit");
        }

        return sql.ToString();
    }

    private string Formula(SegmentSqlWriter writer)
    {
        var sql = new StringBuilder();
        for (var t = 0; t < _terms.Count; t++)
        {
            if (t > 0)
            {
                sql.Append(" AND ");
            }

            var term = _terms[t];
            sql.Append('(');
            for (var i = 0; i < term.Count; i++)
            {
                if (i > 0)
                {
                    sql.Append(" OR ");
                }

                sql.Append('(').Append(term[i].Sql(writer)).Append(')');
            }

            sql.Append(')');
        }

        return sql.ToString();
    }
}
