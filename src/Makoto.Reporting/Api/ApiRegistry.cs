using Makoto.Reporting.Filters;
using Makoto.Reporting.Reports;

namespace Makoto.Reporting.Api;

/// <summary>Runs one API method and returns its result (a DataTable, a map, a value or a plain answer).</summary>
public delegate object ApiHandler(ApiCall call);

/// <summary>An API method as plugins declare it.</summary>
public sealed record ApiMethod(string Module, string Action, ApiHandler Handler)
{
    public string Name => Module + "." + Action;

    /// <summary>
    /// True for report methods whose output goes through the report pipeline (idSubtable, flat, the
    /// generic filters, processed metrics, hideColumns/showColumns, label, format_metrics). Such a
    /// method returns tables that belong to the call (the pipeline changes them), with every row's
    /// subtable loaded and only stored metrics; it ignores those parameters itself.
    /// </summary>
    public bool IsReport { get; init; }

    /// <summary>How the report is presented (default order, flat labels, processed metrics, metric types); see <see cref="ReportPresentation"/>.</summary>
    public ReportPresentation? Report { get; init; }

    /// <summary>What <c>API.getReportMetadata</c> lists for this report; null for methods that are not reports of the menu.</summary>
    public ReportMetadata? Metadata { get; init; }

    /// <summary>
    /// Variants of the report that depend on the site (one per goal) or on the other reports (API.get),
    /// listed along with <see cref="Metadata"/> by <c>API.getReportMetadata</c>.
    /// </summary>
    public Func<ReportListingContext, IEnumerable<ReportMetadata>>? MetadataVariants { get; init; }

    /// <summary>The parameters the method reads, for documentation and the access-control test.</summary>
    public IReadOnlyList<string> ParameterNames { get; init; } = [];
}

/// <summary>A plugin's API class: the methods it contributes to <c>module=API&amp;method=Module.action</c>.</summary>
public interface IApiModule
{
    IEnumerable<ApiMethod> Methods();
}

/// <summary>Every API method, by <c>Module.action</c> (case-sensitive, as in Matomo).</summary>
public sealed class ApiRegistry
{
    private readonly Dictionary<string, ApiMethod> _methods = new(StringComparer.Ordinal);

    public ApiRegistry(IEnumerable<IApiModule> modules)
    {
        foreach (var module in modules)
        {
            foreach (var method in module.Methods())
            {
                if (!_methods.TryAdd(method.Name, method))
                {
                    throw new InvalidOperationException($"The API method {method.Name} is registered twice.");
                }
            }
        }
    }

    public IReadOnlyCollection<ApiMethod> All => _methods.Values;

    public bool HasModule(string module)
    {
        foreach (var method in _methods.Values)
        {
            if (method.Module == module)
            {
                return true;
            }
        }

        return false;
    }

    public ApiMethod? Find(string name) => _methods.GetValueOrDefault(name);
}
