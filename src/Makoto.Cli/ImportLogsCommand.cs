using System.CommandLine;
using System.Globalization;
using Makoto.LogImport;
using Makoto.LogImport.Formats;
using Makoto.Plugins.SitesManager;
using Makoto.Storage.Options;
using Makoto.Storage.Sites;
using Makoto.Tracking;
using Makoto.Tracking.Writer;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Makoto.Cli;

/// <summary>
/// <c>makoto import-logs FILE…</c>: Matomo's server log importer (<c>import_logs.py</c>) with its option
/// names, into the local store (through the same tracking pipeline as the server) or into a remote Matomo
/// or Makoto over bulk tracking requests (<c>--url</c>). Exit codes: 0 when the import ran to its end
/// (invalid and rejected lines included, they are counted), 1 when it stopped (server unreachable, store
/// not writable), 2 for a mistake in the command line.
/// </summary>
internal static class ImportLogsCommand
{
    public static Command Create(Option<string?> data)
    {
        var files = new Argument<string[]>("files")
        {
            Description = "Log files (plain, .gz or .bz2, recognised by content); - reads standard input.",
            Arity = ArgumentArity.OneOrMore,
        };

        // Where the hits go.
        var url = new Option<string?>("--url") { Description = "Import into the Matomo or Makoto at this URL over bulk tracking requests, instead of into the local data folder." };
        var apiUrl = new Option<string?>("--api-url") { Description = "The API's URL when it differs from --url." };
        var tokenAuth = new Option<string?>("--token-auth") { Description = "token_auth with write (admin) access, for --url." };
        var endpoint = new Option<string>("--tracker-endpoint-path") { Description = "Tracker path under --url.", DefaultValueFactory = _ => "/matomo.php" };
        var authUser = new Option<string?>("--auth-user") { Description = "HTTP basic authentication user in front of --url." };
        var authPassword = new Option<string?>("--auth-password") { Description = "HTTP basic authentication password." };
        var insecure = new Option<bool>("--accept-invalid-ssl-certificate") { Description = "Do not verify the TLS certificate of --url." };
        var attempts = new Option<int>("--retry-max-attempts") { Description = "Attempts per bulk request before giving up.", DefaultValueFactory = _ => 3 };
        var retryDelay = new Option<int>("--retry-delay") { Description = "Seconds between attempts.", DefaultValueFactory = _ => 10 };
        var timeout = new Option<int>("--request-timeout") { Description = "Seconds to wait for an answer.", DefaultValueFactory = _ => 300 };

        // Sites.
        var idSite = new Option<int?>("--idsite") { Description = "Track every line into this site (hosts are not looked at)." };
        var fallback = new Option<int?>("--idsite-fallback") { Description = "The site of lines whose host matches no site." };
        var addSites = new Option<bool>("--add-sites-new-hosts") { Description = "Create a site for each host that matches none." };
        var logHostname = new Option<string?>("--log-hostname") { Description = "The host of every line, for formats without one." };

        // Filters.
        var hostnames = Many("--hostname", "Accepted host (wildcards * and ?); other hosts are skipped. Repeatable.");
        var includeHosts = Many("--include-host", "Only import lines of this host. Repeatable.");
        var excludeHosts = Many("--exclude-host", "Do not import lines of this host. Repeatable.");
        var excludePaths = Many("--exclude-path", "Do not import paths matching this pattern (e.g. */admin/*). Repeatable.");
        var excludePathFrom = new Option<FileInfo?>("--exclude-path-from") { Description = "A file with one --exclude-path pattern per line." };
        var includePaths = Many("--include-path", "Only import paths matching this pattern. Repeatable.");
        var includePathFrom = new Option<FileInfo?>("--include-path-from") { Description = "A file with one --include-path pattern per line." };
        var userAgentExclude = Many("--useragent-exclude", "Also treat User-Agents containing this text as bots. Repeatable.");
        var enableStatic = new Option<bool>("--enable-static") { Description = "Import static files (images, css, js, fonts…) as downloads." };
        var enableBots = new Option<bool>("--enable-bots") { Description = "Import bots (with bots=1 and a Bot custom variable)." };
        var enableErrors = new Option<bool>("--enable-http-errors") { Description = "Import HTTP errors (4xx, 5xx), titled with their status." };
        var enableRedirects = new Option<bool>("--enable-http-redirects") { Description = "Import HTTP redirects (3xx except 304)." };
        var downloadExtensions = new Option<string?>("--download-extensions") { Description = "Extensions tracked as downloads (e.g. pdf,zip), replacing the default list." };
        var addDownloadExtensions = new Option<string?>("--add-download-extensions") { Description = "Extensions to add to the download list." };
        var olderThan = new Option<string?>("--exclude-older-than") { Description = "Skip lines before this time: 'YYYY-MM-DD hh:mm:ss +0000'." };
        var newerThan = new Option<string?>("--exclude-newer-than") { Description = "Skip lines after this time: 'YYYY-MM-DD hh:mm:ss +0000'." };

        // Reading.
        var formatName = new Option<string?>("--log-format-name") { Description = "The log format: " + string.Join(", ", LogFormats.Names) + " (default: detected)." };
        var formatRegex = new Option<string?>("--log-format-regex") { Description = "A regex with named groups (ip, date, path, status, host, referrer, user_agent, …) describing the lines." };
        var dateFormat = new Option<string?>("--log-date-format") { Description = "strptime format of the regex's date group (default: Apache's %d/%b/%Y:%H:%M:%S, or ISO)." };
        var w3cFields = new Option<string?>("--w3c-fields") { Description = "The '#Fields: …' line of a W3C log that has none." };
        var w3cMap = Many("--w3c-map-field", "Map a custom W3C field to a standard one: my-date=date. Repeatable.");
        var w3cMillis = new Option<bool>("--w3c-time-taken-millisecs") { Description = "Read W3C time-taken as milliseconds (always so for IIS)." };
        var encoding = new Option<string>("--encoding") { Description = "Text encoding of the files.", DefaultValueFactory = _ => "utf-8" };
        var skip = new Option<long>("--skip") { Description = "Skip this many lines first (to resume an import)." };
        var addToDate = new Option<int>("--add-to-date") { Description = "Seconds added to every line's time." };
        var stripQuery = new Option<bool>("--strip-query-string") { Description = "Drop query strings from URLs." };
        var queryDelimiter = new Option<string>("--query-string-delimiter") { Description = "The query string delimiter.", DefaultValueFactory = _ => "?" };
        var lowercase = new Option<bool>("--force-lowercase-path") { Description = "Lower-case URL paths." };
        var titleDelimiter = new Option<string>("--title-category-delimiter") { Description = "Delimiter in titles of errors and redirects.", DefaultValueFactory = _ => "/" };
        var trackMethod = new Option<bool>("--track-http-method") { Description = "Record the HTTP method as a page custom variable." };
        var replay = new Option<bool>("--replay-tracking") { Description = "The lines are tracker requests (/matomo.php?…): replay them as sent." };
        var replayFile = new Option<string?>("--replay-tracking-expected-tracker-file") { Description = "Path ending of tracker requests (default: matomo.php and piwik.php)." };

        // Running.
        var recorders = new Option<int>("--recorders") { Description = "Batches in flight at once (lines are spread by client).", DefaultValueFactory = _ => 4 };
        var payload = new Option<int?>("--recorder-max-payload-size") { Description = "Hits per batch (default 500 locally, 200 over --url)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Read and filter the lines, record nothing." };
        var force = new Option<bool>("--force") { Description = "Import files again that the store records as imported already." };
        var noProgress = new Option<bool>("--no-progress") { Description = "Do not draw a progress bar (it is not drawn when output is not a terminal)." };

        var command = new Command("import-logs", "Import web server access logs (Apache, nginx, IIS, CloudFront, ELB, HAProxy, …) like Matomo's import_logs.py.")
        {
            files, url, apiUrl, tokenAuth, endpoint, authUser, authPassword, insecure, attempts, retryDelay, timeout,
            idSite, fallback, addSites, logHostname,
            hostnames, includeHosts, excludeHosts, excludePaths, excludePathFrom, includePaths, includePathFrom, userAgentExclude,
            enableStatic, enableBots, enableErrors, enableRedirects, downloadExtensions, addDownloadExtensions, olderThan, newerThan,
            formatName, formatRegex, dateFormat, w3cFields, w3cMap, w3cMillis, encoding, skip, addToDate, stripQuery, queryDelimiter,
            lowercase, titleDelimiter, trackMethod, replay, replayFile, recorders, payload, dryRun, force, noProgress,
        };

        command.SetAction(async (result, cancellation) =>
        {
            try
            {
                var remoteUrl = result.GetValue(url);
                var delimiter = result.GetValue(queryDelimiter)!;
                if (delimiter.Length != 1)
                {
                    throw new CliException("--query-string-delimiter must be one character.");
                }

                var options = new ImportOptions
                {
                    Files = result.GetValue(files)!,
                    FormatName = result.GetValue(formatName),
                    FormatRegex = result.GetValue(formatRegex),
                    DateFormat = result.GetValue(dateFormat),
                    W3c = new W3cSettings(result.GetValue(w3cFields), KeyValues(result.GetValue(w3cMap), "--w3c-map-field"), result.GetValue(w3cMillis)),
                    QueryDelimiter = delimiter[0],
                    Encoding = result.GetValue(encoding)!,
                    IdSite = result.GetValue(idSite),
                    IdSiteFallback = result.GetValue(fallback),
                    AddSitesNewHosts = result.GetValue(addSites),
                    LogHostname = result.GetValue(logHostname)?.ToLowerInvariant(),
                    Hostnames = result.GetValue(hostnames) ?? [],
                    IncludeHosts = result.GetValue(includeHosts) ?? [],
                    ExcludeHosts = result.GetValue(excludeHosts) ?? [],
                    ExcludePaths = [.. result.GetValue(excludePaths) ?? [], .. Lines(result.GetValue(excludePathFrom))],
                    IncludePaths = [.. result.GetValue(includePaths) ?? [], .. Lines(result.GetValue(includePathFrom))],
                    UserAgentExclude = result.GetValue(userAgentExclude) ?? [],
                    EnableStatic = result.GetValue(enableStatic),
                    EnableBots = result.GetValue(enableBots),
                    EnableHttpErrors = result.GetValue(enableErrors),
                    EnableHttpRedirects = result.GetValue(enableRedirects),
                    DownloadExtensions = Extensions(result.GetValue(downloadExtensions)),
                    AddDownloadExtensions = Extensions(result.GetValue(addDownloadExtensions)) ?? [],
                    StripQueryString = result.GetValue(stripQuery),
                    ForceLowercasePath = result.GetValue(lowercase),
                    TitleCategoryDelimiter = result.GetValue(titleDelimiter)!,
                    TrackHttpMethod = result.GetValue(trackMethod),
                    ReplayTracking = result.GetValue(replay),
                    ReplayTrackingExpectedTrackerFile = result.GetValue(replayFile),
                    Skip = result.GetValue(skip),
                    ExcludeOlderThan = Time(result.GetValue(olderThan), "--exclude-older-than"),
                    ExcludeNewerThan = Time(result.GetValue(newerThan), "--exclude-newer-than"),
                    AddToDate = result.GetValue(addToDate),
                    DryRun = result.GetValue(dryRun),
                    Force = result.GetValue(force),
                    Recorders = result.GetValue(recorders),
                    BatchSize = result.GetValue(payload) ?? (remoteUrl is null ? 500 : 200),
                };
                var progress = !result.GetValue(noProgress);

                if (remoteUrl is not null)
                {
                    var token = result.GetValue(tokenAuth) ?? throw new CliException("--url needs --token-auth: a token_auth with admin access to the sites.");
                    var server = new RemoteServer
                    {
                        Url = ParseUrl(remoteUrl, "--url"),
                        ApiUrl = result.GetValue(apiUrl) is { } api ? ParseUrl(api, "--api-url") : null,
                        TokenAuth = token,
                        TrackerEndpointPath = result.GetValue(endpoint)!,
                        MaxAttempts = Math.Max(1, result.GetValue(attempts)),
                        RetryDelay = TimeSpan.FromSeconds(Math.Max(0, result.GetValue(retryDelay))),
                        RequestTimeout = TimeSpan.FromSeconds(Math.Max(1, result.GetValue(timeout))),
                        BasicAuthUser = result.GetValue(authUser),
                        BasicAuthPassword = result.GetValue(authPassword),
                        AcceptInvalidCertificate = result.GetValue(insecure),
                    };
                    using var http = server.CreateClient();
                    var importer = new LogImporter(options, new RemoteHitSink(server, http), new RemoteSiteDirectory(server, http), ledger: null);
                    return await RunAsync(importer, options, server.Url.ToString(), progress, cancellation);
                }

                await using var services = CliHost.Start(result.GetValue(data));
                var writer = services.GetRequiredService<TrackingWriter>();
                writer.Start();
                try
                {
                    var importer = new LogImporter(
                        options,
                        new LocalHitSink(services.GetRequiredService<TrackingService>()),
                        new LocalSiteDirectory(services.GetRequiredService<SiteStore>(), services.GetRequiredService<SiteAdministration>()),
                        new ImportLedger(services.GetRequiredService<OptionStore>(), services.GetRequiredService<TimeProvider>()));
                    return await RunAsync(importer, options, null, progress, cancellation);
                }
                finally
                {
                    await writer.StopAsync();
                }
            }
            catch (CliException error)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{error.Message}[/]");
                return 2;
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(LogImporter importer, ImportOptions options, string? remote, bool progress, CancellationToken cancellation)
    {
        var run = importer.RunAsync(cancellation);
        try
        {
            if (progress && AnsiConsole.Profile.Capabilities.Interactive)
            {
                await AnsiConsole.Progress()
                    .AutoClear(true)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                    .StartAsync(async context =>
                    {
                        var statistics = importer.Statistics;
                        var task = context.AddTask("reading", maxValue: Math.Max(1, statistics.TotalBytes));
                        task.IsIndeterminate = statistics.TotalBytes == 0;
                        while (!run.IsCompleted)
                        {
                            await Task.WhenAny(run, Task.Delay(250, CancellationToken.None));
                            task.Description = Markup.Escape(
                                $"{importer.CurrentFile} [{importer.CurrentFormat}] {statistics.LinesParsed:N0} lines, {statistics.Recorded:N0} recorded, {statistics.LinesPerSecond:N0} lines/s");
                            task.Value = Math.Min(statistics.BytesRead, task.MaxValue);
                        }

                        task.Value = task.MaxValue;
                    });
            }

            await run;
        }
        catch (ImportException error)
        {
            ImportSummary.Write(importer.Statistics, options, remote);
            AnsiConsole.MarkupLineInterpolated($"[red]{error.Message}[/]");
            return error.IsUsageError ? 2 : 1;
        }
        catch (OperationCanceledException)
        {
            ImportSummary.Write(importer.Statistics, options, remote);
            AnsiConsole.MarkupLine("[yellow]Import interrupted.[/]");
            return 1;
        }

        ImportSummary.Write(importer.Statistics, options, remote);
        return 0;
    }

    private static Option<string[]> Many(string name, string description) =>
        new(name) { Description = description, Arity = ArgumentArity.ZeroOrMore, AllowMultipleArgumentsPerToken = false };

    private static IEnumerable<string> Lines(FileInfo? file)
    {
        if (file is null)
        {
            return [];
        }

        if (!file.Exists)
        {
            throw new CliException($"The file {file.FullName} does not exist.");
        }

        return File.ReadAllLines(file.FullName).Select(l => l.Trim()).Where(l => l.Length > 0);
    }

    private static string[]? Extensions(string? text) =>
        text is null ? null : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(e => e.TrimStart('.').ToLowerInvariant()).ToArray();

    private static Dictionary<string, string>? KeyValues(string[]? values, string option)
    {
        if (values is null || values.Length == 0)
        {
            return null;
        }

        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in values)
        {
            var eq = value.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == value.Length - 1)
            {
                throw new CliException($"{option} takes KEY=VALUE, not '{value}'.");
            }

            map[value[..eq]] = value[(eq + 1)..];
        }

        return map;
    }

    /// <summary>'YYYY-MM-DD hh:mm:ss +0000' (Matomo's form; the offset is required) as UTC.</summary>
    internal static DateTime? Time(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        text = text.Trim();
        var space = text.LastIndexOf(' ');
        if (space < 0
            || !DateTime.TryParseExact(text.AsSpan(0, space).Trim(), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            || !LogDates.TryParseOffset(text.AsSpan(space + 1), out var offset))
        {
            throw new CliException($"{option} '{text}' is not a time: use 'YYYY-MM-DD hh:mm:ss +0000' (the offset is required).");
        }

        return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
    }

    private static Uri ParseUrl(string text, string option)
    {
        var value = text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text;
        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new CliException($"{option} '{text}' is not an http(s) URL.");
    }
}
