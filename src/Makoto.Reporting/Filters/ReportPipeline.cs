using System.Globalization;
using Makoto.Core.DataTables;
using Makoto.Reporting.Api;
using Makoto.Reporting.Metrics;

namespace Makoto.Reporting.Filters;

/// <summary>
/// Everything between "a report method returned its tables" and "the renderer writes them", in
/// Matomo's order (its API post-processor): <c>idSubtable</c>, <c>flat</c>, the generic filters
/// (<c>filter_pattern</c>, <c>filter_pattern_recursive</c>, <c>filter_excludelowpop</c>,
/// <c>filter_sort_*</c>, <c>filter_truncate</c>, <c>filter_offset</c>/<c>filter_limit</c>), the processed
/// metrics, the presentation step ("Others", the report's own), <c>columns</c>,
/// <c>hideColumns</c>/<c>showColumns</c>, <c>label</c> and <c>format_metrics</c>. Each table of a map
/// (several periods or sites) goes through it on its own; other results pass unchanged. Simple tables
/// (one row of metrics) only get the processed metrics, the column parameters and the formatting.
/// </summary>
public static class ReportPipeline
{
    /// <summary>Runs the pipeline on the result of a report method, with the call's parameters.</summary>
    public static object Process(object result, ApiCall call, ReportPresentation report) =>
        Process(
            result,
            ReportRequest.Parse(call.Parameters),
            report,
            SiteOf(call.Parameters["idSite"] ?? call.Parameters["idsite"]),
            id => call.SiteStore.Get(id)?.Currency);

    /// <summary>
    /// Runs the pipeline on <paramref name="result"/>. <paramref name="idSite"/> is the site of a result
    /// that is not keyed by site; <paramref name="currencyOfSite"/> gives a site's currency code for
    /// money values (USD when unknown).
    /// </summary>
    public static object Process(object result, ReportRequest request, ReportPresentation report, int? idSite = null, Func<int, string?>? currencyOfSite = null)
    {
        var run = new Run(request, report, currencyOfSite);
        var processed = run.Result(result, idSite);
        if (request.IdSubtable is { } id && run.SubtableMissing && !run.SubtableFound)
        {
            throw new ApiException(
                $"There is no subtable with idSubtable={id.ToString(CultureInfo.InvariantCulture)} in this report. Use the idsubdatatable value of one of the report's rows.");
        }

        return processed;
    }

    /// <summary>The site of a table: the key of a site map, or the call's single <c>idSite</c>.</summary>
    private static int? SiteOf(string? idSite) =>
        int.TryParse(idSite, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    private sealed class Run(ReportRequest request, ReportPresentation report, Func<int, string?>? currencyOfSite)
    {
        /// <summary>A table with rows had no subtable of the requested id.</summary>
        public bool SubtableMissing { get; private set; }

        /// <summary>Some table of the answer had the requested subtable.</summary>
        public bool SubtableFound { get; private set; }

        public object Result(object result, int? idSite)
        {
            switch (result)
            {
                case DataTable table:
                    return Table(table, idSite);
                case DataTableMap map:
                    foreach (var key in map.Entries.Keys.ToList())
                    {
                        var site = map.KeyName == "idSite" ? SiteOf(key) : idSite;
                        map.Entries[key] = Result(map.Entries[key], site);
                    }

                    return map;
                default:
                    return result;
            }
        }

        private DataTable Table(DataTable table, int? idSite)
        {
            if (table.IsSimple)
            {
                ReportMetrics.Compute(table, report, recursive: false);
                Present(table, recursive: false);
                SelectColumns(table, recursive: false);
                ReportMetrics.Format(table, report, request.Formatting, () => CurrencySymbol(idSite), recursive: false);
                return table;
            }

            if (request.InvalidIdSubtable is { } invalid)
            {
                throw new ApiException($"idSubtable needs to be a number, '{invalid}' given.");
            }

            if (request.IdSubtable is { } id)
            {
                table = Subtable(table, id);
            }

            if (request.Flat)
            {
                if (report.SupportsFlatten)
                {
                    table = Flattener.Flatten(table, report, request.IncludeAggregateRows);
                }
                else
                {
                    Flattener.RemoveSubtables(table);
                }
            }

            // Subtables are only part of the answer with expanded=1, or when a label path reaches into them.
            var recursive = request.Expanded || request.Labels.Count > 0;
            if (!request.DisableGenericFilters)
            {
                GenericFilters(table, recursive);
            }

            ReportMetrics.Compute(table, report, recursive);
            Present(table, recursive);
            SelectColumns(table, recursive);
            if (request.Labels.Count > 0)
            {
                table = LabelFilter.Apply(table, request.Labels, report.LabelsStartWithBlank);
            }

            ReportMetrics.Format(table, report, request.Formatting, () => CurrencySymbol(idSite), recursive);
            return table;
        }

        private DataTable Subtable(DataTable table, int id)
        {
            if (SubtableSelection.Find(table, id) is { } subtable)
            {
                SubtableFound = true;
                return subtable;
            }

            SubtableMissing |= table.RowCount > 0;
            return new DataTable();
        }

        private void GenericFilters(DataTable table, bool recursive)
        {
            var computed = new HashSet<string>(StringComparer.Ordinal);
            if (NeedsProcessedMetrics(table))
            {
                ReportMetrics.Compute(table, report, recursive);
                computed = ReportMetrics.Names(table, report);
            }

            if (request.Pattern is { } pattern)
            {
                PatternFilter.Apply(table, pattern, request.PatternColumns);
            }

            if (request.RecursivePattern is { } recursivePattern)
            {
                PatternFilter.ApplyRecursive(table, recursivePattern, request.RecursivePatternColumns);
            }

            if (request.ExcludeLowPopulationColumn is { } lowPopulationColumn)
            {
                LowPopulationFilter.Apply(table, lowPopulationColumn, request.ExcludeLowPopulationValue);
            }

            if ((request.SortColumn ?? report.DefaultSortColumn) is { } sortColumn)
            {
                var descending = request.SortDescending ?? report.DefaultSortDescending;
                RowSorter.Sort(table, sortColumn, descending, recursive);
            }

            // Matomo returns every row asked for by label, whatever filter_truncate and filter_limit say.
            if (request.Labels.Count > 0)
            {
                return;
            }

            if (request.Truncate is { } truncate)
            {
                Truncation.Apply(table, truncate, recursive, computed);
            }

            RowLimit.Apply(table, request.Offset, request.Limit, request.KeepSummaryRow);
        }

        /// <summary>Processed metrics are computed before the filters when one of them names one (sorting by bounce_rate).</summary>
        private bool NeedsProcessedMetrics(DataTable table)
        {
            var names = ReportMetrics.Names(table, report);
            if (names.Count == 0)
            {
                return false;
            }

            if ((request.SortColumn is { } sort && names.Contains(sort))
                || (request.ExcludeLowPopulationColumn is { } low && names.Contains(low)))
            {
                return true;
            }

            return (request.Pattern is not null && AnyOf(request.PatternColumns, names))
                || (request.RecursivePattern is not null && AnyOf(request.RecursivePatternColumns, names));
        }

        private static bool AnyOf(IReadOnlyList<string> columns, HashSet<string> names)
        {
            foreach (var column in columns)
            {
                if (names.Contains(column))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Matomo's queued filters: "Others" for the summary row, then the report's own presentation step.</summary>
        private void Present(DataTable table, bool recursive)
        {
            if (request.DisableQueuedFilters)
            {
                return;
            }

            SummaryRowLabels.Replace(table, recursive);
            report.Presentation?.Invoke(table, request);
        }

        private void SelectColumns(DataTable table, bool recursive)
        {
            if (report.ColumnsParameter)
            {
                ColumnSelection.Show(table, request.Columns, recursive);
            }

            ColumnSelection.Hide(table, request.HideColumns, request.HideColumnsRecursively, recursive);
            ColumnSelection.Show(table, request.ShowColumns, recursive);
        }

        private string CurrencySymbol(int? idSite) =>
            CurrencySymbols.For(idSite is { } id && currencyOfSite?.Invoke(id) is { } currency ? currency : "USD");
    }
}
