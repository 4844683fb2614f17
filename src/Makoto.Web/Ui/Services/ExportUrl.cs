using Microsoft.AspNetCore.WebUtilities;

namespace Makoto.Web.Ui.Services;

/// <summary>The Reporting API URL of a report as the UI shows it, for export links.</summary>
public static class ExportUrl
{
    public static string Build(string method, string format, IEnumerable<KeyValuePair<string, string?>> parameters, string sessionToken)
    {
        var query = new List<KeyValuePair<string, string?>>
        {
            new("module", "API"),
            new("method", method),
            new("format", format),
        };
        query.AddRange(parameters.Where(p => p.Value is not null && p.Key is not ("module" or "method" or "format" or "token_auth" or "force_api_session")));
        if (sessionToken.Length > 0)
        {
            query.Add(new("token_auth", sessionToken));
            query.Add(new("force_api_session", "1"));
        }

        return QueryHelpers.AddQueryString("/index.php", query);
    }
}
