namespace Makoto.Web.Ui.Services;

/// <summary>One condition of a segment: a segment name (<c>browserCode</c>), an operator (<c>==</c>) and a value.</summary>
public sealed record SegmentCondition(string Dimension, string Operator, string Value);

/// <summary>
/// Segment definitions as Matomo writes them: conditions <c>name</c> operator <c>value</c>, the value
/// URL-encoded, joined by <c>,</c> (OR, which binds first) and <c>;</c> (AND). The editor builds a
/// definition from groups of conditions — each group is ORed, the groups are ANDed — and reads one back.
/// </summary>
public static class SegmentDefinition
{
    /// <summary>Matomo's operators with their names in the segment editor; two-character ones first for reading.</summary>
    public static IReadOnlyList<(string Operator, string Name)> Operators { get; } =
    [
        ("==", "Is"),
        ("!=", "Is not"),
        ("=@", "Contains"),
        ("!@", "Does not contain"),
        ("=^", "Starts with"),
        ("=$", "Ends with"),
        ("<=", "At most"),
        (">=", "At least"),
        ("<", "Less than"),
        (">", "Greater than"),
    ];

    public static string Build(IEnumerable<IEnumerable<SegmentCondition>> andGroups) =>
        string.Join(';', andGroups
            .Select(group => string.Join(',', group
                .Where(c => c.Dimension.Length > 0)
                .Select(c => c.Dimension + c.Operator + Uri.EscapeDataString(c.Value))))
            .Where(group => group.Length > 0));

    /// <summary>The groups of a definition, or null when it is not made of <c>name</c> operator <c>value</c> conditions.</summary>
    public static List<List<SegmentCondition>>? Parse(string definition)
    {
        var groups = new List<List<SegmentCondition>>();
        if (string.IsNullOrWhiteSpace(definition))
        {
            return groups;
        }

        foreach (var andPart in definition.Split(';'))
        {
            var group = new List<SegmentCondition>();
            foreach (var orPart in andPart.Split(','))
            {
                if (ParseCondition(orPart) is not { } condition)
                {
                    return null;
                }

                group.Add(condition);
            }

            groups.Add(group);
        }

        return groups;
    }

    private static SegmentCondition? ParseCondition(string text)
    {
        var nameEnd = 0;
        while (nameEnd < text.Length && (char.IsAsciiLetterOrDigit(text[nameEnd]) || text[nameEnd] is '_' or '.'))
        {
            nameEnd++;
        }

        if (nameEnd == 0)
        {
            return null;
        }

        foreach (var (op, _) in Operators)
        {
            if (string.CompareOrdinal(text, nameEnd, op, 0, op.Length) == 0)
            {
                string value;
                try
                {
                    value = Uri.UnescapeDataString(text[(nameEnd + op.Length)..]);
                }
                catch (UriFormatException)
                {
                    return null;
                }

                return new SegmentCondition(text[..nameEnd], op, value);
            }
        }

        return null;
    }
}
