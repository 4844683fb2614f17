using System.CommandLine;
using System.Diagnostics;
using Makoto.Archiving;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Makoto.Cli;

/// <summary>
/// <c>makoto archive</c>: builds the archives that are missing or outdated, as Matomo's
/// <c>core:archive</c> does, with progress per site and several sites at once.
/// </summary>
internal static class ArchiveCommand
{
    public static Command Create(Option<string?> data)
    {
        var site = new Option<string?>("--site") { Description = "Site ids, comma separated (default: all sites)." };
        var date = new Option<string?>("--date")
        {
            Description = "Archive every day of this date or range (YYYY-MM-DD, FROM,TO, today, yesterday, lastN) and the periods containing them. Default: the days invalidated by late hits, yesterday and today.",
        };
        var period = new Option<string?>("--period") { Description = "Period types to build: day, week, month, year (comma separated; default all)." };
        var concurrency = new Option<int>("--concurrency")
        {
            Description = "Sites archived at the same time.",
            DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount),
        };
        var force = new Option<bool>("--force") { Description = "Invalidate the archives of --date first, so they are rebuilt from the logs." };

        var command = new Command("archive", "Build the reports' archives that are missing or outdated.")
        {
            site, date, period, concurrency, force,
        };
        command.SetAction(async (result, cancellation) =>
        {
            try
            {
                using var services = CliHost.Start(result.GetValue(data));
                var clock = services.GetRequiredService<TimeProvider>();
                var planner = services.GetRequiredService<ArchivePlanner>();
                var archiver = services.GetRequiredService<Archiver>();
                var sites = CliHost.Sites(result.GetValue(site));
                planner.Sites(sites);
                var dates = result.GetValue(date) is { } text ? CliHost.Dates(text, clock) : ((DateOnly From, DateOnly To)?)null;
                if (result.GetValue(concurrency) < 1)
                {
                    throw new CliException("--concurrency must be at least 1.");
                }

                if (result.GetValue(force))
                {
                    if (dates is not { } range)
                    {
                        throw new CliException("--force needs --date: say which days to rebuild.");
                    }

                    foreach (var target in planner.Sites(sites))
                    {
                        planner.Invalidate(target.IdSite, range.From, range.To);
                    }
                }

                var plan = planner.Plan(sites, dates, CliHost.PeriodTypes(result.GetValue(period)));
                if (plan.Count == 0)
                {
                    AnsiConsole.MarkupLine("[yellow]Nothing to archive:[/] no site matches.");
                    return 0;
                }

                return await Run(plan, archiver, result.GetValue(concurrency), cancellation);
            }
            catch (Exception error) when (error is CliException or KeyNotFoundException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{error.Message}[/]");
                return 2;
            }
        });
        return command;
    }

    private static async Task<int> Run(IReadOnlyList<SiteArchiveWork> plan, Archiver archiver, int concurrency, CancellationToken cancellation)
    {
        var total = Stopwatch.StartNew();
        var failures = 0;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var tasks = plan.ToDictionary(w => w.Site.IdSite, w => progress.AddTask($"site {w.Site.IdSite} ({Markup.Escape(w.Site.Name)})", maxValue: w.Periods.Count));
                await Parallel.ForEachAsync(plan, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellation }, (work, token) =>
                {
                    var task = tasks[work.Site.IdSite];
                    foreach (var period in work.Periods)
                    {
                        token.ThrowIfCancellationRequested();
                        try
                        {
                            archiver.GetRecords(work.Site, period);
                        }
                        catch (Exception error) when (error is not OperationCanceledException)
                        {
                            Interlocked.Increment(ref failures);
                            AnsiConsole.MarkupLineInterpolated($"[red]site {work.Site.IdSite} {period}: {error.Message}[/]");
                        }

                        task.Increment(1);
                    }

                    return ValueTask.CompletedTask;
                });
            });

        var archives = plan.Sum(w => w.Periods.Count);
        AnsiConsole.MarkupLineInterpolated($"Archived {archives} periods of {plan.Count} sites in {total.Elapsed.TotalSeconds:F1} s{(failures > 0 ? $", {failures} failed (see above)" : "")}.");
        return failures > 0 ? 1 : 0;
    }
}
