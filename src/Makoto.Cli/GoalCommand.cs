using System.CommandLine;
using System.Globalization;
using Makoto.Plugins.Goals;
using Makoto.Storage.Goals;
using Makoto.Storage.Sites;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Makoto.Cli;

/// <summary>
/// <c>makoto goal list|add|delete</c>: a site's goals, with the same rules as Goals' API (<see cref="GoalRules"/>).
/// Exit codes: 0 done, 2 for a mistake (unknown site or goal, invalid definition).
/// </summary>
internal static class GoalCommand
{
    public static Command Create(Option<string?> data)
    {
        var command = new Command("goal", "List, create and delete the goals of a website.");

        var listSite = SiteOption();
        var list = new Command("list", "List the goals of a website.") { listSite };
        list.SetAction(result => SiteCommand.Run(result, data, services =>
        {
            var idSite = ExistingSite(services, result.GetValue(listSite));
            var table = new Table().AddColumns("id", "name", "match", "pattern", "pattern type", "case sensitive", "multiple per visit", "revenue");
            foreach (var goal in services.GetRequiredService<GoalStore>().GetGoals(idSite))
            {
                table.AddRow(
                    goal.IdGoal.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(goal.Name),
                    goal.MatchAttribute,
                    Markup.Escape(goal.Pattern),
                    goal.PatternType,
                    goal.CaseSensitive ? "yes" : "no",
                    goal.AllowMultiple ? "yes" : "no",
                    goal.Revenue.ToString(CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
        }));
        command.Subcommands.Add(list);

        var addSite = SiteOption();
        var name = new Option<string?>("--name") { Description = "The goal's name (at most 50 characters).", Required = true };
        var match = new Option<string?>("--match")
        {
            Description = "What converts: " + string.Join(", ", GoalRules.MatchAttributes) + " (manually: only the tracker's idgoal).",
            Required = true,
        };
        var pattern = new Option<string?>("--pattern") { Description = "What the URL, title, event... is compared with; minutes for visit_duration. Not used by manually." };
        var patternType = new Option<string?>("--pattern-type") { Description = "contains (default), exact or regex." };
        var caseSensitive = new Option<bool>("--case-sensitive") { Description = "Compare the pattern case-sensitively." };
        var allowMultiple = new Option<bool>("--allow-multiple") { Description = "Count a conversion each time it matches in a visit (default: once per visit)." };
        var revenue = new Option<double?>("--revenue") { Description = "The default revenue of a conversion." };
        var eventValue = new Option<bool>("--event-value-as-revenue") { Description = "Event goals: the event value is the revenue." };
        var description = new Option<string?>("--description") { Description = "A description." };
        var add = new Command("add", "Create a goal and print its id.") { addSite, name, match, pattern, patternType, caseSensitive, allowMultiple, revenue, eventValue, description };
        add.SetAction(result => SiteCommand.Run(result, data, services =>
        {
            var idSite = ExistingSite(services, result.GetValue(addSite));
            var goal = GoalRules.Check(idSite, 0, new GoalInput
            {
                Name = result.GetValue(name),
                MatchAttribute = result.GetValue(match),
                Pattern = result.GetValue(pattern),
                PatternType = result.GetValue(patternType),
                CaseSensitive = result.GetValue(caseSensitive),
                AllowMultiple = result.GetValue(allowMultiple),
                Revenue = result.GetValue(revenue),
                EventValueAsRevenue = result.GetValue(eventValue),
                Description = result.GetValue(description),
            });
            var id = services.GetRequiredService<GoalStore>().Add(goal);
            AnsiConsole.MarkupLineInterpolated($"Created goal {id} ({goal.Name}) of site {idSite}.");
        }));
        command.Subcommands.Add(add);

        var deleteSite = SiteOption();
        var deleteId = new Argument<int>("id") { Description = "The goal id." };
        var delete = new Command("delete", "Delete a goal; its past conversions stay in the reports already built, as in Matomo.") { deleteSite, deleteId };
        delete.SetAction(result => SiteCommand.Run(result, data, services =>
        {
            var idSite = ExistingSite(services, result.GetValue(deleteSite));
            var id = result.GetValue(deleteId);
            var goals = services.GetRequiredService<GoalStore>();
            var goal = goals.GetGoal(idSite, id) ?? throw new CliException($"Site {idSite} has no goal {id}.");
            goals.Delete(idSite, id);
            AnsiConsole.MarkupLineInterpolated($"Deleted goal {id} ({goal.Name}) of site {idSite}.");
        }));
        command.Subcommands.Add(delete);
        return command;
    }

    private static Option<int> SiteOption() => new("--site") { Description = "The site id.", Required = true };

    private static int ExistingSite(IServiceProvider services, int idSite) =>
        services.GetRequiredService<SiteStore>().Get(idSite) is null ? throw new CliException($"No site has the id {idSite}.") : idSite;
}
