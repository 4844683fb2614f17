using System.Globalization;
using Makoto.Core.DataTables;
using Makoto.Core.Periods;
using Makoto.Core.Sites;
using Makoto.Reporting.Api;

namespace Makoto.Plugins.API.Api;

/// <summary>
/// <c>API.getRowEvolution</c>: how one row of a report (or several) changed over several periods, as
/// Matomo's row evolution popover reads it. One label gives every metric of that row per period with the
/// metrics' minimum, maximum and change from the first to the last period; several labels (or none: every
/// row, up to <c>filter_limit</c>) give one metric (<c>column</c>) of each row per period, as
/// <c>column_0</c>, <c>column_1</c>, ….
/// </summary>
internal sealed class RowEvolutionApi : IApiModule
{
    /// <summary>Matomo's separator of the levels of a hierarchical label (<c>blog&gt;post</c>).</summary>
    private const char LevelSeparator = '>';

    /// <summary>The Actions reports whose labels are URLs.</summary>
    private static readonly HashSet<string> s_actionsUrlReports =
        new(StringComparer.Ordinal) { "getPageUrls", "getPageUrlsFollowingSiteSearch", "getEntryPageUrls", "getExitPageUrls", "getPageUrl" };

    public IEnumerable<ApiMethod> Methods()
    {
        yield return new ApiMethod("API", "getRowEvolution", RowEvolution)
        {
            ParameterNames =
            [
                "idSite", "period", "date", "apiModule", "apiAction", "label", "segment", "column", "language", "idGoal",
                "legendAppendMetric", "labelUseAbsoluteUrl", "idDimension",
            ],
        };
    }

    private static object RowEvolution(ApiCall call)
    {
        var site = call.RequireSite();
        var period = call.Parameters.Require("period");
        if (period == "range")
        {
            period = "day";
        }

        var selection = PeriodSelection.Parse(period, call.Parameters.Require("date"), site.Today(call.Clock));
        if (!selection.IsMultiple)
        {
            throw new ApiException("Row evolutions can not be processed with this combination of 'date' and 'period' parameters.");
        }

        var module = call.Parameters.Require("apiModule");
        var action = call.Parameters.Require("apiAction");
        var apiParameters = ReportMetadataApi.ApiParametersOf(call);
        var listing = call.Dispatcher.Reports;
        var report = listing.Find(site, module, action, apiParameters)
            ?? throw new ApiException($"Requested report {module}.{action} for Website id={site.IdSite.ToString(CultureInfo.InvariantCulture)} not found in the list of available reports.");
        var description = listing.Describe(report, listing.For(site), hideMetricsDoc: true);
        var metrics = new PlainObject();
        foreach (var group in (string[])["metrics", "processedMetrics"])
        {
            if (description.TryGetValue(group, out var names) && names is PlainObject named)
            {
                foreach (var (id, name) in named)
                {
                    metrics.TryAdd(id, name);
                }
            }
        }

        var request = new Request(call, site, module, action, period, apiParameters);
        var labels = call.Parameters.GetArray("label")
            .SelectMany(l => l.Split(',', StringSplitOptions.RemoveEmptyEntries))
            .Select(Uri.UnescapeDataString)
            .ToList();
        var dimension = description.TryGetValue("dimension", out var d) ? d : null;
        if (labels.Count == 1)
        {
            return Single(request, labels[0], metrics, dimension);
        }

        return Multiple(call, request, labels, metrics, dimension);
    }

    /// <summary>The report over the periods, filtered to one label (or not filtered), as a map of period → table.</summary>
    private sealed record Request(ApiCall Call, Site Site, string Module, string Action, string Period, Dictionary<string, string> ApiParameters)
    {
        public DataTableMap Load(string? label)
        {
            var overrides = new List<KeyValuePair<string, string>>
            {
                new("method", Module + "." + Action),
                new("idSite", Site.IdSite.ToString(CultureInfo.InvariantCulture)),
                new("period", Period),
                new("filter_limit", "-1"),
            };
            overrides.AddRange(ApiParameters);
            var parameters = Call.Parameters.Without("apiModule", "apiAction", "apiParameters", "label", "column", "filter_offset");
            if (label is not null)
            {
                overrides.Add(new("label", label));
            }

            object data;
            try
            {
                data = Call.Dispatcher.Run(parameters.With(overrides), Call.Access);
            }
            catch (ApiException error)
            {
                throw new ApiException("API returned an error: " + error.Message);
            }

            return data as DataTableMap ?? throw new ApiException($"{Module}.{Action} did not answer with one table per period.");
        }
    }

    private static PlainObject Single(Request request, string label, PlainObject metrics, object? dimension)
    {
        var map = request.Load(label);
        string? actualLabel = null;
        object? logo = null;
        var urlFound = false;
        var reportData = new PlainObject();
        var rows = new List<DataRow?>();
        foreach (var (date, value) in map.Entries)
        {
            var row = value is DataTable { RowCount: > 0 } table ? table.AllRows.First() : null;
            rows.Add(row);
            var list = new List<object?>();
            if (row is not null)
            {
                if (actualLabel is null)
                {
                    logo = row.Metadata.GetValueOrDefault("logo");
                    actualLabel = UrlLabel(row, request);
                    urlFound = actualLabel is not null;
                    actualLabel ??= row.Label;
                }

                var values = new PlainObject();
                foreach (var (column, cell) in row.Columns)
                {
                    if (metrics.ContainsKey(column))
                    {
                        values[column] = cell;
                    }
                }

                list.Add(values);
            }

            reportData[date] = list;
        }

        if (!urlFound)
        {
            actualLabel = DisplayLabel(request, label);
        }

        var result = new PlainObject
        {
            ["label"] = actualLabel,
            ["reportData"] = reportData,
            ["metadata"] = new PlainObject { ["metrics"] = Enhance(metrics, rows), ["dimension"] = dimension },
        };
        if (logo is string { Length: > 0 })
        {
            result["logo"] = logo;
        }

        return result;
    }

    private static PlainObject Multiple(ApiCall call, Request request, List<string> labels, PlainObject metrics, object? dimension)
    {
        var column = call["column"] is { Length: > 0 } asked && metrics.ContainsKey(asked) ? asked : metrics.Keys.FirstOrDefault()
            ?? throw new ApiException("The report has no metrics to show an evolution of.");
        List<DataTableMap> maps;
        if (labels.Count == 0)
        {
            // No label: every row of the periods, in the order they first appear, up to filter_limit of them.
            var all = request.Load(null);
            foreach (var (_, value) in all.Entries)
            {
                foreach (var row in (value as DataTable)?.AllRows ?? [])
                {
                    if (row.Label is { } rowLabel && !labels.Contains(rowLabel, StringComparer.Ordinal))
                    {
                        labels.Add(rowLabel);
                    }
                }
            }

            var limit = call.Parameters.GetInt("filter_limit") ?? 100;
            if (limit >= 0 && labels.Count > limit)
            {
                labels.RemoveRange(limit, labels.Count - limit);
            }

            maps = [.. labels.Select(label => Filtered(all, label))];
        }
        else
        {
            maps = [.. labels.Select(label => request.Load(label))];
        }

        var legend = call["legendAppendMetric"] is not ("0" or "false");
        var names = new PlainObject();
        for (var i = 0; i < labels.Count; i++)
        {
            string? actual = null;
            foreach (var (_, value) in maps[i].Entries)
            {
                if (value is DataTable { RowCount: > 0 } table)
                {
                    actual = UrlLabel(table.AllRows.First(), request);
                    if (actual is not null)
                    {
                        break;
                    }
                }
            }

            actual ??= labels[i].Replace(LevelSeparator.ToString(), " - ", StringComparison.Ordinal);
            names[column + "_" + i.ToString(CultureInfo.InvariantCulture)] = legend ? $"{actual} ({metrics[column]})" : actual;
        }

        var reportData = new PlainObject();
        var rows = new List<DataRow?>();
        var first = maps.Count > 0 ? maps[0] : request.Load(null);
        foreach (var date in first.Entries.Keys)
        {
            var combined = new DataRow();
            for (var i = 0; i < maps.Count; i++)
            {
                var row = maps[i].Entries.TryGetValue(date, out var value) && value is DataTable { RowCount: > 0 } table ? table.AllRows.First() : null;
                combined.Columns[column + "_" + i.ToString(CultureInfo.InvariantCulture)] = row is null ? 0.0 : Number(row.Columns.GetValueOrDefault(column));
            }

            rows.Add(maps.Count > 0 ? combined : null);
            var values = new PlainObject();
            foreach (var (name, value) in combined.Columns)
            {
                values[name] = value;
            }

            reportData[date] = maps.Count > 0 ? new List<object?> { values } : new List<object?>();
        }

        return new PlainObject
        {
            ["column"] = column,
            ["reportData"] = reportData,
            ["metadata"] = new PlainObject
            {
                ["metrics"] = Enhance(names, rows),
                ["dimension"] = dimension,
                ["columns"] = metrics,
            },
        };
    }

    /// <summary>The rows of one label in a map loaded without a label filter.</summary>
    private static DataTableMap Filtered(DataTableMap all, string label)
    {
        var map = new DataTableMap(all.KeyName);
        foreach (var (date, value) in all.Entries)
        {
            var table = new DataTable();
            if (value is DataTable source && source.AllRows.FirstOrDefault(r => r.Label == label) is { } row)
            {
                table.Rows.Add(row);
            }

            map.Entries[date] = table;
        }

        return map;
    }

    /// <summary>
    /// Each metric's name with its minimum and maximum over the periods (leading periods where it is 0 do not
    /// count) and its change from the first to the last period (<c>+50%</c>; left out when the first is 0).
    /// </summary>
    private static PlainObject Enhance(PlainObject names, List<DataRow?> rows)
    {
        var result = new PlainObject();
        foreach (var (metric, name) in names)
        {
            var entry = new PlainObject { ["name"] = name };
            var started = false;
            double? min = null;
            double? max = null;
            foreach (var row in rows)
            {
                var value = row is null ? 0 : Number(row.Columns.GetValueOrDefault(metric));
                if (value > 0)
                {
                    started = true;
                }
                else if (!started)
                {
                    continue;
                }

                min = min is null || value < min ? value : min;
                max = max is null || value > max ? value : max;
            }

            if (min is not null)
            {
                entry["min"] = min.Value;
                entry["max"] = max!.Value;
            }

            var firstValue = rows.Count > 0 && rows[0] is { } f ? Number(f.Columns.GetValueOrDefault(metric)) : 0;
            var lastValue = rows.Count > 0 && rows[^1] is { } l ? Number(l.Columns.GetValueOrDefault(metric)) : 0;
            if (firstValue != 0)
            {
                var change = Math.Round((lastValue - firstValue) / firstValue * 100, MidpointRounding.AwayFromZero);
                entry["change"] = (change >= 0 ? "+" : "") + change.ToString(CultureInfo.InvariantCulture) + "%";
            }

            result[metric] = entry;
        }

        return result;
    }

    /// <summary>PHP's floatval of a cell: numbers as they are, text read up to its first non-number (<c>"45%"</c> is 45).</summary>
    private static double Number(object? value)
    {
        if (value is string text)
        {
            var end = 0;
            while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] is '.' or '-' or '+'))
            {
                end++;
            }

            return double.TryParse(text.AsSpan(0, end), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        }

        return DataRow.ToDouble(value);
    }

    /// <summary>The row's URL without scheme and <c>www.</c>, for the Actions reports and Referrers.getWebsites (<c>labelUseAbsoluteUrl</c>).</summary>
    private static string? UrlLabel(DataRow row, Request request)
    {
        if (request.Call["labelUseAbsoluteUrl"] is "0" or "false"
            || row.Metadata.GetValueOrDefault("url") is not string { Length: > 0 } url
            || !(request.Module == "Actions" || (request.Module == "Referrers" && request.Action == "getWebsites")))
        {
            return null;
        }

        var start = url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? 8 : url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? 7 : 0;
        if (start > 0 && url.AsSpan(start).StartsWith("www.", StringComparison.OrdinalIgnoreCase))
        {
            start += 4;
        }

        return url[start..];
    }

    /// <summary>The requested label for people: Actions URL reports as <c>host/path/</c>, levels joined with <c> - </c> otherwise.</summary>
    private static string DisplayLabel(Request request, string label)
    {
        if (request.Module == "Actions" && s_actionsUrlReports.Contains(request.Action))
        {
            var host = Uri.TryCreate(request.Site.MainUrl, UriKind.Absolute, out var main) ? main.Host : "";
            var path = string.Join('/', label.Split(LevelSeparator).Select(part => part.Trim()));
            return host + "/" + path + "/";
        }

        return label.Replace(LevelSeparator.ToString(), " - ", StringComparison.Ordinal);
    }
}
