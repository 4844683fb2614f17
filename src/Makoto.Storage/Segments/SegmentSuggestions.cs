using System.Globalization;

namespace Makoto.Storage.Segments;

/// <summary>
/// The values <c>API.getSuggestedValuesForSegment</c> offers for a segment: its fixed list when it has one,
/// otherwise the most frequent values its column took in the site's recent logs (names of actions for
/// segments on action ids), most frequent first.
/// </summary>
public sealed class SegmentSuggestions(IDatabase database)
{
    private ISqlDialect D => database.Dialect;

    /// <summary>At most <paramref name="limit"/> values of the segment in the site's logs since <paramref name="sinceUtc"/>.</summary>
    public List<string> For(SegmentDimension dimension, int idSite, DateTime sinceUtc, int limit)
    {
        var result = new List<string>();
        if (dimension.SuggestedValues is { } fixedValues)
        {
            result.AddRange(fixedValues);
            return result;
        }

        if (dimension.SuggestFrom is not { } expression)
        {
            return result;
        }

        var alias = CompiledSegment.Alias(dimension.Scope);
        var time = dimension.Scope == SegmentScope.Visit ? "visit_last_action_time" : "server_time";
        var value = dimension.SuggestFromActionNames ? "log_action.name" : expression;
        var join = dimension.SuggestFromActionNames ? $" JOIN {D.Table("log_action")} AS log_action ON log_action.idaction = {expression}" : "";
        using var connection = database.Open();
        using var command = connection.Command(
            $"""
            SELECT {value}, COUNT(*) AS hits FROM {D.Table(alias)} AS {alias}{join}
            WHERE {alias}.idsite = @site AND {alias}.{time} >= @since AND {value} IS NOT NULL AND {value} <> ''
            GROUP BY {value} ORDER BY hits DESC, {value} LIMIT @limit
            """)
            .With("@site", idSite)
            .With("@since", D.DateTimeValue(sinceUtc))
            .With("@limit", limit);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var stored = reader.GetValue(0);
            var text = dimension.SuggestionLabel is { } label ? label(stored) : Convert.ToString(stored, CultureInfo.InvariantCulture);
            if (!string.IsNullOrEmpty(text))
            {
                result.Add(text);
            }
        }

        return result;
    }
}
