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
    /// <summary>The name Matomo adds to a static list for the values it does not hold.</summary>
    private const string UnknownName = "Unknown";

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

        if (dimension.SuggestFrom is not { } from)
        {
            return [];
        }

        // With a label or a list of names, several stored values may share one (the countries of a continent) or
        // every value counts: all groups are read; otherwise the database keeps the first groups.
        var label = dimension.SuggestionLabel;
        var everyGroup = label is not null || dimension.SuggestedNames is not null;
        var groups = Groups(dimension, from(D), idSite, sinceUtc, everyGroup ? null : limit);
        if (dimension.SuggestedNames is { } names)
        {
            return Ranked(names(), groups, limit);
        }

        var counts = new List<(string Value, long Hits)>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (stored, hits) in groups)
        {
            var text = label is not null ? label(stored) : Convert.ToString(stored, CultureInfo.InvariantCulture);
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            text = Rounded(text);
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

        // Ties in ordinal order of the text (the database orders numbers by value: 9 before 10, Matomo "10" before "9").
        counts.Sort(static (a, b) => a.Hits != b.Hits ? b.Hits.CompareTo(a.Hits) : string.CompareOrdinal(a.Value, b.Value));
        var result = new List<object>(Math.Min(limit, counts.Count));
        for (var i = 0; i < counts.Count && i < limit; i++)
        {
            var text = counts[i].Value;
            result.Add(IsWhole(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) ? whole : text);
        }

        return result;
    }

    /// <summary>The stored values of the segment's column since <paramref name="sinceUtc"/> with their numbers of rows, the most frequent first.</summary>
    private List<(object Stored, long Hits)> Groups(SegmentDimension dimension, string expression, int idSite, DateTime sinceUtc, int? limit)
    {
        var alias = CompiledSegment.Alias(dimension.Scope);
        var time = dimension.Scope == SegmentScope.Visit ? "visit_last_action_time" : "server_time";
        var value = dimension.SuggestFromActionNames ? "log_action.name" : expression;
        var join = dimension.SuggestFromActionNames ? $" JOIN {D.Table("log_action")} AS log_action ON log_action.idaction = {expression}" : "";
        using var connection = database.Open();
        using var command = connection.Command(
            $"""
            SELECT {value}, COUNT(*) AS hits FROM {D.Table(alias)} AS {alias}{join}
            WHERE {alias}.idsite = @site AND {alias}.{time} >= @since AND {value} IS NOT NULL AND CAST({value} AS CHAR) <> ''
            GROUP BY {value} ORDER BY hits DESC, {value}{(limit is null ? "" : " LIMIT @limit")}
            """)
            .With("@site", idSite)
            .With("@since", D.DateTimeValue(sinceUtc))
            .With("@limit", limit ?? 0);
        var groups = new List<(object, long)>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            groups.Add((reader.GetValue(0), reader.GetInt64(1)));
        }

        return groups;
    }

    /// <summary>
    /// Every name of the list and "Unknown" (the visits whose code is not listed), by their numbers of visits, ties by
    /// name in reverse ordinal order, as Matomo's <c>sortStaticListByUsage</c> sorts (ascending, then reversed).
    /// </summary>
    private static List<object> Ranked(IReadOnlyDictionary<string, string> namesByCode, List<(object Stored, long Hits)> groups, int limit)
    {
        var visits = new Dictionary<string, long>(StringComparer.Ordinal);
        long unknown = 0;
        foreach (var (stored, hits) in groups)
        {
            var code = Convert.ToString(stored, CultureInfo.InvariantCulture) ?? "";
            if (namesByCode.ContainsKey(code))
            {
                visits[code] = visits.GetValueOrDefault(code) + hits;
            }
            else
            {
                unknown += hits;
            }
        }

        var ranked = new List<(string Name, long Visits)>(namesByCode.Count + 1);
        foreach (var (code, name) in namesByCode)
        {
            ranked.Add((name, visits.GetValueOrDefault(code)));
        }

        ranked.Add((UnknownName, unknown));
        ranked.Sort(static (a, b) => a.Visits != b.Visits ? b.Visits.CompareTo(a.Visits) : string.CompareOrdinal(b.Name, a.Name));
        var result = new List<object>(Math.Min(limit, ranked.Count));
        for (var i = 0; i < ranked.Count && i < limit; i++)
        {
            result.Add(ranked[i].Name);
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
