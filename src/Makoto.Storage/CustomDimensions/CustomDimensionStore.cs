namespace Makoto.Storage.CustomDimensions;

/// <summary>A configured custom dimension (<c>custom_dimensions</c> table).</summary>
public sealed record CustomDimension
{
    /// <summary>The id trackers use (<c>dimension{Id}</c>); numbered per site.</summary>
    public required int IdCustomDimension { get; init; }

    public required int IdSite { get; init; }

    public required string Name { get; init; }

    /// <summary>The value slot: column <c>custom_dimension_{Index}</c> of the scope's log table.</summary>
    public required int Index { get; init; }

    /// <summary><c>visit</c> or <c>action</c>.</summary>
    public required string Scope { get; init; }

    public bool Active { get; init; }

    /// <summary>Extractions as JSON: <c>[{"dimension":"url","pattern":"/product/(.+)"}]</c>.</summary>
    public string Extractions { get; init; } = "[]";

    public bool CaseSensitive { get; init; } = true;
}

/// <summary>
/// The <c>custom_dimensions</c> table. Read on every tracked request, so the configuration of all sites
/// is kept in an in-memory snapshot replaced after each change.
/// </summary>
public sealed class CustomDimensionStore(IDatabase database)
{
    /// <summary>Value slots installed per scope (columns custom_dimension_1..5).</summary>
    public const int SlotsPerScope = 5;

    private readonly Lock _writeLock = new();
    private volatile Dictionary<int, IReadOnlyList<CustomDimension>>? _snapshot;

    private ISqlDialect D => database.Dialect;

    public IReadOnlyList<CustomDimension> ForSite(int idSite) => Snapshot().GetValueOrDefault(idSite) ?? [];

    public CustomDimension? Get(int idSite, int idDimension) => ForSite(idSite).FirstOrDefault(d => d.IdCustomDimension == idDimension);

    /// <summary>Adds a dimension in the next free slot of its scope; returns it, or null when all slots are used.</summary>
    public CustomDimension? Add(int idSite, string name, string scope, bool active, string extractions, bool caseSensitive)
    {
        lock (_writeLock)
        {
            var existing = ForSite(idSite);
            var used = existing.Where(d => d.Scope == scope).Select(d => d.Index).ToHashSet();
            var index = Enumerable.Range(1, SlotsPerScope).FirstOrDefault(i => !used.Contains(i));
            if (index == 0)
            {
                return null;
            }

            var dimension = new CustomDimension
            {
                IdCustomDimension = existing.Count == 0 ? 1 : existing.Max(d => d.IdCustomDimension) + 1,
                IdSite = idSite,
                Name = name,
                Index = index,
                Scope = scope,
                Active = active,
                Extractions = extractions,
                CaseSensitive = caseSensitive,
            };
            using var connection = database.Open();
            connection.Exec(
                $"""
                INSERT INTO {D.Table("custom_dimensions")} (idcustomdimension, idsite, name, {D.Quote("index")}, scope, active, extractions, case_sensitive)
                VALUES (@id, @site, @name, @index, @scope, @active, @extractions, @case)
                """,
                null,
                ("@id", dimension.IdCustomDimension),
                ("@site", idSite),
                ("@name", name),
                ("@index", index),
                ("@scope", scope),
                ("@active", active ? 1 : 0),
                ("@extractions", extractions),
                ("@case", caseSensitive ? 1 : 0));
            _snapshot = null;
            return dimension;
        }
    }

    public void Update(CustomDimension dimension)
    {
        lock (_writeLock)
        {
            using var connection = database.Open();
            connection.Exec(
                $"""
                UPDATE {D.Table("custom_dimensions")} SET name = @name, active = @active, extractions = @extractions, case_sensitive = @case
                WHERE idcustomdimension = @id AND idsite = @site
                """,
                null,
                ("@name", dimension.Name),
                ("@active", dimension.Active ? 1 : 0),
                ("@extractions", dimension.Extractions),
                ("@case", dimension.CaseSensitive ? 1 : 0),
                ("@id", dimension.IdCustomDimension),
                ("@site", dimension.IdSite));
            _snapshot = null;
        }
    }

    private Dictionary<int, IReadOnlyList<CustomDimension>> Snapshot()
    {
        var snapshot = _snapshot;
        if (snapshot is not null)
        {
            return snapshot;
        }

        lock (_writeLock)
        {
            return _snapshot ??= Load();
        }
    }

    private Dictionary<int, IReadOnlyList<CustomDimension>> Load()
    {
        using var connection = database.Open();
        using var command = connection.Command(
            $"SELECT idcustomdimension, idsite, name, {D.Quote("index")}, scope, active, extractions, case_sensitive FROM {D.Table("custom_dimensions")} ORDER BY idsite, idcustomdimension");
        using var reader = command.ExecuteReader();
        var result = new Dictionary<int, List<CustomDimension>>();
        while (reader.Read())
        {
            var dimension = new CustomDimension
            {
                IdCustomDimension = reader.GetInt32OrNull(0)!.Value,
                IdSite = reader.GetInt32OrNull(1)!.Value,
                Name = reader.GetString(2),
                Index = reader.GetInt32OrNull(3)!.Value,
                Scope = reader.GetString(4),
                Active = reader.GetInt32OrNull(5) == 1,
                Extractions = reader.GetString(6) is { Length: > 0 } json ? json : "[]",
                CaseSensitive = reader.GetInt32OrNull(7) == 1,
            };
            if (!result.TryGetValue(dimension.IdSite, out var list))
            {
                result[dimension.IdSite] = list = [];
            }

            list.Add(dimension);
        }

        return result.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<CustomDimension>)kv.Value);
    }
}
