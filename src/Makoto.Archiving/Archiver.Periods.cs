using System.Collections.Concurrent;
using Makoto.Core.DataTables;
using Makoto.Core.Periods;
using Makoto.Core.Segments;
using Makoto.Core.Sites;

namespace Makoto.Archiving;

/// <summary>
/// Weeks, months, years and ranges: archived plugin by plugin (done flag <c>done.&lt;Plugin&gt;</c>, as
/// Matomo's per-plugin archives), each merged from the same plugin's records of the sub-periods — days
/// from their complete day archives, longer sub-periods from their own plugin archives. A report table
/// read before its plugin's archive exists is merged on its own into a partial archive holding only
/// that table (done flag <c>done.&lt;Plugin&gt;.&lt;record&gt;</c>, as Matomo's partial archives of a
/// requested report), from the same table of the sub-periods: a page-URL report of a year does not pay
/// for merging the page titles, downloads and outlinks of its 365 days.
/// </summary>
public sealed partial class Archiver
{
    /// <summary>The done flag of a period's archive holding one plugin's records for a segment (Matomo's <c>done{hash}.{Plugin}</c>).</summary>
    public static string PluginDoneFlag(Segment segment, string plugin) => DoneFlagOf(segment) + "." + plugin;

    /// <summary>The done flag of a period's partial archive holding one table record of a plugin for a segment.</summary>
    public static string RecordDoneFlag(Segment segment, string plugin, string record) => PluginDoneFlag(segment, plugin) + "." + record;

    /// <summary>
    /// The done flag of a period's partial archive holding the numbers of a plugin that periods merge from their
    /// sub-periods (sums, maxima, minima): what a report needs of another plugin (the goals' conversion totals of
    /// the page reports) without merging that plugin's tables.
    /// </summary>
    public static string NumbersDoneFlag(Segment segment, string plugin) => PluginDoneFlag(segment, plugin) + ".numbers";

    private IEnumerable<string> PluginNames() => _builders.Select(b => b.Plugin).Distinct(StringComparer.Ordinal);

    private ArchiveRecords PluginRecords(Site site, Period period, Segment segment, string plugin) =>
        GetOrBuild(site, period, segment, PluginDoneFlag(segment, plugin), context => MergePlugin(context, plugin));

    private ArchiveRecords MergePlugin(ArchiveContext context, string plugin)
    {
        var site = context.Site;
        var builders = _builders.Where(b => b.Plugin == plugin).ToList();
        var parts = SubPeriodParts(context, plugin, sub => PluginRecords(site, sub, context.Segment, plugin));
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

    /// <summary>
    /// One table of a period above a day: from the plugin's archive when it is built, otherwise from the
    /// period's partial archive of that table, merged from the same table of the sub-periods when missing.
    /// </summary>
    private DataTable? RecordTable(Site site, Period period, Segment segment, string plugin, TableRecord record) =>
        RecordArchive(site, period, segment, plugin, record).GetTable(record.Name);

    /// <summary>The archive holding one table of a period above a day: the plugin's archive when it is built, otherwise the table's partial archive.</summary>
    private ArchiveRecords RecordArchive(Site site, Period period, Segment segment, string plugin, TableRecord record) =>
        ReadValid(site, period, PluginDoneFlag(segment, plugin))
        ?? GetOrBuild(site, period, segment, RecordDoneFlag(segment, plugin, record.Name), context => MergeRecord(context, plugin, record));

    /// <summary>
    /// The partial archive of one table: merged as <see cref="MergePlugin"/> merges it (the plugin's
    /// period completion may read the table), holding that table alone, serialized from its merger
    /// unless the completion read it.
    /// </summary>
    private ArchiveRecords MergeRecord(ArchiveContext context, string plugin, TableRecord record)
    {
        var merged = new ArchiveRecords();
        var merger = new TableMerger(record.Rules);
        if (!MergeSubTables(context, plugin, record, merger))
        {
            return merged;
        }

        SetMerged(record, merger, merged);
        foreach (var builder in _builders)
        {
            if (builder.Plugin == plugin)
            {
                builder.CompletePeriod(context, merged);
            }
        }

        var (top, subtable) = _options.RowLimits.For(record.Limits);
        merged.FinishTable(record, top, subtable);
        return merged.OnlyTable(record.Name);
    }

    /// <summary>
    /// The archive holding a plugin's merged numbers of a period above a day: the plugin's archive when it is
    /// built, otherwise the period's partial archive of those numbers, merged from the sub-periods' when missing.
    /// </summary>
    private ArchiveRecords PluginNumbers(Site site, Period period, Segment segment, string plugin) =>
        ReadValid(site, period, PluginDoneFlag(segment, plugin))
        ?? GetOrBuild(site, period, segment, NumbersDoneFlag(segment, plugin), context => MergeNumbers(context, plugin));

    /// <summary>The partial archive of a plugin's merged numbers: each combined as <see cref="MergePlugin"/> combines it, from days or the sub-periods' numbers.</summary>
    private ArchiveRecords MergeNumbers(ArchiveContext context, string plugin)
    {
        var site = context.Site;
        var parts = SubPeriodParts(context, plugin, sub => PluginNumbers(site, sub, context.Segment, plugin));
        var merged = new ArchiveRecords();
        foreach (var numeric in NumericRecords(site, plugin))
        {
            MergeNumeric(numeric, parts, merged);
        }

        return merged;
    }

    /// <summary>
    /// The non-empty archives a merge of <paramref name="plugin"/>'s records reads for the period: the day archives of
    /// its days (the missing ones built side by side first) and, for its longer sub-periods, what
    /// <paramref name="longer"/> gives (the plugin's archive, or its partial archive of numbers).
    /// </summary>
    private List<ArchiveRecords> SubPeriodParts(ArchiveContext context, string plugin, Func<Period, ArchiveRecords> longer)
    {
        var site = context.Site;
        var fresh = BuildMissingDays(site, context.Period, context.Segment, plugin, null);
        BuildLongerSideBySide(site, context.Period, longer);
        var parts = new List<ArchiveRecords>();
        foreach (var sub in context.Period.SubPeriods())
        {
            if (!Archivable(site, sub))
            {
                continue;
            }

            var records = sub.Type == PeriodType.Day
                ? DayRecords(site, sub, context.Segment, fresh)
                : longer(sub);
            if (!records.IsEmpty)
            {
                parts.Add(records);
            }
        }

        return parts;
    }

    /// <summary>
    /// Gets the archives of the period's sub-periods longer than a day (a range's months and weeks) side by side
    /// before the merge reads them one after the other: each one missing is merged from its own days (built
    /// already) on a core of its own. Each goes through <see cref="GetOrBuild"/> and its gate, as the merge's
    /// own reads do, which then find them built.
    /// </summary>
    private void BuildLongerSideBySide(Site site, Period period, Func<Period, ArchiveRecords> longer)
    {
        var subs = new List<Period>();
        foreach (var sub in period.SubPeriods())
        {
            if (sub.Type != PeriodType.Day && Archivable(site, sub))
            {
                subs.Add(sub);
            }
        }

        if (subs.Count < 2)
        {
            return;
        }

        // The longest first (a range's months before its weeks), so that the last ones to finish are short.
        SideBySide(subs.OrderByDescending(static sub => sub.End.DayNumber - sub.Start.DayNumber), sub => longer(sub));
    }

    /// <summary>The numbers the plugin declares for the site.</summary>
    private IEnumerable<NumericRecord> NumericRecords(Site site, string plugin)
    {
        foreach (var builder in _builders)
        {
            if (builder.Plugin != plugin)
            {
                continue;
            }

            foreach (var record in builder.RecordsFor(site))
            {
                if (record is NumericRecord numeric)
                {
                    yield return numeric;
                }
            }
        }
    }

    /// <summary>
    /// True when the plugin declares this number for the site and every number it declares is merged from the
    /// sub-periods (none is set by its period completion): a report reading the plugin's numbers then finds them
    /// all in the partial archive of numbers, and never needs the whole plugin merged as well for the others
    /// (VisitsSummary.get reads the merged visits and the unique visitors its completion counts).
    /// </summary>
    private bool IsMergedNumber(Site site, string plugin, string name)
    {
        var declared = false;
        foreach (var numeric in NumericRecords(site, plugin))
        {
            if (numeric.Aggregation == NumericAggregation.None)
            {
                return false;
            }

            declared |= numeric.Name == name;
        }

        return declared;
    }

    /// <summary>Sums the table of each sub-period that has it into <paramref name="merger"/>; false when none has it.</summary>
    private bool MergeSubTables(ArchiveContext context, string plugin, TableRecord record, TableMerger merger)
    {
        var site = context.Site;
        var fresh = BuildMissingDays(site, context.Period, context.Segment, plugin, record.Name);
        BuildLongerSideBySide(site, context.Period, sub => RecordArchive(site, sub, context.Segment, plugin, record));
        var any = false;
        foreach (var sub in context.Period.SubPeriods())
        {
            if (!Archivable(site, sub))
            {
                continue;
            }

            var records = sub.Type == PeriodType.Day
                ? DayRecords(site, sub, context.Segment, fresh)
                : RecordArchive(site, sub, context.Segment, plugin, record);
            any |= records.MergeInto(record.Name, merger);
        }

        return any;
    }

    /// <summary>The table record of this name that the plugin declares for the site, or null.</summary>
    private TableRecord? TableDeclaration(Site site, string plugin, string name)
    {
        foreach (var builder in _builders)
        {
            if (builder.Plugin != plugin)
            {
                continue;
            }

            foreach (var record in builder.RecordsFor(site))
            {
                if (record is TableRecord table && table.Name == name)
                {
                    return table;
                }
            }
        }

        return null;
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
        private readonly ConcurrentDictionary<string, Lazy<DataTable?>> _tables = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Lazy<ArchiveRecords?>> _built = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Lazy<ArchiveRecords>> _numbers = new(StringComparer.Ordinal);
        private Dictionary<string, string>? _siteOwners;

        public bool IsEmpty => archiver.PluginNames().All(plugin => Plugin(plugin).IsEmpty);

        public ArchiveRecords? For(string name) => Owner(name) is { } plugin ? Plugin(plugin) : null;

        public double? Numeric(string name)
        {
            if (Owner(name) is not { } plugin)
            {
                return null;
            }

            if (_plugins.TryGetValue(plugin, out var loaded) && loaded.IsValueCreated)
            {
                return loaded.Value.GetNumeric(name);
            }

            if (Built(plugin) is { } built)
            {
                return built.GetNumeric(name);
            }

            // A merged number of a plugin not built for the period (the goals' conversion totals a page report
            // needs): from the period's partial archive of the plugin's numbers, not the whole plugin's archive.
            return archiver.IsMergedNumber(site, plugin, name)
                ? _numbers.GetOrAdd(plugin, key => new Lazy<ArchiveRecords>(() => archiver.PluginNumbers(site, period, segment, key))).Value.GetNumeric(name)
                : Plugin(plugin).GetNumeric(name);
        }

        public DataTable? Table(string name)
        {
            if (Owner(name) is not { } plugin)
            {
                return null;
            }

            if (_plugins.TryGetValue(plugin, out var loaded) && loaded.IsValueCreated)
            {
                return loaded.Value.GetTable(name);
            }

            if (Built(plugin) is { } built)
            {
                return built.GetTable(name);
            }

            return _tables.GetOrAdd(name, key => new Lazy<DataTable?>(() => archiver.TableDeclaration(site, plugin, key) is { } record
                ? archiver.RecordTable(site, period, segment, plugin, record)
                : Plugin(plugin).GetTable(key))).Value;
        }

        /// <summary>The plugin's archive when it is built, looked up once per plugin (a report reading several records asks the store once).</summary>
        private ArchiveRecords? Built(string plugin) =>
            _built.GetOrAdd(plugin, key => new Lazy<ArchiveRecords?>(() => archiver.ReadValid(site, period, PluginDoneFlag(segment, key)))).Value;

        private string? Owner(string name) =>
            archiver.StaticOwners().TryGetValue(name, out var plugin) || SiteOwners().TryGetValue(name, out plugin) ? plugin : null;

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
