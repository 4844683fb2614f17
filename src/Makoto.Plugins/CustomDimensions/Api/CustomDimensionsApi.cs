using System.Text.Json;
using System.Text.RegularExpressions;
using Makoto.Core.Security;
using Makoto.Reporting.Api;
using Makoto.Storage.CustomDimensions;

namespace Makoto.Plugins.CustomDimensions.Api;

/// <summary>CustomDimensions' configuration API, with Matomo's method names and parameters.</summary>
internal sealed class CustomDimensionsApi(CustomDimensionStore dimensions) : IApiModule
{
    private const string Module = "CustomDimensions";
    private const int MaxNameLength = 255;
    private static readonly string[] s_scopes = ["visit", "action"];
    private static readonly string[] s_extractionDimensions = ["url", "urlparam", "action_name"];

    public IEnumerable<ApiMethod> Methods()
    {
        yield return new ApiMethod(Module, "configureNewCustomDimension", ConfigureNew)
        {
            ParameterNames = ["idSite", "name", "scope", "active", "extractions", "caseSensitive"],
        };
        yield return new ApiMethod(Module, "configureExistingCustomDimension", ConfigureExisting)
        {
            ParameterNames = ["idDimension", "idSite", "name", "active", "extractions", "caseSensitive"],
        };
        yield return new ApiMethod(Module, "getConfiguredCustomDimensions", call =>
            dimensions.ForSite(call.RequireSite().IdSite).Select(d => (object?)ToPlain(d)).ToList())
        {
            ParameterNames = ["idSite"],
        };
        yield return new ApiMethod(Module, "getConfiguredCustomDimensionsHavingScope", call =>
        {
            var site = call.RequireSite();
            var scope = call.Parameters.Require("scope");
            return dimensions.ForSite(site.IdSite).Where(d => d.Scope == scope).Select(d => (object?)ToPlain(d)).ToList();
        })
        {
            ParameterNames = ["idSite", "scope"],
        };
        yield return new ApiMethod(Module, "getAvailableScopes", call =>
        {
            var site = call.RequireSite();
            return s_scopes.Select(scope =>
            {
                var used = dimensions.ForSite(site.IdSite).Count(d => d.Scope == scope);
                return (object?)new PlainObject
                {
                    ["value"] = scope,
                    ["name"] = scope == "visit" ? "Visit" : "Action",
                    ["numSlotsAvailable"] = CustomDimensionStore.SlotsPerScope,
                    ["numSlotsUsed"] = used,
                    ["numSlotsLeft"] = CustomDimensionStore.SlotsPerScope - used,
                    ["supportsExtractions"] = scope == "action",
                };
            }).ToList();
        })
        {
            ParameterNames = ["idSite"],
        };
        yield return new ApiMethod(Module, "getAvailableExtractionDimensions", call =>
        {
            if (!call.Access.IsSuperUser && !call.Access.Sites.Values.Any(level => level >= AccessLevel.Write))
            {
                throw new ApiException("You can't access this resource as it requires 'write' access for at least one website.");
            }

            return new List<object?>
            {
                new PlainObject { ["value"] = "url", ["name"] = "Page URL" },
                new PlainObject { ["value"] = "urlparam", ["name"] = "Page URL Parameter" },
                new PlainObject { ["value"] = "action_name", ["name"] = "Page Title" },
            };
        });
    }

    private object ConfigureNew(ApiCall call)
    {
        var site = call.RequireSite(AccessLevel.Write);
        var name = CheckName(call["name"]);
        var scope = call.Parameters.Require("scope");
        if (!s_scopes.Contains(scope))
        {
            throw new ApiException($"Invalid value '{scope}' for 'scope' specified. Available scopes are: visit, action");
        }

        var extractions = ReadExtractions(call);
        if (scope != "action" && extractions != "[]")
        {
            throw new ApiException("Extractions can be used only in scope 'action'");
        }

        var dimension = dimensions.Add(site.IdSite, name, scope, ReadActive(call), extractions, call.Parameters.GetBool("caseSensitive", fallback: true))
            ?? throw new ApiException($"All Custom Dimensions for website {site.IdSite} in scope '{scope}' are already used.");
        return new ApiValue(dimension.IdCustomDimension);
    }

    private object ConfigureExisting(ApiCall call)
    {
        var site = call.RequireSite(AccessLevel.Write);
        var id = call.Parameters.GetInt("idDimension") ?? throw new ApiException("Please specify a value for 'idDimension'.");
        var existing = dimensions.Get(site.IdSite, id) ?? throw new ApiException($"CustomDimension {id} for site {site.IdSite} does not exist");
        var extractions = ReadExtractions(call);
        if (existing.Scope != "action" && extractions != "[]")
        {
            throw new ApiException("Extractions can be used only in scope 'action'");
        }

        dimensions.Update(existing with
        {
            Name = CheckName(call["name"]),
            Active = ReadActive(call),
            Extractions = extractions,
            CaseSensitive = call["caseSensitive"] is null ? existing.CaseSensitive : call.Parameters.GetBool("caseSensitive"),
        });
        return ApiSuccess.Instance;
    }

    private static string CheckName(string? name)
    {
        name = (name ?? "").Trim();
        if (name.Length == 0)
        {
            throw new ApiException("Please specify a value for 'name'.");
        }

        if (name.Length > MaxNameLength)
        {
            throw new ApiException($"The name of the Custom Dimension is too long: at most {MaxNameLength} characters are allowed.");
        }

        return name;
    }

    private static bool ReadActive(ApiCall call) =>
        call["active"] is { } active ? active is "1" or "true" : throw new ApiException("Please specify a value for 'active'.");

    /// <summary><c>extractions[0][dimension]=url&amp;extractions[0][pattern]=…</c>, stored as JSON.</summary>
    private static string ReadExtractions(ApiCall call)
    {
        var list = new List<Dictionary<string, string>>();
        for (var i = 0; ; i++)
        {
            var dimension = call[$"extractions[{i}][dimension]"];
            var pattern = call[$"extractions[{i}][pattern]"];
            if (dimension is null && pattern is null)
            {
                break;
            }

            if (dimension is null || !s_extractionDimensions.Contains(dimension))
            {
                throw new ApiException($"Invalid extraction dimension '{dimension}'. Supported are: url, urlparam, action_name.");
            }

            if (string.IsNullOrEmpty(pattern))
            {
                throw new ApiException("An extraction needs a pattern.");
            }

            if (dimension != "urlparam")
            {
                try
                {
                    var groups = new Regex(pattern).GetGroupNumbers().Length - 1;
                    if (groups < 1)
                    {
                        throw new ApiException($"The extraction pattern \"{pattern}\" needs a group in parentheses that captures the value.");
                    }
                }
                catch (ArgumentException error)
                {
                    throw new ApiException($"The extraction pattern \"{pattern}\" is not a valid regular expression: {error.Message}");
                }
            }

            list.Add(new Dictionary<string, string> { ["dimension"] = dimension, ["pattern"] = pattern });
        }

        return JsonSerializer.Serialize(list);
    }

    private static PlainObject ToPlain(CustomDimension dimension)
    {
        var extractions = new List<object?>();
        foreach (var item in JsonSerializer.Deserialize<List<Dictionary<string, string>>>(dimension.Extractions) ?? [])
        {
            extractions.Add(new PlainObject { ["dimension"] = item.GetValueOrDefault("dimension"), ["pattern"] = item.GetValueOrDefault("pattern") });
        }

        return new PlainObject
        {
            ["idcustomdimension"] = dimension.IdCustomDimension,
            ["idsite"] = dimension.IdSite,
            ["name"] = dimension.Name,
            ["index"] = dimension.Index,
            ["scope"] = dimension.Scope,
            ["active"] = dimension.Active,
            ["extractions"] = extractions,
            ["case_sensitive"] = dimension.CaseSensitive,
        };
    }
}
