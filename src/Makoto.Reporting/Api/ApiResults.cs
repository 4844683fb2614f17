namespace Makoto.Reporting.Api;

/// <summary>
/// A single value (<c>{"value": 4}</c> in JSON, <c>&lt;result&gt;4&lt;/result&gt;</c> in XML), as
/// Matomo returns scalars such as the id of a new site or the version.
/// </summary>
public sealed record ApiValue(object? Value);

/// <summary>Matomo's answer to a management call that returns nothing: <c>{"result":"success","message":"ok"}</c>.</summary>
public sealed class ApiSuccess
{
    private ApiSuccess()
    {
    }

    public static ApiSuccess Instance { get; } = new();
}

/// <summary>
/// A plain object of an API answer (a site, a goal, a user): ordered keys. Plain answers are
/// built from <see cref="PlainObject"/>, <see cref="List{T}"/> of objects, and scalars.
/// </summary>
public sealed class PlainObject : OrderedDictionary<string, object?>
{
    public PlainObject()
        : base(StringComparer.Ordinal)
    {
    }
}
