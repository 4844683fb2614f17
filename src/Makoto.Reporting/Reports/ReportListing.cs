using System.Globalization;
using System.Net;
using Makoto.Core.Sites;
using Makoto.Reporting.Api;
using Makoto.Reporting.Metrics;

namespace Makoto.Reporting.Reports;

/// <summary>One report of a site's report list: the method that serves it and what it says about itself.</summary>
public sealed record ListedReport(string Module, string Action, ReportMetadata Metadata)
{
    /// <summary>
    /// Matomo's key of the report: <c>Module_action</c>, then <c>_name--value</c> for each fixed parameter
    /// (the value URL-encoded without its percent signs).
    /// </summary>
    public string UniqueId
    {
        get
        {
            var id = Module + "_" + Action;
            foreach (var (name, value) in Metadata.Parameters)
            {
                var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
                id += "_" + name + "--" + WebUtility.UrlEncode(text).Replace("%", "", StringComparison.Ordinal);
            }

            return id;
        }
    }
}

/// <summary>What a site-dependent report list is built from: the site, and the reports known before the variants.</summary>
/// <param name="Site">The site the list is for.</param>
/// <param name="Reports">The reports every site has (<see cref="ApiMethod.Metadata"/>), in registration order.</param>
public sealed record ReportListingContext(Site Site, IReadOnlyList<ListedReport> Reports);

/// <summary>
/// The reports of a site as <c>API.getReportMetadata</c> lists them, built from the metadata the plugins
/// declare on their methods, in Matomo's order, and written in Matomo's shape.
/// </summary>
public sealed class ReportListing(ApiRegistry registry, MetricCatalog metrics)
{
    /// <summary>Every report of <paramref name="site"/> (subtable reports included), in Matomo's order.</summary>
    public IReadOnlyList<ListedReport> For(Site site)
    {
        var fixedReports = new List<ListedReport>();
        foreach (var method in registry.All)
        {
            if (method.Metadata is { } metadata)
            {
                fixedReports.Add(new ListedReport(method.Module, method.Action, metadata));
            }
        }

        var all = new List<ListedReport>(fixedReports);
        var context = new ReportListingContext(site, fixedReports);
        foreach (var method in registry.All)
        {
            if (method.MetadataVariants is { } variants)
            {
                foreach (var variant in variants(context))
                {
                    all.Add(new ListedReport(method.Module, method.Action, variant));
                }
            }
        }

        // A stable sort: variants of one report keep the order their plugin gives them.
        var indexed = all.Select((report, index) => (Report: report, Index: index)).ToList();
        indexed.Sort((a, b) =>
        {
            var order = ReportCategories.Compare(a.Report.Metadata, b.Report.Metadata);
            return order != 0 ? order : a.Index.CompareTo(b.Index);
        });
        return [.. indexed.Select(x => x.Report)];
    }

    /// <summary>
    /// The report of <paramref name="site"/> served by <paramref name="module"/>.<paramref name="action"/>:
    /// without <paramref name="parameters"/> the variant without fixed parameters, otherwise the first
    /// variant whose fixed parameters all have the given values (Matomo's <c>API.getMetadata</c> rule).
    /// </summary>
    public ListedReport? Find(Site site, string module, string action, IReadOnlyDictionary<string, string> parameters)
    {
        foreach (var report in For(site))
        {
            if (report.Module != module || report.Action != action)
            {
                continue;
            }

            if (report.Metadata.Parameters.Count == 0)
            {
                if (parameters.Count == 0)
                {
                    return report;
                }

                continue;
            }

            if (report.Metadata.Parameters.All(p =>
                parameters.TryGetValue(p.Key, out var given) && given == Convert.ToString(p.Value, CultureInfo.InvariantCulture)))
            {
                return report;
            }
        }

        return null;
    }

    /// <summary>
    /// The report in Matomo's shape: the listed metrics with their names, their documentation (unless
    /// <paramref name="hideMetricsDoc"/>) and types, the goal metrics, related reports by name. Empty
    /// lists are left out, as Matomo leaves them out.
    /// </summary>
    public PlainObject Describe(ListedReport report, IReadOnlyList<ListedReport> siteReports, bool hideMetricsDoc, ColumnFilter? columns = null)
    {
        var metadata = report.Metadata;
        var result = new PlainObject { ["category"] = metadata.Category };
        if (metadata.Subcategory is { } subcategory)
        {
            result["subcategory"] = subcategory;
        }

        result["name"] = metadata.Name;
        result["module"] = report.Module;
        result["action"] = report.Action;
        if (metadata.Parameters.Count > 0)
        {
            var parameters = new PlainObject();
            foreach (var (name, value) in metadata.Parameters)
            {
                parameters[name] = value;
            }

            result["parameters"] = parameters;
        }

        AddIfAny(result, "dimension", metadata.Dimension);
        AddIfAny(result, "documentation", metadata.Documentation);
        AddIfAny(result, "onlineGuideUrl", metadata.OnlineGuideUrl);
        if (metadata.Dimensions.Count > 0)
        {
            var dimensions = new PlainObject();
            foreach (var (id, name) in metadata.Dimensions)
            {
                dimensions[id] = name;
            }

            result["dimensions"] = dimensions;
        }

        if (metadata.IsSubtableReport)
        {
            result["isSubtableReport"] = true;
        }

        var listedProcessed = metadata.GoalMetrics is null
            ? metadata.ProcessedMetrics
            : [.. metadata.ProcessedMetrics.Where(m => m.Id != "conversion_rate")];
        AddIfAny(result, "metrics", Names(metadata.Metrics, columns));
        if (!hideMetricsDoc)
        {
            AddIfAny(result, "metricsDocumentation", Documentation(metadata, columns));
        }

        AddIfAny(result, "processedMetrics", Names(listedProcessed, columns));
        AddIfAny(result, "metricTypes", Types(metadata.Metrics.Concat(metadata.ProcessedMetrics).Concat(metadata.OtherMetrics).Select(m => m.Id), columns));
        if (metadata.ConstantRowsCount)
        {
            result["constantRowsCount"] = true;
        }

        AddIfAny(result, "actionToLoadSubTables", metadata.ActionToLoadSubTables);
        if (metadata.RelatedReports.Count > 0)
        {
            var related = new List<object?>();
            foreach (var name in metadata.RelatedReports)
            {
                var dot = name.IndexOf('.', StringComparison.Ordinal);
                var (module, action) = (name[..dot], name[(dot + 1)..]);
                var target = siteReports.FirstOrDefault(r => r.Module == module && r.Action == action);
                if (target is not null)
                {
                    related.Add(new PlainObject { ["name"] = target.Metadata.Name, ["module"] = module, ["action"] = action });
                }
            }

            AddIfAny(result, "relatedReports", related);
        }

        if (metadata.GoalMetrics is { } goals)
        {
            AddIfAny(result, "metricsGoal", Names(goals.Metrics, columns));
            AddIfAny(result, "processedMetricsGoal", Names(goals.ProcessedMetrics, columns));
            AddIfAny(result, "metricTypesGoal", Types(goals.TypedIds(), columns));
        }

        result["uniqueId"] = report.UniqueId;
        return result;
    }

    private PlainObject Names(IEnumerable<ReportMetric> list, ColumnFilter? columns)
    {
        var names = new PlainObject();
        foreach (var metric in list)
        {
            if (columns?.Keeps(metric.Id) != false)
            {
                names[metric.Id] = metric.Name ?? metrics.NameOf(metric.Id);
            }
        }

        return names;
    }

    private PlainObject Documentation(ReportMetadata metadata, ColumnFilter? columns)
    {
        var documented = metadata.DocumentedMetrics
            ?? [.. metadata.Metrics.Concat(metadata.ProcessedMetrics).Concat(metadata.OtherMetrics)];
        var result = new PlainObject();
        foreach (var metric in documented)
        {
            var text = metric.Documentation ?? metrics.Find(metric.Id)?.Documentation;
            if (text is not null && columns?.Keeps(metric.Id) != false && !result.ContainsKey(metric.Id))
            {
                result[metric.Id] = text;
            }
        }

        return result;
    }

    private PlainObject Types(IEnumerable<string> ids, ColumnFilter? columns)
    {
        var types = new PlainObject();
        foreach (var id in ids)
        {
            if (!types.ContainsKey(id) && metrics.Find(id)?.Type is { } type && columns?.Keeps(id) != false)
            {
                types[id] = MetricCatalog.TypeName(type);
            }
        }

        return types;
    }

    private static void AddIfAny(PlainObject result, string key, object? value)
    {
        switch (value)
        {
            case null:
            case string { Length: 0 }:
            case PlainObject { Count: 0 }:
            case List<object?> { Count: 0 }:
                return;
            default:
                result[key] = value;
                return;
        }
    }
}

/// <summary><c>hideColumns</c> and <c>showColumns</c> applied to the metric lists of report metadata.</summary>
public sealed class ColumnFilter(IReadOnlyCollection<string> hide, IReadOnlyCollection<string> show)
{
    public bool Keeps(string column) => !hide.Contains(column) && (show.Count == 0 || show.Contains(column));
}
