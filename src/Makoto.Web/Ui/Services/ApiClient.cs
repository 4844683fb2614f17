using Makoto.Core.DataTables;
using Makoto.Core.Periods;
using Makoto.Reporting.Api;

namespace Makoto.Web.Ui.Services;

/// <summary>
/// How the UI reads and changes data: every call goes through the Reporting API's dispatcher as the
/// logged-in user, so the UI sees exactly what the HTTP API answers (same methods, access checks,
/// report pipeline) and never reads tables itself.
/// </summary>
public sealed partial class ApiClient(ApiDispatcher dispatcher, CurrentUser user, ILogger<ApiClient> logger)
{
    /// <summary>True when an API method of that name is registered (plugins that are switched off have none).</summary>
    public bool Has(string method) => dispatcher.Registry.Find(method) is not null;

    public ApiMethod? Method(string method) => dispatcher.Registry.Find(method);

    /// <summary>Calls <paramref name="method"/> with <paramref name="parameters"/> (null values are left out) off the UI thread.</summary>
    public async Task<object> CallAsync(string method, IEnumerable<KeyValuePair<string, string?>> parameters)
    {
        var access = await user.AccessAsync();
        var query = ApiParameters.Parse(null);
        query.Set("method", method);
        query.Set("format", "original");
        foreach (var (name, value) in parameters)
        {
            if (value is not null)
            {
                query.Set(name, value);
            }
        }

        try
        {
            return await Task.Run(() => dispatcher.Execute(query, access));
        }
        catch (PeriodFormatException error)
        {
            throw new ApiException(error.Message);
        }
        catch (Exception error) when (error is not (ApiException or OutOfMemoryException))
        {
            var reference = Guid.NewGuid().ToString("N")[..12];
            LogUnexpected(error, method, reference);
            throw new ApiException($"An unexpected error occurred in {method} (reference {reference}). The server log has the details.");
        }
    }

    public Task<object> CallAsync(string method, params (string Name, string? Value)[] parameters) =>
        CallAsync(method, parameters.Select(p => KeyValuePair.Create(p.Name, p.Value)));

    /// <summary>A report method's table (a map of one entry is unwrapped; several are not allowed here).</summary>
    public async Task<DataTable> TableAsync(string method, IEnumerable<KeyValuePair<string, string?>> parameters) =>
        await CallAsync(method, parameters) switch
        {
            DataTable table => table,
            DataTableMap { Entries.Count: 1 } map when map.Entries.GetAt(0).Value is DataTable only => only,
            var other => throw new ApiException($"{method} did not answer with a table ({other.GetType().Name})."),
        };

    /// <summary>A report method's multi-period answer, keyed by period (a single table counts as one period).</summary>
    public async Task<DataTableMap> MapAsync(string method, IEnumerable<KeyValuePair<string, string?>> parameters) =>
        await CallAsync(method, parameters) switch
        {
            DataTableMap map => map,
            DataTable table => Single(table),
            var other => throw new ApiException($"{method} did not answer with a report ({other.GetType().Name})."),
        };

    /// <summary>The items of an answer that is a list of objects (sites, goals, users, visits).</summary>
    public async Task<IReadOnlyList<PlainObject>> ListAsync(string method, params (string Name, string? Value)[] parameters) =>
        await CallAsync(method, parameters) switch
        {
            List<PlainObject> list => list,
            List<object?> list => [.. list.OfType<PlainObject>()],
            PlainObject keyed => [.. keyed.Values.OfType<PlainObject>()],
            DataTable table => [.. table.Rows.Select(ToPlain)],
            var other => throw new ApiException($"{method} did not answer with a list ({other.GetType().Name})."),
        };

    /// <summary>The value of a scalar answer (<c>{"value": …}</c>).</summary>
    public async Task<object?> ValueAsync(string method, params (string Name, string? Value)[] parameters) =>
        await CallAsync(method, parameters) switch
        {
            ApiValue value => value.Value,
            ApiSuccess => null,
            var other => other,
        };

    private static DataTableMap Single(DataTable table)
    {
        var map = new DataTableMap("date");
        map.Entries[""] = table;
        return map;
    }

    private static PlainObject ToPlain(DataRow row)
    {
        var plain = new PlainObject();
        foreach (var (name, value) in row.Columns)
        {
            plain[name] = value;
        }

        foreach (var (name, value) in row.Metadata)
        {
            plain[name] = value;
        }

        return plain;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The UI's call of {Method} failed unexpectedly (reference {Reference}).")]
    private partial void LogUnexpected(Exception error, string method, string reference);
}
