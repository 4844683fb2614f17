using Makoto.Reporting.Api;
using Makoto.Reporting.Metrics;

namespace Makoto.Plugins.API.Api;

/// <summary>
/// The small methods of the meta API: versions, the caller's IP, the API settings, the metric
/// translations, bulk requests and <c>API.get</c> (the main metrics of every plugin in one table).
/// </summary>
internal sealed class MetaApi(MetricCatalog metrics) : IApiModule
{
    private const string Module = "API";

    /// <summary>Matomo's <c>[APISettings]</c> defaults, which mobile SDKs read.</summary>
    private static readonly PlainObject s_settings = new()
    {
        ["SDK_batch_size"] = "10",
        ["SDK_interval_value"] = "30",
    };

    public IEnumerable<ApiMethod> Methods()
    {
        yield return new ApiMethod(Module, "getMatomoVersion", Version);
        yield return new ApiMethod(Module, "getPiwikVersion", Version);
        yield return new ApiMethod(Module, "getIpFromHeader", call =>
        {
            call.RequireSomeViewAccess();
            return new ApiValue(call.Parameters.ClientIp);
        });
        yield return new ApiMethod(Module, "getSettings", _ => s_settings);
        yield return new ApiMethod(Module, "getDefaultMetricTranslations", _ =>
        {
            var translations = new PlainObject();
            foreach (var definition in metrics.All)
            {
                translations[definition.Id] = definition.Name;
            }

            return translations;
        });
        yield return new ApiMethod(Module, "getBulkRequest", BulkRequest) { ParameterNames = ["urls"] };
        yield return new ApiMethod(Module, "get", MainMetrics.Get)
        {
            ParameterNames = ["idSite", "period", "date", "segment", "columns"],
            MetadataVariants = MainMetrics.Metadata,
        };
    }

    /// <summary>Like Matomo, the version is only shown to a user with access to some site.</summary>
    private static object Version(ApiCall call)
    {
        call.RequireSomeViewAccess();
        return new ApiValue(ApiPlugin.CompatibleMatomoVersion);
    }

    /// <summary>
    /// <c>API.getBulkRequest</c>: runs each <c>urls[]</c> entry (a URL-encoded query string) as the caller
    /// and answers with the list of their results; a failing entry is an error object in the list, as in
    /// Matomo, and does not stop the others.
    /// </summary>
    private static object BulkRequest(ApiCall call)
    {
        var results = new List<object?>();
        foreach (var url in call.Parameters.GetArray("urls"))
        {
            var query = Uri.UnescapeDataString(url);
            var question = query.IndexOf('?', StringComparison.Ordinal);
            var parameters = ApiParameters.Parse(question >= 0 ? query[(question + 1)..] : query);
            parameters.BrowserLanguage = call.Parameters.BrowserLanguage;
            parameters.ClientIp = call.Parameters.ClientIp;
            try
            {
                if (parameters["method"] == call.Method)
                {
                    throw new ApiException("API.getBulkRequest cannot be nested in a bulk request.");
                }

                results.Add(call.Dispatcher.Run(parameters, call.Access) switch
                {
                    ApiValue value => value.Value,
                    var result => result,
                });
            }
            catch (ApiException error)
            {
                results.Add(Error(error.Message));
            }
            catch (Core.Periods.PeriodFormatException error)
            {
                results.Add(Error(error.Message));
            }
        }

        return results;
    }

    private static PlainObject Error(string message) => new() { ["result"] = "error", ["message"] = message };
}
