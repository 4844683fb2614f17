using System.Globalization;
using Makoto.LogImport;

namespace Makoto.Cli;

/// <summary>The end-of-import report, in the shape of Matomo's importer summary (lines, skips by reason, sites, rate).</summary>
internal static class ImportSummary
{
    public static void Write(ImportStatistics s, ImportOptions options, string? remote)
    {
        static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

        var text = new System.Text.StringBuilder();
        if (s.FilesAlreadyImported.Count > 0)
        {
            text.AppendLine("Files skipped because they were imported before (use --force to import them again, or --skip N to import only their new lines):");
            foreach (var file in s.FilesAlreadyImported)
            {
                text.Append("    ").AppendLine(file);
            }

            text.AppendLine();
        }

        if (s.RejectedLines.Count > 0)
        {
            text.AppendLine("Lines rejected by the tracker:");
            text.Append("    ").AppendLine(string.Join(", ", s.RejectedLines) + (s.Skipped(SkipReason.Rejected) > s.RejectedLines.Count ? ", …" : ""));
            foreach (var (message, count) in s.RejectReasons.OrderByDescending(kv => kv.Value).Take(10))
            {
                text.Append("    ").Append(N(count)).Append(" × ").AppendLine(message);
            }

            text.AppendLine();
        }

        text.AppendLine(options.DryRun ? "Logs import summary (dry run: nothing was recorded)" : "Logs import summary");
        text.AppendLine("-------------------");
        text.AppendLine();
        text.Append("    ").Append(N(s.LinesParsed)).AppendLine(" lines parsed");
        text.Append("    ").Append(N(s.Recorded)).AppendLine(" requests imported successfully");
        text.Append("    ").Append(N(s.Downloads)).AppendLine(" requests were downloads");
        text.Append("    ").Append(N(s.TotalSkipped)).AppendLine(" requests ignored:");
        text.Append("        ").Append(N(s.Skipped(SkipReason.HttpError))).AppendLine(" HTTP errors");
        text.Append("        ").Append(N(s.Skipped(SkipReason.HttpRedirect))).AppendLine(" HTTP redirects");
        text.Append("        ").Append(N(s.Skipped(SkipReason.Invalid))).AppendLine(" invalid log lines");
        text.Append("        ").Append(N(s.Skipped(SkipReason.Rejected))).AppendLine(" requests rejected by the tracker");
        text.Append("        ").Append(N(s.Skipped(SkipReason.Filtered))).AppendLine(" filtered log lines");
        text.Append("        ").Append(N(s.Skipped(SkipReason.NoSite))).AppendLine(" requests did not match any known site");
        text.Append("        ").Append(N(s.Skipped(SkipReason.Hostname))).AppendLine(" requests did not match any --hostname");
        text.Append("        ").Append(N(s.Skipped(SkipReason.Bot))).AppendLine(" requests done by bots, search engines...");
        text.Append("        ").Append(N(s.Skipped(SkipReason.Static))).AppendLine(" requests to static resources (css, js, images, ico, ttf...)");
        text.Append("        ").Append(N(s.Skipped(SkipReason.Download))).AppendLine(" requests to file downloads did not match any --download-extensions");
        text.AppendLine();
        text.AppendLine("Website import summary");
        text.AppendLine("----------------------");
        text.AppendLine();
        text.Append("    ").Append(N(s.Recorded)).Append(" requests imported to ").Append(s.Sites.Count).AppendLine(" sites");
        text.Append("        ").Append(s.Sites.Count - s.SitesCreated.Count).AppendLine(" sites already existed");
        text.Append("        ").Append(s.SitesCreated.Count).AppendLine(" sites were created:");
        foreach (var (host, id) in s.SitesCreated.OrderBy(kv => kv.Value))
        {
            text.Append("            ").Append(host).Append(" (ID: ").Append(id).AppendLine(")");
        }

        text.Append("    ").Append(s.HostsIgnored.Count).AppendLine(" distinct hostnames did not match any existing site:");
        foreach (var host in s.HostsIgnored)
        {
            text.Append("            ").AppendLine(host);
        }

        if (s.HostsIgnored.Count > 0)
        {
            text.AppendLine("        Tips: add the host as an alias URL of its site (makoto site update ID --urls …), use --add-sites-new-hosts,");
            text.AppendLine("        --idsite-fallback ID for all unknown hosts, or --idsite ID for all lines.");
        }

        text.AppendLine();
        text.AppendLine("Performance summary");
        text.AppendLine("-------------------");
        text.AppendLine();
        text.Append("    Total time: ").Append(s.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)).AppendLine(" seconds");
        text.Append("    Lines parsed per second: ").AppendLine(N((long)s.LinesPerSecond));
        text.Append("    Requests imported per second: ").AppendLine(N((long)s.RecordsPerSecond));
        if (!options.DryRun && s.Recorded > 0 && s.FirstHit is { } first && s.LastHit is { } last)
        {
            text.AppendLine();
            text.AppendLine("Processing your log data");
            text.AppendLine("------------------------");
            text.AppendLine();
            if (remote is null)
            {
                text.AppendLine("    Reports are built when first requested (and past days' reports were marked for rebuilding).");
                text.Append("    To build them now: makoto archive --date ").Append(first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                    .Append(',').AppendLine(last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append("    ").Append(remote).AppendLine(" builds the reports itself (a Matomo may need ./console core:archive).");
            }
        }

        Console.Out.Write(text.ToString());
    }
}
