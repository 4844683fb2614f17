using System.Collections.Concurrent;
using Makoto.Core.Periods;
using Makoto.Core.Segments;
using Makoto.Core.Sites;

namespace Makoto.Archiving;

/// <summary>
/// Weeks, months, years and ranges: archived plugin by plugin (done flag <c>done.&lt;Plugin&gt;</c>, as
/// Matomo's per-plugin archives), each merged from the same plugin's records of the sub-periods — days
/// from their complete day archives, longer sub-periods from their own plugin archives.
/// </summary>
public sealed partial class Archiver
{
    /// <summary>The done flag of a period's archive holding one plugin's records for a segment (Matomo's <c>done{hash}.{Plugin}</c>).</summary>
    public static string PluginDoneFlag(Segment segment, string plugin) => DoneFlagOf(segment) + "." + plugin;

    private IEnumerable<string> PluginNames() => _builders.Select(b => b.Plugin).Distinct(StringComparer.Ordinal);

    private ArchiveRecords PluginRecords(Site site, Period period, Segment segment, string plugin) =>
        GetOrBuild(site, period, segment, PluginDoneFlag(segment, plugin), context => MergePlugin(context, plugin));

    private ArchiveRecords MergePlugin(ArchiveContext context, string plugin)
    {
        var site = context.Site;
        var builders = _builders.Where(b => b.Plugin == plugin).ToList();
        var parts = new List<ArchiveRecords>();
        foreach (var sub in context.Period.SubPeriods())
        {
            if (!Archivable(site, sub))
            {
                continue;
            }

            var records = sub.Type == PeriodType.Day
                ? GetOrBuild(site, sub, context.Segment, DoneFlagOf(context.Segment), BuildDay)
                : PluginRecords(site, sub, context.Segment, plugin);
            if (!records.IsEmpty)
            {
                parts.Add(records);
            }
        }

        var merged = new ArchiveRecords();
        if (parts.Count == 0)
        {
            return merged;
        }

        foreach (var builder in builders)
        {
            foreach (var record in builder.RecordsFor(site))
            {
                switch (record)
                {
                    case NumericRecord numeric:
                        MergeNumeric(numeric, parts, merged);
                        break;
                    case TableRecord table:
                        MergeTable(table, parts, merged);
                        break;
                    case UniqueRecord unique:
                        MergeUniques(unique, parts, merged);
                        break;
                }
            }
        }

        foreach (var builder in builders)
        {
            builder.CompletePeriod(context, merged);
        }

        FinishTables(merged, site, builders);
        return merged;
    }

    /// <summary>The plugin declaring each record name that does not depend on the site (<see cref="IRecordBuilder.Records"/>).</summary>
    private Dictionary<string, string> StaticOwners()
    {
        if (_staticOwners is { } owners)
        {
            return owners;
        }

        owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var builder in _builders)
        {
            foreach (var record in builder.Records)
            {
                owners.TryAdd(record.Name, builder.Plugin);
            }
        }

        return _staticOwners = owners;
    }

    /// <summary>The records of one (site, period above a day), loading each plugin's archive on the first read of one of its records.</summary>
    private sealed class PeriodRecords(Archiver archiver, Site site, Period period, Segment segment) : IRecordSource
    {
        private readonly ConcurrentDictionary<string, Lazy<ArchiveRecords>> _plugins = new(StringComparer.Ordinal);
        private Dictionary<string, string>? _siteOwners;

        public bool IsEmpty => archiver.PluginNames().All(plugin => Plugin(plugin).IsEmpty);

        public ArchiveRecords? For(string name) =>
            archiver.StaticOwners().TryGetValue(name, out var plugin) || SiteOwners().TryGetValue(name, out plugin) ? Plugin(plugin) : null;

        private ArchiveRecords Plugin(string plugin) =>
            _plugins.GetOrAdd(plugin, key => new Lazy<ArchiveRecords>(() => archiver.PluginRecords(site, period, segment, key))).Value;

        /// <summary>
        /// Which plugin declares each record name for this site (goals and custom dimensions add names per
        /// site, read from the store): only asked for names that are not declared for every site.
        /// </summary>
        private Dictionary<string, string> SiteOwners()
        {
            if (_siteOwners is { } owners)
            {
                return owners;
            }

            owners = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var builder in archiver._builders)
            {
                foreach (var record in builder.RecordsFor(site))
                {
                    owners.TryAdd(record.Name, builder.Plugin);
                }
            }

            return _siteOwners = owners;
        }
    }
}
