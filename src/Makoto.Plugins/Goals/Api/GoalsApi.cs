using Makoto.Core.Security;
using Makoto.Reporting.Api;
using Makoto.Storage.Goals;

namespace Makoto.Plugins.Goals.Api;

/// <summary>Goals' management API (reporting-api.md §10).</summary>
internal sealed class GoalsApi(GoalStore goals) : IApiModule
{
    private const string Module = "Goals";

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

    /// <summary>The goal of the call's parameters, checked by <see cref="GoalRules"/>; a broken rule is an API error.</summary>
    private static Goal Read(ApiCall call, int idSite, int idGoal)
    {
        var input = new GoalInput
        {
            Name = call["name"],
            MatchAttribute = call["matchAttribute"],
            Pattern = call["pattern"],
            PatternType = call["patternType"],
            CaseSensitive = call.Parameters.GetBool("caseSensitive"),
            AllowMultiple = call.Parameters.GetBool("allowMultipleConversionsPerVisit"),
            Revenue = call.Parameters.GetDouble("revenue"),
            Description = call["description"],
            EventValueAsRevenue = call.Parameters.GetBool("useEventValueAsRevenue"),
        };
        Goal goal;
        try
        {
            goal = GoalRules.Check(idSite, idGoal, input);
        }
        catch (ArgumentException error)
        {
            throw new ApiException(error.Message);
        }

        // The API takes a pattern even for a manually triggered goal (and ignores it), as Matomo's does.
        _ = call.Parameters.Require("pattern");
        return goal;
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
