using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Makoto.Cli.Generation;
using Makoto.LogImport;
using Makoto.Storage.Goals;
using Makoto.Storage.Sites;
using Makoto.Tracking;
using Makoto.Tracking.Requests;
using Makoto.Tracking.Writer;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Makoto.Cli;

/// <summary>
/// <c>makoto generate-visits</c>: realistic demo or benchmark data for a site and a date range
/// (<see cref="VisitGenerator"/>), tracked through the same pipeline as requests to <c>/matomo.php</c>.
/// Exit codes: 0 done, 1 when requests were rejected or the run was stopped, 2 for a mistake in the command line.
/// </summary>
internal static class GenerateVisitsCommand
{
    private const int BatchSize = 500;
    private const int Lanes = 4;

    public static Command Create(Option<string?> data)
    {
        var site = new Option<int>("--site") { Description = "The site that gets the visits.", Required = true };
        var date = new Option<string>("--date")
        {
            Description = "The days (site time): YYYY-MM-DD, FROM,TO, yesterday, today or lastN. Hits after now are left out.",
            Required = true,
        };
        var perDay = new Option<int>("--visits-per-day") { Description = "About this many visits a weekday (weekends fewer, each day ±20 %).", DefaultValueFactory = _ => 100 };
        var seed = new Option<int?>("--seed") { Description = "Generate exactly the same visits again with the same seed (default: a random seed, printed)." };
        var noProgress = new Option<bool>("--no-progress") { Description = "No progress bar." };
        var command = new Command(
            "generate-visits",
            "Generate realistic visits (pages, referrers, campaigns, devices, countries, events, downloads, outlinks, site search, goals, ecommerce) through the tracking pipeline.")
        {
            site, date, perDay, seed, noProgress,
        };
        command.SetAction(async (result, cancellation) =>
        {
            try
            {
                var visitsPerDay = result.GetValue(perDay);
                if (visitsPerDay is < 1 or > 1_000_000)
                {
                    throw new CliException("--visits-per-day is from 1 to 1000000.");
                }

                await using var services = CliHost.Start(result.GetValue(data));
                var target = services.GetRequiredService<SiteStore>().Get(result.GetValue(site))
                    ?? throw new CliException($"No site has the id {result.GetValue(site)}.");
                var clock = services.GetRequiredService<TimeProvider>();
                var (from, to) = CliHost.Dates(result.GetValue(date)!, clock);
                var seedValue = result.GetValue(seed) ?? Random.Shared.Next();
                var generator = new VisitGenerator(target, services.GetRequiredService<GoalStore>().GetGoals(target.IdSite), seedValue, clock.GetUtcNow().UtcDateTime);
                var writer = services.GetRequiredService<TrackingWriter>();
                var sink = new LocalHitSink(services.GetRequiredService<TrackingService>());
                var outcome = new Outcome();
                var stopwatch = Stopwatch.StartNew();
                writer.Start();
                try
                {
                    var days = to.DayNumber - from.DayNumber + 1;
                    if (!result.GetValue(noProgress) && AnsiConsole.Profile.Capabilities.Interactive)
                    {
                        await AnsiConsole.Progress()
                            .AutoClear(true)
                            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                            .StartAsync(async context =>
                            {
                                var task = context.AddTask("generating", maxValue: days);
                                for (var day = from; day <= to; day = day.AddDays(1))
                                {
                                    task.Description = Markup.Escape($"{day:yyyy-MM-dd}: {generator.Counts.Visits:N0} visits, {outcome.Recorded:N0} hits recorded");
                                    await SendAsync(sink, generator.Day(day, visitsPerDay), outcome, cancellation);
                                    task.Increment(1);
                                }
                            });
                    }
                    else
                    {
                        for (var day = from; day <= to; day = day.AddDays(1))
                        {
                            await SendAsync(sink, generator.Day(day, visitsPerDay), outcome, cancellation);
                        }
                    }
                }
                finally
                {
                    await writer.StopAsync();
                }

                Summary(target.IdSite, from, to, seedValue, generator.Counts, outcome, stopwatch.Elapsed);
                return outcome.Rejected == 0 ? 0 : 1;
            }
            catch (CliException error)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{error.Message}[/]");
                return 2;
            }
            catch (OperationCanceledException)
            {
                AnsiConsole.MarkupLine("[yellow]Generation interrupted; the visits sent so far are stored.[/]");
                return 1;
            }
        });
        return command;
    }

    /// <summary>
    /// Sends a day's hits over <see cref="Lanes"/> concurrent lanes, each visitor's hits in one lane and in order,
    /// so the writer's group commits fill up while the hits of a visit stay in sequence.
    /// </summary>
    private static async Task SendAsync(LocalHitSink sink, List<TrackingParameters> hits, Outcome outcome, CancellationToken cancellation)
    {
        var lanes = new List<TrackingParameters>[Lanes];
        for (var i = 0; i < Lanes; i++)
        {
            lanes[i] = [];
        }

        foreach (var hit in hits)
        {
            lanes[Convert.ToInt32(hit["_id"]![..2], 16) % Lanes].Add(hit);
        }

        await Task.WhenAll(lanes.Select(async lane =>
        {
            for (var start = 0; start < lane.Count; start += BatchSize)
            {
                var batch = lane.GetRange(start, Math.Min(BatchSize, lane.Count - start));
                var sent = await sink.SendAsync(batch, cancellation);
                lock (outcome)
                {
                    outcome.Recorded += sent.Tracked;
                    outcome.Rejected += sent.InvalidIndices.Count;
                    outcome.FirstMessage ??= sent.Messages.Count > 0 ? sent.Messages[0] : null;
                }
            }
        }));
    }

    private static void Summary(int idSite, DateOnly from, DateOnly to, int seed, GeneratedCounts counts, Outcome outcome, TimeSpan elapsed)
    {
        var rate = outcome.Recorded / Math.Max(elapsed.TotalSeconds, 0.001);
        var lines = new List<string>
        {
            $"Generated for site {idSite} from {from:yyyy-MM-dd} to {to:yyyy-MM-dd} (seed {seed}):",
            $"  visits: {counts.Visits}",
            $"  visitors: {counts.Visitors}",
            $"  actions: {counts.Actions}",
            $"  pageviews: {counts.PageViews}",
            $"  events: {counts.Events}",
            $"  downloads: {counts.Downloads}",
            $"  outlinks: {counts.Outlinks}",
            $"  site searches: {counts.Searches}",
        };
        foreach (var (idGoal, conversions) in counts.ManualConversions)
        {
            lines.Add($"  conversions of goal {idGoal}: {conversions}");
        }

        lines.Add($"  ecommerce orders: {counts.Orders}");
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"  ecommerce revenue: {counts.OrderRevenue:0.00}"));
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"  requests: {counts.Hits}, recorded {outcome.Recorded}, rejected {outcome.Rejected}, in {elapsed.TotalSeconds:0.0} s ({rate:0} requests/s)"));
        foreach (var line in lines)
        {
            AnsiConsole.WriteLine(line);
        }

        if (outcome.FirstMessage is { } message)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]First rejection: {message}[/]");
        }

        AnsiConsole.MarkupLineInterpolated($"Reports are built when requested; to build them now: makoto archive --site {idSite} --date {from:yyyy-MM-dd},{to:yyyy-MM-dd}");
    }

    private sealed class Outcome
    {
        public int Recorded { get; set; }

        public int Rejected { get; set; }

        public string? FirstMessage { get; set; }
    }
}
