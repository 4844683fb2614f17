using System.Globalization;
using System.Text.RegularExpressions;
using Makoto.Storage.Goals;

namespace Makoto.Plugins.Goals;

/// <summary>A goal as a person gives it (Goals.addGoal's parameters, or the console's options), not checked yet.</summary>
public sealed record GoalInput
{
    public string? Name { get; init; }

    public string? MatchAttribute { get; init; }

    public string? Pattern { get; init; }

    /// <summary>contains (the default), exact or regex; ignored for visit_duration goals.</summary>
    public string? PatternType { get; init; }

    public bool CaseSensitive { get; init; }

    public bool AllowMultiple { get; init; }

    public double? Revenue { get; init; }

    public string? Description { get; init; }

    public bool EventValueAsRevenue { get; init; }
}

/// <summary>
/// Goals' rules for a definition (Matomo's Goals API checks): name and pattern lengths, the supported
/// match attributes and pattern types, a valid regular expression, minutes for visit duration goals, no
/// negative revenue. Shared by the API and the console; a broken rule is an <see cref="ArgumentException"/>
/// with a message for the person who gave the goal.
/// </summary>
public static class GoalRules
{
    public const int MaxNameLength = 50;
    public const int MaxPatternLength = 255;

    public static readonly IReadOnlyList<string> MatchAttributes =
        ["url", "title", "file", "external_website", "manually", "event_action", "event_category", "event_name", "visit_duration"];

    public static readonly IReadOnlyList<string> PatternTypes = ["contains", "exact", "regex"];

    /// <summary>The goal <paramref name="idGoal"/> of the site from <paramref name="input"/>, or a broken rule.</summary>
    public static Goal Check(int idSite, int idGoal, GoalInput input)
    {
        var name = (input.Name ?? "").Trim();
        if (name.Length == 0)
        {
            throw new ArgumentException("Please specify a value for 'name'.");
        }

        if (name.Length > MaxNameLength)
        {
            throw new ArgumentException($"The goal name is too long: at most {MaxNameLength} characters are allowed.");
        }

        var attribute = string.IsNullOrEmpty(input.MatchAttribute) ? throw new ArgumentException("Please specify a value for 'matchAttribute'.") : input.MatchAttribute;
        if (!MatchAttributes.Contains(attribute))
        {
            throw new ArgumentException($"Goal match attribute \"{attribute}\" is not supported. Use one of: {string.Join(", ", MatchAttributes)}.");
        }

        var manually = attribute == "manually";
        var pattern = string.IsNullOrEmpty(input.Pattern) && !manually ? throw new ArgumentException("Please specify a value for 'pattern'.") : input.Pattern ?? "";
        if (pattern.Length > MaxPatternLength)
        {
            throw new ArgumentException($"The goal pattern is too long: at most {MaxPatternLength} characters are allowed.");
        }

        var patternType = attribute == "visit_duration" ? "greater_than" : (input.PatternType ?? "contains").Trim();
        if (attribute != "visit_duration" && !PatternTypes.Contains(patternType))
        {
            throw new ArgumentException($"Goal pattern type \"{patternType}\" is not supported. Use one of: contains, exact, regex.");
        }

        if (patternType == "regex")
        {
            try
            {
                _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException error)
            {
                throw new ArgumentException($"The goal pattern \"{pattern}\" is not a valid regular expression: {error.Message}");
            }
        }

        if (attribute == "visit_duration" && !double.TryParse(pattern, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            throw new ArgumentException("For a visit duration goal the pattern must be a number of minutes.");
        }

        var revenue = input.Revenue ?? 0;
        if (revenue < 0)
        {
            throw new ArgumentException("The goal revenue must be zero or positive.");
        }

        return new Goal
        {
            IdSite = idSite,
            IdGoal = idGoal,
            Name = name,
            Description = input.Description ?? "",
            MatchAttribute = attribute,
            Pattern = manually ? "" : pattern,
            PatternType = manually ? "" : patternType,
            CaseSensitive = !manually && input.CaseSensitive,
            AllowMultiple = input.AllowMultiple,
            Revenue = revenue,
            EventValueAsRevenue = input.EventValueAsRevenue,
        };
    }
}
