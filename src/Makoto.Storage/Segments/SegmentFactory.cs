using System.Globalization;
using Makoto.Core.Segments;
using Microsoft.Extensions.DependencyInjection;

namespace Makoto.Storage.Segments;

/// <summary>
/// Shorthands for the common shapes of segments plugins contribute: a column of one log table, a
/// <c>log_action</c> id column compared by the action's name, and the registration of a plugin's list.
/// </summary>
public static class SegmentFactory
{
    /// <summary>
    /// A segment on a column of <paramref name="scope"/>'s table, named without its table alias
    /// (<paramref name="column"/>, e.g. <c>config_browser_name</c>).
    /// </summary>
    public static SegmentDimension Column(
        SegmentScope scope,
        string segment,
        string name,
        string category,
        string column,
        SegmentValueType type = SegmentValueType.Text,
        Func<string, object>? map = null,
        SegmentKind kind = SegmentKind.Dimension)
    {
        var expression = CompiledSegment.Alias(scope) + "." + column;
        return new SegmentDimension
        {
            Segment = segment,
            Name = name,
            Category = category,
            Kind = kind,
            Scope = scope,
            Sql = new ColumnSql(expression, type, map),
            SqlSegment = expression,
            SuggestFrom = type == SegmentValueType.Binary ? null : _ => expression,
        };
    }

    /// <summary>
    /// A segment on an expression the dialect writes from a column of <paramref name="scope"/>'s table (date parts),
    /// with the suggestions Matomo gives it (<paramref name="suggested"/>; when null, the most frequent values of recent visits).
    /// </summary>
    public static SegmentDimension DatePart(
        SegmentScope scope,
        string segment,
        string name,
        string category,
        SqlDatePart part,
        string column,
        Func<DateTime, int, IReadOnlyList<object>>? suggested = null)
    {
        var expression = CompiledSegment.Alias(scope) + "." + column;
        return new SegmentDimension
        {
            Segment = segment,
            Name = name,
            Category = category,
            Scope = scope,
            Sql = new ColumnSql(d => d.DatePart(part, expression), SegmentValueType.Number),
            SqlSegment = part.ToString().ToUpperInvariant() + "(" + expression + ")",
            SuggestedValues = suggested,

            // Without a fixed list, the values of recent visits (Matomo reads them from its visitor log).
            SuggestFrom = suggested is null ? d => d.DatePart(part, expression) : null,
        };
    }

    /// <summary>A segment on a <c>log_action</c> id column of <paramref name="scope"/>'s table, compared by the names of actions of <paramref name="actionType"/>.</summary>
    public static SegmentDimension ActionName(
        SegmentScope scope,
        string segment,
        string name,
        string category,
        string column,
        int actionType,
        bool isUrl = false,
        string? rowCondition = null)
    {
        var expression = CompiledSegment.Alias(scope) + "." + column;
        return new SegmentDimension
        {
            Segment = segment,
            Name = name,
            Category = category,
            Scope = scope,
            Sql = new ActionNameSql(expression, actionType, isUrl, rowCondition),
            SqlSegment = expression,
            SuggestFrom = _ => expression,
            SuggestFromActionNames = true,
        };
    }

    /// <summary>
    /// The five levels of a <c>log_action</c> id column (<paramref name="column"/>, <c>…2</c> … <c>…5</c>:
    /// product categories) as <c>segment1</c> … <c>segment5</c>, and <paramref name="segment"/>, their union.
    /// </summary>
    public static IEnumerable<SegmentDimension> ActionNameLevels(SegmentScope scope, string segment, string name, string category, string column, int actionType)
    {
        var members = new string[5];
        for (var level = 1; level <= 5; level++)
        {
            var suffix = level.ToString(CultureInfo.InvariantCulture);
            members[level - 1] = segment + suffix;
            yield return ActionName(scope, members[level - 1], name + " " + suffix, category, level == 1 ? column : column + suffix, actionType);
        }

        yield return new SegmentDimension
        {
            Segment = segment,
            Name = name,
            Category = category,
            Scope = scope,
            UnionOf = members,
        };
    }

    /// <summary>Maps a written value through a fixed table of names (compared ignoring case); other values are read as numbers.</summary>
    public static Func<string, object> Names(IReadOnlyDictionary<string, int> names) => value =>
    {
        foreach (var (key, id) in names)
        {
            if (string.Equals(key, value, StringComparison.OrdinalIgnoreCase))
            {
                return (long)id;
            }
        }

        return SegmentValues.Number(value);
    };

    /// <summary>PHP's <c>(int)</c> of a written value times <paramref name="factor"/> (days written, seconds stored).</summary>
    public static Func<string, object> Times(long factor) => value =>
    {
        var number = SegmentValues.Number(value);
        var whole = number is long l ? l : (long)Math.Truncate(Convert.ToDouble(number, CultureInfo.InvariantCulture));
        return whole * factor;
    };

    /// <summary>
    /// Suggestions that are an enumeration's names, in this order (Matomo's enum dimensions suggest the values of
    /// <c>getEnumColumnValues()</c>, at most as many as asked).
    /// </summary>
    public static Func<DateTime, int, IReadOnlyList<object>> Fixed(params string[] values) =>
        (_, limit) => values.Length <= limit ? values : values[..limit];

    /// <summary>
    /// Suggestions that are the numbers from <paramref name="first"/> to <paramref name="last"/>, cut at the number of
    /// values asked as Matomo's date-part segments cut them (<c>range(first, min(last, limit))</c>: up to limit + 1 numbers from 0).
    /// </summary>
    public static Func<DateTime, int, IReadOnlyList<object>> Numbers(int first, int last) => (_, limit) =>
    {
        var values = new List<object>();
        for (var n = first; n <= Math.Min(last, limit); n++)
        {
            values.Add(n);
        }

        return values;
    };

    /// <summary>Registers a plugin's segments.</summary>
    public static IServiceCollection AddSegments(this IServiceCollection services, params SegmentDimension[] dimensions) =>
        services.AddSingleton<ISegmentDimensionSource>(new SegmentDimensionList(dimensions));

    /// <summary>Fails with Matomo's message for a value a segment cannot take.</summary>
    public static SegmentException InvalidValue(string segment, string value) =>
        new($"The value '{value}' is not valid for the segment '{segment}'.");
}
