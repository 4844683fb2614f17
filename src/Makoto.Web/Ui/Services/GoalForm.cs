using System.Globalization;
using Makoto.Core.DataTables;
using Makoto.Reporting.Api;

namespace Makoto.Web.Ui.Services;

/// <summary>A goal as edited in the administration, and the parameters of Goals.addGoal / updateGoal it becomes.</summary>
public sealed class GoalForm
{
    public int? IdGoal { get; set; }

    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    public string MatchAttribute { get; set; } = "url";

    public string PatternType { get; set; } = "contains";

    public string Pattern { get; set; } = "";

    public bool CaseSensitive { get; set; }

    public double Revenue { get; set; }

    public bool AllowMultiple { get; set; }

    public static GoalForm From(PlainObject goal) => new()
    {
        IdGoal = goal.Int("idgoal"),
        Name = goal.Text("name"),
        Description = goal.Text("description"),
        MatchAttribute = goal.Text("match_attribute"),
        PatternType = goal.Text("pattern_type") is { Length: > 0 } type ? type : "contains",
        Pattern = goal.Text("pattern"),
        CaseSensitive = goal.Bool("case_sensitive"),
        Revenue = MetricValues.ToDouble(goal.GetValueOrDefault("revenue")),
        AllowMultiple = goal.Bool("allow_multiple"),
    };

    /// <summary>
    /// The API parameters. A manually converted goal has no pattern, but Goals.addGoal wants one (as Matomo's),
    /// so it is sent as <c>manually</c>; a visit duration goal is always "greater than".
    /// </summary>
    public (string Name, string? Value)[] Parameters(string idSite)
    {
        var manually = MatchAttribute == "manually";
        return
        [
            ("idSite", idSite),
            ("idGoal", IdGoal?.ToString(CultureInfo.InvariantCulture)),
            ("name", Name.Trim()),
            ("description", Description.Trim()),
            ("matchAttribute", MatchAttribute),
            ("pattern", manually ? "manually" : Pattern.Trim()),
            ("patternType", manually || MatchAttribute == "visit_duration" ? "contains" : PatternType),
            ("caseSensitive", CaseSensitive ? "1" : "0"),
            ("revenue", Revenue.ToString(CultureInfo.InvariantCulture)),
            ("allowMultipleConversionsPerVisit", AllowMultiple ? "1" : "0"),
        ];
    }
}
