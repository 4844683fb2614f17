using System.Globalization;

namespace Makoto.Storage.Segments;

/// <summary>
/// The values <c>API.getSuggestedValuesForSegment</c> offers for a segment: the values it suggests without
/// reading data when it has them (Matomo's <c>suggestedValuesCallback</c> and enumerations), otherwise the most
/// frequent values its column took in the site's recent logs (names of actions for segments on action ids), most
/// frequent first, ties in ordinal order of the value (as Matomo sorts them). As in Matomo, which counts values as PHP
/// array keys, a numeric value is rounded to 3 decimals and a whole one is given as a number.
/// </summary>
public sealed class SegmentSuggestions(IDatabase database)
{
    private ISqlDialect D => database.Dialect;

    /// <summary>
    /// At most <paramref name="limit"/> values of the segment: its fixed suggestions at <paramref name="nowUtc"/>, or its
    /// most frequent values in the site's logs since <paramref name="sinceUtc"/>.
    /// </summary>
    public List<object> For(SegmentDimension dimension, int idSite, DateTime nowUtc, DateTime sinceUtc, int limit)
    {
        if (dimension.SuggestedValues is { } fixedValues)
        {
            return [.. fixedValues(nowUtc, limit)];
        }

        var result = new List<object>();
        if (dimension.SuggestFrom is not { } expression)
        {
            return result;
        }

        // With a label, several stored values may share one (the countries of a continent): every group is read
        // and counted per label; otherwise the database keeps the first groups.
        var label = dimension.SuggestionLabel;
        var alias = CompiledSegment.Alias(dimension.Scope);
        var time = dimension.Scope == SegmentScope.Visit ? "visit_last_action_time" : "server_time";
        var value = dimension.SuggestFromActionNames ? "log_action.name" : expression;
        var join = dimension.SuggestFromActionNames ? $" JOIN {D.Table("log_action")} AS log_action ON log_action.idaction = {expression}" : "";
        var limited = label is null ? " LIMIT @limit" : "";
        using var connection = database.Open();
        using var command = connection.Command(
            $"""
            SELECT {value}, COUNT(*) AS hits FROM {D.Table(alias)} AS {alias}{join}
            WHERE {alias}.idsite = @site AND {alias}.{time} >= @since AND {value} IS NOT NULL AND CAST({value} AS CHAR) <> ''
            GROUP BY {value} ORDER BY hits DESC, {value}{limited}
            """)
            .With("@site", idSite)
            .With("@since", D.DateTimeValue(sinceUtc))
            .With("@limit", limit);
        var counts = new List<(string Value, long Hits)>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var stored = reader.GetValue(0);
                var text = label is not null ? label(stored) : Convert.ToString(stored, CultureInfo.InvariantCulture);
                if (string.IsNullOrEmpty(text))
                {
                    continue;
                }

                text = Rounded(text);

                var hits = reader.GetInt64(1);
                if (positions.TryGetValue(text, out var at))
                {
                    counts[at] = (text, counts[at].Hits + hits);
                }
                else
                {
                    positions[text] = counts.Count;
                    counts.Add((text, hits));
                }
            }
        }

        // Ties in ordinal order of the text (the database orders numbers by value: 9 before 10, Matomo "10" before "9").
        counts.Sort(static (a, b) => a.Hits != b.Hits ? b.Hits.CompareTo(a.Hits) : string.CompareOrdinal(a.Value, b.Value));
        for (var i = 0; i < counts.Count && i < limit; i++)
        {
            var text = counts[i].Value;
            result.Add(IsWhole(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) ? whole : text);
        }

        return result;
    }

    /// <summary>A numeric text rounded to 3 decimals (half away from zero, as PHP's <c>round</c>), written without trailing zeros; other texts as they are.</summary>
    private static string Rounded(string text)
    {
        var first = text[0];
        if (!(char.IsAsciiDigit(first) || first is '-' or '+' or '.')
            || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            || double.IsInfinity(number))
        {
            return text;
        }

        var rounded = Math.Round(number, 3, MidpointRounding.AwayFromZero);
        return rounded == Math.Floor(rounded) && Math.Abs(rounded) < 1e15
            ? ((long)rounded).ToString(CultureInfo.InvariantCulture)
            : rounded.ToString("G15", CultureInfo.InvariantCulture);
    }

    /// <summary>True for a text PHP would make an integer array key: an optional minus and digits without a leading zero.</summary>
    private static bool IsWhole(string text)
    {
        var digits = text.StartsWith('-') ? text.AsSpan(1) : text.AsSpan();
        if (digits.Length == 0 || digits.Length > 18 || (digits[0] == '0' && digits.Length > 1) || (text[0] == '-' && digits[0] == '0'))
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
