namespace Makoto.Core.Segments;

/// <summary>The comparison of a segment condition (metrics-and-archiving.md §7.1).</summary>
public enum SegmentOperator
{
    /// <summary><c>==</c> with a value.</summary>
    Equals,

    /// <summary><c>!=</c> with a value.</summary>
    NotEquals,

    /// <summary><c>&gt;=</c></summary>
    GreaterOrEqual,

    /// <summary><c>&lt;=</c></summary>
    LessOrEqual,

    /// <summary><c>&gt;</c></summary>
    Greater,

    /// <summary><c>&lt;</c></summary>
    Less,

    /// <summary><c>=@</c></summary>
    Contains,

    /// <summary><c>!@</c></summary>
    DoesNotContain,

    /// <summary><c>=^</c></summary>
    StartsWith,

    /// <summary><c>=$</c></summary>
    EndsWith,

    /// <summary><c>==</c> with an empty value: NULL, empty or <c>0</c>.</summary>
    IsNullOrEmpty,

    /// <summary><c>!=</c> with an empty value: neither NULL, empty nor <c>0</c>.</summary>
    IsNotNullNorEmpty,
}

/// <summary>One condition of a segment: a segment name, an operator and the (decoded) value.</summary>
public sealed record SegmentCondition(string Name, SegmentOperator Operator, string Value)
{
    /// <summary>The operator as written in a definition (<c>==</c>, <c>=@</c>, …).</summary>
    public static string Symbol(SegmentOperator op) => op switch
    {
        SegmentOperator.Equals or SegmentOperator.IsNullOrEmpty => "==",
        SegmentOperator.NotEquals or SegmentOperator.IsNotNullNorEmpty => "!=",
        SegmentOperator.GreaterOrEqual => ">=",
        SegmentOperator.LessOrEqual => "<=",
        SegmentOperator.Greater => ">",
        SegmentOperator.Less => "<",
        SegmentOperator.Contains => "=@",
        SegmentOperator.DoesNotContain => "!@",
        SegmentOperator.StartsWith => "=^",
        _ => "=$",
    };

    /// <summary>True for the two negative operators with a value (<c>!=</c>, <c>!@</c>).</summary>
    public bool IsNegative => Operator is SegmentOperator.NotEquals or SegmentOperator.DoesNotContain;

    public override string ToString() => Name + Symbol(Operator) + Value;
}

/// <summary>A segment definition that cannot be used, with a message that names the bad part.</summary>
public sealed class SegmentException(string message) : Exception(message);
