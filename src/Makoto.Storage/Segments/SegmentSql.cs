using System.Globalization;
using System.Text;
using Makoto.Core.Segments;
using Makoto.Storage.Logs;

namespace Makoto.Storage.Segments;

/// <summary>How a segment's conditions become SQL. Values always reach the database as bound parameters.</summary>
public abstract class SegmentSql
{
    /// <summary>
    /// Checks one condition and maps its value (Matomo's <c>sqlFilterValue</c> / <c>sqlFilter</c>); the result
    /// writes the condition's SQL boolean expression, binding its values through the writer.
    /// </summary>
    /// <exception cref="SegmentException">The operator or the value cannot be used with this segment.</exception>
    public abstract Func<SegmentSqlWriter, string> Compile(SegmentOperator op, string value);

    /// <summary>PHP's <c>empty()</c> of a mapped value: null, "", "0" and numeric zero.</summary>
    protected static bool IsPhpEmpty(object? value) => value switch
    {
        null => true,
        string s => s.Length == 0 || s == "0",
        long l => l == 0,
        int i => i == 0,
        double d => d == 0,
        byte[] b => b.Length == 0,
        _ => false,
    };

    /// <summary><c>%</c>, <c>_</c> and the escape character itself escaped for <c>LIKE … ESCAPE '\'</c>.</summary>
    protected static string EscapeLike(string value)
    {
        if (value.AsSpan().IndexOfAny('%', '_', '\\') < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 4);
        foreach (var c in value)
        {
            if (c is '%' or '_' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}

/// <summary>How the values of a column compare.</summary>
public enum SegmentValueType
{
    /// <summary>Text, compared ignoring case (Matomo's MySQL collation).</summary>
    Text,

    /// <summary>A number: the value is read as MySQL reads a number from text (leading digits, else 0).</summary>
    Number,

    /// <summary>Binary: the mapping turns the value into bytes.</summary>
    Binary,
}

/// <summary>
/// A condition on a column or an expression of columns (Matomo's <c>sqlSegment</c>), with an optional
/// mapping of the written value to the stored one (<c>sqlFilterValue</c>: <c>search</c> → 2).
/// </summary>
public sealed class ColumnSql(Func<ISqlDialect, string> expression, SegmentValueType type = SegmentValueType.Text, Func<string, object>? map = null)
    : SegmentSql
{
    public ColumnSql(string expression, SegmentValueType type = SegmentValueType.Text, Func<string, object>? map = null)
        : this(_ => expression, type, map)
    {
    }

    public override Func<SegmentSqlWriter, string> Compile(SegmentOperator op, string value)
    {
        switch (op)
        {
            case SegmentOperator.IsNullOrEmpty:
                return w =>
                {
                    var e = expression(w.Dialect);
                    return $"({e} IS NULL OR {e} = ''{w.Dialect.IgnoreCase} OR {e} = '0')";
                };
            case SegmentOperator.IsNotNullNorEmpty:
                return w =>
                {
                    var e = expression(w.Dialect);
                    return $"({e} IS NOT NULL AND {e} <> ''{w.Dialect.IgnoreCase} AND {e} <> '0')";
                };
        }

        var mapped = map is not null ? map(value) : type == SegmentValueType.Number ? SegmentValues.Number(value) : value;
        switch (op)
        {
            case SegmentOperator.Contains or SegmentOperator.DoesNotContain or SegmentOperator.StartsWith or SegmentOperator.EndsWith:
                var text = EscapeLike(Convert.ToString(mapped, CultureInfo.InvariantCulture) ?? "");
                var pattern = op switch
                {
                    SegmentOperator.StartsWith => text + "%",
                    SegmentOperator.EndsWith => "%" + text,
                    _ => "%" + text + "%",
                };
                return w =>
                {
                    var e = expression(w.Dialect);
                    var p = w.Bind(pattern);
                    return op == SegmentOperator.DoesNotContain
                        ? $"({e} IS NULL OR {e} NOT LIKE {p}{w.Dialect.LikeEscape})"
                        : $"{e} LIKE {p}{w.Dialect.LikeEscape}";
                };
            default:
                var comparison = op switch
                {
                    SegmentOperator.Equals => "=",
                    SegmentOperator.NotEquals => "<>",
                    SegmentOperator.GreaterOrEqual => ">=",
                    SegmentOperator.LessOrEqual => "<=",
                    SegmentOperator.Greater => ">",
                    _ => "<",
                };

                // Like Matomo, != also keeps NULLs unless the compared value is "empty" (0, "0", "").
                var orNull = op == SegmentOperator.NotEquals && !IsPhpEmpty(mapped);
                return w =>
                {
                    var e = expression(w.Dialect);
                    var p = w.Bind(mapped);
                    var collation = type == SegmentValueType.Text && mapped is string ? w.Dialect.IgnoreCase : "";
                    return orNull ? $"({e} IS NULL OR {e} {comparison} {p}{collation})" : $"{e} {comparison} {p}{collation}";
                };
        }
    }
}

/// <summary>
/// A condition on a <c>log_action</c> id column compared by the action's name (Matomo's
/// <c>TableLogAction::getIdActionFromSegment</c>): <c>==</c>/<c>!=</c> look the exact name up, the text
/// operators match names with <c>LIKE</c> (the value is not escaped, as in Matomo), always among actions
/// of <paramref name="actionType"/>. Page URLs are stored without <c>http(s)://</c> and <c>www.</c>, so
/// those are removed from the value when <paramref name="urlWithoutProtocol"/>.
/// </summary>
public sealed class ActionNameSql(string column, int actionType, bool urlWithoutProtocol = false, string? rowCondition = null) : SegmentSql
{
    public override Func<SegmentSqlWriter, string> Compile(SegmentOperator op, string value)
    {
        switch (op)
        {
            case SegmentOperator.IsNullOrEmpty:
                return w => Also($"({column} IS NULL OR {column} = 0)");
            case SegmentOperator.IsNotNullNorEmpty:
                return w => Also($"({column} IS NOT NULL AND {column} <> 0)");
            case SegmentOperator.GreaterOrEqual or SegmentOperator.LessOrEqual or SegmentOperator.Greater or SegmentOperator.Less:
                throw new SegmentException($"This match type {SegmentCondition.Symbol(op)} is not available for action-segments.");
        }

        var name = SegmentValues.Unsanitize(value);
        if (urlWithoutProtocol)
        {
            name = SegmentValues.WithoutProtocolAndWww(name);
        }

        if (op is SegmentOperator.Equals or SegmentOperator.NotEquals)
        {
            var hash = (long)LogActionHash.Of(name);
            return w =>
            {
                var ids = $"SELECT idaction FROM {w.Table("log_action")} WHERE type = {w.Bind(actionType)} AND hash = {w.Bind(hash)} AND name = {w.Bind(name)}";
                return Also(op == SegmentOperator.Equals ? $"{column} IN ({ids})" : $"({column} IS NULL OR {column} NOT IN ({ids}))");
            };
        }

        return w =>
        {
            var n = w.Bind(name);
            var pattern = op switch
            {
                SegmentOperator.StartsWith => w.Dialect.Concat(n, "'%'"),
                SegmentOperator.EndsWith => w.Dialect.Concat("'%'", n),
                _ => w.Dialect.Concat("'%'", n, "'%'"),
            };
            var like = op == SegmentOperator.DoesNotContain ? "NOT LIKE" : "LIKE";
            return Also($"{column} IN (SELECT idaction FROM {w.Table("log_action")} WHERE name {like} {pattern} AND type = {w.Bind(actionType)})");
        };
    }

    private string Also(string condition) => rowCondition is null ? condition : $"({condition} AND {rowCondition})";
}

/// <summary>A condition whose SQL a plugin writes itself (values still go through <see cref="SegmentSqlWriter.Bind"/>).</summary>
public sealed class CustomSql(Func<SegmentOperator, string, Func<SegmentSqlWriter, string>> compile) : SegmentSql
{
    public override Func<SegmentSqlWriter, string> Compile(SegmentOperator op, string value) => compile(op, value);
}

/// <summary>Conversions of written segment values shared by the segments of several plugins.</summary>
public static class SegmentValues
{
    /// <summary>
    /// A number as MySQL reads one from text: optional sign, digits, fraction and exponent at the start
    /// (after spaces); 0 when there are none.
    /// </summary>
    public static object Number(string value)
    {
        var text = value.AsSpan().TrimStart();
        var end = 0;
        if (end < text.Length && text[end] is '+' or '-')
        {
            end++;
        }

        var digits = end;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        var integral = end > digits;
        var isInteger = true;
        if (end < text.Length && text[end] == '.')
        {
            var fraction = end + 1;
            while (fraction < text.Length && char.IsAsciiDigit(text[fraction]))
            {
                fraction++;
            }

            if (fraction > end + 1 || integral)
            {
                integral = true;
                isInteger = fraction == end + 1;
                end = fraction;
            }
        }

        if (!integral)
        {
            return 0L;
        }

        if (end < text.Length && text[end] is 'e' or 'E')
        {
            var exponent = end + 1;
            if (exponent < text.Length && text[exponent] is '+' or '-')
            {
                exponent++;
            }

            var start = exponent;
            while (exponent < text.Length && char.IsAsciiDigit(text[exponent]))
            {
                exponent++;
            }

            if (exponent > start)
            {
                end = exponent;
                isInteger = false;
            }
        }

        var number = text[..end];
        if (isInteger && long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            return whole;
        }

        return double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>Matomo's <c>unsanitizeInputValue</c>: the five HTML entities its input filter writes, decoded.</summary>
    public static string Unsanitize(string value) =>
        value.Contains('&', StringComparison.Ordinal)
            ? value.Replace("&lt;", "<", StringComparison.Ordinal)
                .Replace("&gt;", ">", StringComparison.Ordinal)
                .Replace("&quot;", "\"", StringComparison.Ordinal)
                .Replace("&#039;", "'", StringComparison.Ordinal)
                .Replace("&amp;", "&", StringComparison.Ordinal)
            : value;

    /// <summary>Removes a leading <c>http://</c> or <c>https://</c> (any case) and the <c>www.</c> after it.</summary>
    public static string WithoutProtocolAndWww(string url)
    {
        var rest = url.AsSpan();
        if (rest.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            rest = rest[7..];
        }
        else if (rest.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            rest = rest[8..];
        }
        else
        {
            return url;
        }

        if (rest.StartsWith("www.", StringComparison.OrdinalIgnoreCase))
        {
            rest = rest[4..];
        }

        return rest.ToString();
    }

    /// <summary>16 hexadecimal characters as the 8 bytes they write (visitor ids, fingerprints).</summary>
    public static byte[] HexId(string value)
    {
        var text = value.Trim();
        try
        {
            return Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            throw new SegmentException($"The value '{value}' is not a visitor id: it must be 16 hexadecimal characters.");
        }
    }
}
