using System.Text;

namespace Makoto.Core.Segments;

/// <summary>
/// Matomo's segment grammar (metrics-and-archiving.md §7.1): <c>;</c> separates AND terms, <c>,</c> OR
/// conditions inside a term (OR binds tighter: <c>A;B,C</c> is A AND (B OR C)). A delimiter followed by
/// another delimiter or by the end of the definition is part of the value; <c>\X</c> escapes any character.
/// Each condition is URL-decoded, split at the first operator after a non-empty name (<c>== != &gt;= &gt;
/// &lt;= &lt; =@ !@ =^ =$</c>, in that order of preference), and its value is URL-decoded once more.
/// </summary>
public static class SegmentParser
{
    private static readonly (string Symbol, SegmentOperator Operator)[] s_operators =
    [
        ("==", SegmentOperator.Equals),
        ("!=", SegmentOperator.NotEquals),
        (">=", SegmentOperator.GreaterOrEqual),
        (">", SegmentOperator.Greater),
        ("<=", SegmentOperator.LessOrEqual),
        ("<", SegmentOperator.Less),
        ("=@", SegmentOperator.Contains),
        ("!@", SegmentOperator.DoesNotContain),
        ("=^", SegmentOperator.StartsWith),
        ("=$", SegmentOperator.EndsWith),
    ];

    /// <summary>The AND terms of <paramref name="definition"/>, each a list of OR conditions; empty for an empty definition.</summary>
    /// <exception cref="SegmentException">A condition has no operator, or an empty value with an operator other than == and !=.</exception>
    public static IReadOnlyList<IReadOnlyList<SegmentCondition>> Parse(string definition)
    {
        var terms = new List<IReadOnlyList<SegmentCondition>>();
        foreach (var term in SplitTree(definition))
        {
            var conditions = new List<SegmentCondition>(term.Count);
            foreach (var operand in term)
            {
                conditions.Add(ParseCondition(operand));
            }

            terms.Add(conditions);
        }

        return terms;
    }

    /// <summary>The raw operands of the definition (before URL-decoding), as AND terms of OR operands.</summary>
    public static List<List<string>> SplitTree(string definition)
    {
        var text = PhpTrim(definition);
        var terms = new List<List<string>>();
        if (text.Length == 0 || text == "0")
        {
            return terms;
        }

        text = EscapeBackslashes(text);
        foreach (var and in Split(text, ';'))
        {
            terms.Add(Split(and, ','));
        }

        return terms;
    }

    /// <summary>One operand: <c>name</c>, operator, value (see the class summary).</summary>
    public static SegmentCondition ParseCondition(string operand)
    {
        var decoded = PhpUrl.Decode(operand);

        // The name is at least one character; neither it nor the value spans a line break.
        var lineEnd = decoded.IndexOf('\n', StringComparison.Ordinal);
        var limit = lineEnd < 0 ? decoded.Length : lineEnd;
        for (var i = 1; i < limit; i++)
        {
            foreach (var (symbol, op) in s_operators)
            {
                if (string.CompareOrdinal(decoded, i, symbol, 0, symbol.Length) != 0)
                {
                    continue;
                }

                var start = i + symbol.Length;
                var value = PhpUrl.Decode(decoded[Math.Min(start, limit)..limit]);
                if (value.Length > 0)
                {
                    return new SegmentCondition(decoded[..i], op, value);
                }

                return op switch
                {
                    SegmentOperator.Equals => new SegmentCondition(decoded[..i], SegmentOperator.IsNullOrEmpty, ""),
                    SegmentOperator.NotEquals => new SegmentCondition(decoded[..i], SegmentOperator.IsNotNullNorEmpty, ""),
                    _ => throw new SegmentException(
                        $"The segment '{decoded}' has no value specified. You can leave this value empty only when you use the operators: != (is not) or == (is)"),
                };
            }
        }

        throw new SegmentException($"The segment condition '{decoded}' is not valid.");
    }

    /// <summary>
    /// Splits at <paramref name="delimiter"/> where it is followed neither by a delimiter (<c>;</c> or
    /// <c>,</c>) nor by the end of the text.
    /// </summary>
    private static List<string> Split(string text, char delimiter)
    {
        var parts = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == delimiter && i + 1 < text.Length && text[i + 1] is not (';' or ','))
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }

    /// <summary><c>\X</c> becomes <c>urlencode(X)</c>, so an escaped delimiter is data (a line break cannot be escaped).</summary>
    private static string EscapeBackslashes(string text)
    {
        if (text.IndexOf('\\', StringComparison.Ordinal) < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] != '\n')
            {
                var length = char.IsHighSurrogate(text[i + 1]) && i + 2 < text.Length ? 2 : 1;
                builder.Append(PhpUrl.Encode(text.Substring(i + 1, length)));
                i += length;
            }
            else
            {
                builder.Append(text[i]);
            }
        }

        return builder.ToString();
    }

    /// <summary>PHP's <c>trim</c>: spaces, tabs, line breaks, NUL and vertical tabs at both ends.</summary>
    private static string PhpTrim(string text) => text.Trim([' ', '\t', '\n', '\r', '\0', '\x0B']);
}
