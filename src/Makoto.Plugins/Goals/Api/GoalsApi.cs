using System.Text.RegularExpressions;
using Makoto.Core.Security;
using Makoto.Reporting.Api;
using Makoto.Storage.Goals;

namespace Makoto.Plugins.Goals.Api;

/// <summary>Goals' management API (reporting-api.md §10).</summary>
internal sealed class GoalsApi(GoalStore goals) : IApiModule
{
    private const string Module = "Goals";
    private const int MaxNameLength = 50;
    private const int MaxPatternLength = 255;

    private static readonly string[] s_matchAttributes =
        ["url", "title", "file", "external_website", "manually", "event_action", "event_category", "event_name", "visit_duration"];

    private static readonly string[] s_patternTypes = ["contains", "exact", "regex"];

    public IEnumerable<ApiMethod> Methods()
    {
        string[] fields =
            ["idSite", "name", "matchAttribute", "pattern", "patternType", "caseSensitive", "revenue", "allowMultipleConversionsPerVisit", "description", "useEventValueAsRevenue"];
        yield return new ApiMethod(Module, "addGoal", call =>
        {
            var site = call.RequireSite(AccessLevel.Write);
            return new ApiValue(goals.Add(Read(call, site.IdSite, idGoal: 0)));
        })
        {
            ParameterNames = fields,
        };
        yield return new ApiMethod(Module, "updateGoal", call =>
        {
            var site = call.RequireSite(AccessLevel.Write);
            var idGoal = call.Parameters.GetInt("idGoal") ?? throw new ApiException("Please specify a value for 'idGoal'.");
            _ = goals.GetGoal(site.IdSite, idGoal) ?? throw new ApiException($"The goal id {idGoal} does not exist.");
            goals.Update(Read(call, site.IdSite, idGoal));
            return ApiSuccess.Instance;
        })
        {
            ParameterNames = [.. fields, "idGoal"],
        };
        yield return new ApiMethod(Module, "deleteGoal", call =>
        {
            var site = call.RequireSite(AccessLevel.Write);
            var idGoal = call.Parameters.GetInt("idGoal") ?? throw new ApiException("Please specify a value for 'idGoal'.");
            goals.Delete(site.IdSite, idGoal);
            return ApiSuccess.Instance;
        })
        {
            ParameterNames = ["idSite", "idGoal"],
        };
        yield return new ApiMethod(Module, "getGoal", call =>
        {
            var site = call.RequireSite();
            var idGoal = call.Parameters.GetInt("idGoal") ?? throw new ApiException("Please specify a value for 'idGoal'.");
            return goals.GetGoal(site.IdSite, idGoal) is { } goal ? ToPlain(goal) : new List<object?>();
        })
        {
            ParameterNames = ["idSite", "idGoal"],
        };
        yield return new ApiMethod(Module, "getGoals", call =>
        {
            var site = call.RequireSite();
            IEnumerable<Goal> list = goals.GetGoals(site.IdSite);
            if (call.Parameters.GetBool("orderByName"))
            {
                list = list.OrderBy(g => g.Name, StringComparer.OrdinalIgnoreCase);
            }

            return list.Select(g => (object?)ToPlain(g)).ToList();
        })
        {
            ParameterNames = ["idSite", "orderByName"],
        };
    }

    private static Goal Read(ApiCall call, int idSite, int idGoal)
    {
        var name = (call["name"] ?? "").Trim();
        if (name.Length == 0)
        {
            throw new ApiException("Please specify a value for 'name'.");
        }

        if (name.Length > MaxNameLength)
        {
            throw new ApiException($"The goal name is too long: at most {MaxNameLength} characters are allowed.");
        }

        var attribute = call.Parameters.Require("matchAttribute");
        if (!s_matchAttributes.Contains(attribute))
        {
            throw new ApiException($"Goal match attribute \"{attribute}\" is not supported. Use one of: {string.Join(", ", s_matchAttributes)}.");
        }

        var pattern = call.Parameters.Require("pattern");
        if (pattern.Length > MaxPatternLength)
        {
            throw new ApiException($"The goal pattern is too long: at most {MaxPatternLength} characters are allowed.");
        }

        var patternType = attribute == "visit_duration" ? "greater_than" : (call["patternType"] ?? "contains").Trim();
        if (attribute != "visit_duration" && !s_patternTypes.Contains(patternType))
        {
            throw new ApiException($"Goal pattern type \"{patternType}\" is not supported. Use one of: contains, exact, regex.");
        }

        if (patternType == "regex")
        {
            try
            {
                _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException error)
            {
                throw new ApiException($"The goal pattern \"{pattern}\" is not a valid regular expression: {error.Message}");
            }
        }

        if (attribute == "visit_duration" && !double.TryParse(pattern, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            throw new ApiException("For a visit duration goal the pattern must be a number of minutes.");
        }

        var revenue = call.Parameters.GetDouble("revenue") ?? 0;
        if (revenue < 0)
        {
            throw new ApiException("The goal revenue must be zero or positive.");
        }

        var manually = attribute == "manually";
        return new Goal
        {
            IdSite = idSite,
            IdGoal = idGoal,
            Name = name,
            Description = call["description"] ?? "",
            MatchAttribute = attribute,
            Pattern = manually ? "" : pattern,
            PatternType = manually ? "" : patternType,
            CaseSensitive = !manually && call.Parameters.GetBool("caseSensitive"),
            AllowMultiple = call.Parameters.GetBool("allowMultipleConversionsPerVisit"),
            Revenue = revenue,
            EventValueAsRevenue = call.Parameters.GetBool("useEventValueAsRevenue"),
        };
    }

    /// <summary>A goal as Matomo's API returns it; manually triggered goals have no pattern keys.</summary>
    public static PlainObject ToPlain(Goal goal)
    {
        var plain = new PlainObject
        {
            ["idsite"] = goal.IdSite,
            ["idgoal"] = goal.IdGoal,
            ["name"] = goal.Name,
            ["description"] = goal.Description,
            ["match_attribute"] = goal.MatchAttribute,
        };
        if (goal.MatchAttribute != "manually")
        {
            plain["pattern"] = goal.Pattern;
            plain["pattern_type"] = goal.PatternType;
            plain["case_sensitive"] = goal.CaseSensitive ? 1 : 0;
        }

        plain["allow_multiple"] = goal.AllowMultiple ? 1 : 0;
        plain["revenue"] = goal.Revenue;
        plain["deleted"] = goal.Deleted ? 1 : 0;
        plain["event_value_as_revenue"] = goal.EventValueAsRevenue ? 1 : 0;
        return plain;
    }
}
