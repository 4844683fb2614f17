using System.Globalization;
using Makoto.Core.Periods;
using Makoto.Storage;
using Makoto.Web.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Makoto.Cli;

/// <summary>
/// The services of a console run: the server's configuration sources (appsettings.json beside the
/// binary, <c>Makoto__*</c> environment variables, <c>MAKOTO_DATA</c>, <c>--data</c>) and the same
/// composition as the server, without the web host. The database is migrated first, as the server does.
/// </summary>
internal static class CliHost
{
    public static ServiceProvider Start(string? dataFolder)
    {
        var configuration = new ConfigurationManager();
        configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        configuration.AddEnvironmentVariables();
        MakotoComposition.AddDataPathSources(configuration, dataFolder is null ? [] : ["--data", dataFolder]);

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        // The console reports what it does itself; the services' logs show warnings and errors only.
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
        services.AddMakoto(MakotoComposition.ReadOptions(configuration));
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IDatabase>().Migrate();
        return provider;
    }

    /// <summary>A comma list of site ids, or null for every site. Throws a message for the user on bad input.</summary>
    public static HashSet<int>? Sites(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text == "all")
        {
            return null;
        }

        var ids = new HashSet<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
            {
                throw new CliException($"'{part}' is not a site id; give ids separated by commas, e.g. --site 1,3.");
            }

            ids.Add(id);
        }

        return ids;
    }

    /// <summary>
    /// A date or a range <c>FROM,TO</c> (each <c>YYYY-MM-DD</c>, <c>today</c> or <c>yesterday</c>, in UTC),
    /// or <c>lastN</c> for the N days ending today.
    /// </summary>
    public static (DateOnly From, DateOnly To) Dates(string text, TimeProvider clock)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (text.StartsWith("last", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0)
        {
            return (today.AddDays(1 - count), today);
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length is < 1 or > 2)
        {
            throw new CliException($"'{text}' is not a date: use YYYY-MM-DD, FROM,TO, today, yesterday or lastN.");
        }

        var from = Date(parts[0], today);
        var to = parts.Length == 2 ? Date(parts[1], today) : from;
        return from <= to ? (from, to) : throw new CliException($"The range '{text}' ends before it starts.");
    }

    public static List<PeriodType>? PeriodTypes(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text == "all")
        {
            return null;
        }

        var types = new List<PeriodType>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            types.Add(part switch
            {
                "day" => PeriodType.Day,
                "week" => PeriodType.Week,
                "month" => PeriodType.Month,
                "year" => PeriodType.Year,
                _ => throw new CliException($"'{part}' is not a period: use day, week, month or year (comma separated)."),
            });
        }

        return types;
    }

    private static DateOnly Date(string text, DateOnly today) => text switch
    {
        "today" => today,
        "yesterday" => today.AddDays(-1),
        _ when DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) => date,
        _ => throw new CliException($"'{text}' is not a date: use YYYY-MM-DD, today or yesterday."),
    };
}

/// <summary>A problem with the command line, reported to the user without a stack trace.</summary>
internal sealed class CliException(string message) : Exception(message);
