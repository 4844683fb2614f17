using Makoto.Core.Segments;

namespace Makoto.Storage.Segments;

/// <summary>
/// Resolves a parsed segment against the segments a site has (metrics-and-archiving.md §7) and prepares
/// its SQL, following Matomo's <c>Segment</c>: unknown names and values a segment cannot take are errors;
/// a union segment (<c>actionUrl</c>, <c>productCategory</c>…) is the OR of its members; and <c>!=</c> /
/// <c>!@</c> on an action, conversion or item segment mean "no action (…) of the visit matches", written
/// as the visit not being among those where one does (neighbouring such conditions of an OR term are
/// merged into one such test of their AND, those standing alone in AND terms into one of their OR).
/// </summary>
public sealed class SegmentCompiler(SegmentDimensions dimensions)
{
    public SegmentDimensions Dimensions { get; } = dimensions;

    /// <summary>
    /// Parses <paramref name="definition"/> (Matomo's choice between the given and the URL-decoded text)
    /// and checks it for each site.
    /// </summary>
    /// <exception cref="SegmentException">The definition cannot be used for one of the sites.</exception>
    public Segment Parse(string? definition, IReadOnlyList<int> idSites, bool isRegisteredUser = true)
    {
        var segment = Segment.Parse(definition, terms =>
        {
            var count = 0;
            IReadOnlyList<int> sites = idSites.Count == 0 ? [0] : idSites;
            foreach (var idSite in sites)
            {
                count = Resolve(terms, idSite, isRegisteredUser).Count;
            }

            return count;
        });
        return segment;
    }

    /// <summary>The segment's SQL for one site.</summary>
    /// <exception cref="SegmentException">The segment cannot be used for the site.</exception>
    public CompiledSegment Compile(Segment segment, int idSite, bool isRegisteredUser = true) =>
        segment.IsEmpty ? CompiledSegment.All : new CompiledSegment(segment, Resolve(segment.Terms, idSite, isRegisteredUser).Terms);

    private Resolved Resolve(IReadOnlyList<IReadOnlyList<SegmentCondition>> terms, int idSite, bool isRegisteredUser)
    {
        var available = Dimensions.For(idSite);

        // Names first (unions expanded unless the condition becomes a "no … matches" test).
        var expanded = new List<List<Operand>>(terms.Count);
        foreach (var term in terms)
        {
            var operands = new List<Operand>(term.Count);
            foreach (var condition in term)
            {
                var dimension = Find(available, condition.Name, isRegisteredUser);
                var needsSubquery = condition.IsNegative && !IsVisitSegment(available, dimension, isRegisteredUser);
                if (!needsSubquery && dimension.UnionOf is { } members)
                {
                    foreach (var member in members)
                    {
                        operands.Add(new Operand(condition with { Name = member }, Find(available, member, isRegisteredUser), false));
                    }
                }
                else
                {
                    operands.Add(new Operand(condition, dimension, needsSubquery));
                }
            }

            expanded.Add(operands);
        }

        // "No … matches" conditions merged: inside each OR term, then the ones alone in AND terms.
        var merged = new List<List<Operand>>(expanded.Count);
        foreach (var term in expanded)
        {
            merged.Add(term.Count <= 1 ? term : MergeOr(term));
        }

        var chain = new List<List<Operand>>(merged.Count);
        var notAny = new List<SegmentCondition>();
        foreach (var term in merged)
        {
            if (term.Count == 1 && term[0].NeedsSubquery)
            {
                notAny.Add(Inverted(term[0].Condition));
            }
            else
            {
                chain.Add(term);
            }
        }

        if (notAny.Count > 0)
        {
            chain.Add([Operand.NoVisitMatches([notAny])]);
        }

        // Then values.
        var result = new List<List<SegmentLeaf>>(chain.Count);
        var count = 0;
        foreach (var term in chain)
        {
            var leaves = new List<SegmentLeaf>(term.Count);
            foreach (var operand in term)
            {
                if (operand.Inner is { } inner)
                {
                    var compiled = new CompiledSegment(null, Resolve(inner, idSite, isRegisteredUser).Terms);
                    leaves.Add(new SegmentLeaf(SegmentScope.Visit, w => compiled.NoVisitMatchesSql(w)));
                }
                else
                {
                    var sql = operand.Dimension!.Sql
                        ?? throw new SegmentException($"Segment '{operand.Condition.Name}' is not a supported segment.");
                    leaves.Add(new SegmentLeaf(operand.Dimension.Scope, sql.Compile(operand.Condition.Operator, operand.Condition.Value)));
                }

                count++;
            }

            result.Add(leaves);
        }

        return new Resolved(result, count);
    }

    private static List<Operand> MergeOr(List<Operand> term)
    {
        var kept = new List<Operand>(term.Count);
        var inverted = new List<IReadOnlyList<SegmentCondition>>();
        foreach (var operand in term)
        {
            if (operand.NeedsSubquery)
            {
                inverted.Add([Inverted(operand.Condition)]);
            }
            else
            {
                kept.Add(operand);
            }
        }

        if (inverted.Count > 0)
        {
            kept.Add(Operand.NoVisitMatches(inverted));
        }

        return kept;
    }

    private static SegmentCondition Inverted(SegmentCondition condition) => condition with
    {
        Operator = condition.Operator == SegmentOperator.NotEquals ? SegmentOperator.Equals : SegmentOperator.Contains,
    };

    private static SegmentDimension Find(IReadOnlyDictionary<string, SegmentDimension> available, string name, bool isRegisteredUser)
    {
        if (!available.TryGetValue(name, out var dimension))
        {
            throw new SegmentException($"Segment '{name}' is not a supported segment.");
        }

        if (dimension.RequiresRegisteredUser && !isRegisteredUser)
        {
            throw new SegmentException($"You do not have enough permission to access the segment {name}");
        }

        return dimension;
    }

    private static bool IsVisitSegment(IReadOnlyDictionary<string, SegmentDimension> available, SegmentDimension dimension, bool isRegisteredUser)
    {
        if (dimension.UnionOf is not { } members)
        {
            return dimension.Scope == SegmentScope.Visit;
        }

        foreach (var member in members)
        {
            if (Find(available, member, isRegisteredUser).Scope == SegmentScope.Visit)
            {
                return true;
            }
        }

        return false;
    }

    private readonly record struct Resolved(List<List<SegmentLeaf>> Terms, int Count);

    /// <summary>A condition with its segment, or a "no … of the visit matches" test of an inner segment.</summary>
    private sealed record Operand(SegmentCondition Condition, SegmentDimension? Dimension, bool NeedsSubquery)
    {
        public IReadOnlyList<IReadOnlyList<SegmentCondition>>? Inner { get; private init; }

        public static Operand NoVisitMatches(IReadOnlyList<IReadOnlyList<SegmentCondition>> inner) =>
            new(new SegmentCondition("", SegmentOperator.Equals, ""), null, false) { Inner = inner };
    }
}

/// <summary>One condition ready to write: the log table it reads and its SQL.</summary>
internal sealed record SegmentLeaf(SegmentScope Scope, Func<SegmentSqlWriter, string> Sql);
