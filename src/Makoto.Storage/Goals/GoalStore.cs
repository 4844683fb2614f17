namespace Makoto.Storage.Goals;

/// <summary>A goal definition (<c>goal</c> table).</summary>
public sealed record Goal
{
    public required int IdSite { get; init; }

    public required int IdGoal { get; init; }

    public required string Name { get; init; }

    public string Description { get; init; } = "";

    /// <summary>url, title, file, external_website, manually, event_category, event_action, event_name, visit_duration.</summary>
    public required string MatchAttribute { get; init; }

    public string Pattern { get; init; } = "";

    /// <summary>contains, exact, regex (greater_than for visit_duration).</summary>
    public string PatternType { get; init; } = "contains";

    public bool CaseSensitive { get; init; }

    public bool AllowMultiple { get; init; }

    public double Revenue { get; init; }

    public bool Deleted { get; init; }

    public bool EventValueAsRevenue { get; init; }
}

/// <summary>
/// The <c>goal</c> table. Goals are read for every tracked action (automatic matching), so all
/// goals are kept in an in-memory snapshot replaced after each change.
/// </summary>
public sealed class GoalStore(IDatabase database)
{
    private readonly Lock _writeLock = new();
    private volatile Dictionary<int, IReadOnlyList<Goal>>? _snapshot;

    private ISqlDialect D => database.Dialect;

    /// <summary>The site's goals that are not deleted, ordered by id.</summary>
    public IReadOnlyList<Goal> GetGoals(int idSite) => Snapshot().GetValueOrDefault(idSite) ?? [];

    public Goal? GetGoal(int idSite, int idGoal)
    {
        foreach (var goal in GetGoals(idSite))
        {
            if (goal.IdGoal == idGoal)
            {
                return goal;
            }
        }

        return null;
    }

    /// <summary>Adds a goal with the next id of the site (max + 1, deleted goals included) and returns the id.</summary>
    public int Add(Goal goal)
    {
        lock (_writeLock)
        {
            using var connection = database.Open();
            using var transaction = connection.BeginTransaction();
            var max = connection.Scalar($"SELECT MAX(idgoal) FROM {D.Table("goal")} WHERE idsite = @s", transaction, ("@s", goal.IdSite));
            var id = max is null ? 1 : Convert.ToInt32(max, System.Globalization.CultureInfo.InvariantCulture) + 1;
            connection.Exec(
                $"""
                INSERT INTO {D.Table("goal")} (idsite, idgoal, name, description, match_attribute, pattern, pattern_type,
                    case_sensitive, allow_multiple, revenue, deleted, event_value_as_revenue)
                VALUES (@site, @goal, @name, @description, @attribute, @pattern, @type, @case, @multiple, @revenue, 0, @event)
                """,
                transaction,
                Parameters(goal with { IdGoal = id }));
            transaction.Commit();
            _snapshot = null;
            return id;
        }
    }

    public void Update(Goal goal)
    {
        lock (_writeLock)
        {
            using var connection = database.Open();
            connection.Exec(
                $"""
                UPDATE {D.Table("goal")} SET name = @name, description = @description, match_attribute = @attribute, pattern = @pattern,
                    pattern_type = @type, case_sensitive = @case, allow_multiple = @multiple, revenue = @revenue, event_value_as_revenue = @event
                WHERE idsite = @site AND idgoal = @goal
                """,
                null,
                Parameters(goal));
            _snapshot = null;
        }
    }

    /// <summary>Soft-deletes a goal (<c>deleted = 1</c>), as Matomo does.</summary>
    public void Delete(int idSite, int idGoal)
    {
        lock (_writeLock)
        {
            using var connection = database.Open();
            connection.Exec(
                $"UPDATE {D.Table("goal")} SET deleted = 1 WHERE idsite = @site AND idgoal = @goal",
                null,
                ("@site", idSite),
                ("@goal", idGoal));
            _snapshot = null;
        }
    }

    private static (string, object?)[] Parameters(Goal goal) =>
    [
        ("@site", goal.IdSite),
        ("@goal", goal.IdGoal),
        ("@name", goal.Name),
        ("@description", goal.Description),
        ("@attribute", goal.MatchAttribute),
        ("@pattern", goal.Pattern),
        ("@type", goal.PatternType),
        ("@case", goal.CaseSensitive ? 1 : 0),
        ("@multiple", goal.AllowMultiple ? 1 : 0),
        ("@revenue", goal.Revenue),
        ("@event", goal.EventValueAsRevenue ? 1 : 0),
    ];

    private Dictionary<int, IReadOnlyList<Goal>> Snapshot()
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

    private Dictionary<int, IReadOnlyList<Goal>> Load()
    {
        using var connection = database.Open();
        using var command = connection.Command(
            $"""
            SELECT idsite, idgoal, name, description, match_attribute, pattern, pattern_type, case_sensitive, allow_multiple,
                revenue, deleted, event_value_as_revenue
            FROM {D.Table("goal")} WHERE deleted = 0 ORDER BY idsite, idgoal
            """);
        using var reader = command.ExecuteReader();
        var result = new Dictionary<int, List<Goal>>();
        while (reader.Read())
        {
            var goal = new Goal
            {
                IdSite = reader.GetInt32OrNull(0)!.Value,
                IdGoal = reader.GetInt32OrNull(1)!.Value,
                Name = reader.GetString(2),
                Description = reader.GetString(3),
                MatchAttribute = reader.GetString(4),
                Pattern = reader.GetString(5),
                PatternType = reader.GetString(6),
                CaseSensitive = reader.GetInt32OrNull(7) == 1,
                AllowMultiple = reader.GetInt32OrNull(8) == 1,
                Revenue = reader.GetDouble(9),
                Deleted = reader.GetInt32OrNull(10) == 1,
                EventValueAsRevenue = reader.GetInt32OrNull(11) == 1,
            };
            if (!result.TryGetValue(goal.IdSite, out var list))
            {
                result[goal.IdSite] = list = [];
            }

            list.Add(goal);
        }

        var snapshot = new Dictionary<int, IReadOnlyList<Goal>>();
        foreach (var (site, goals) in result)
        {
            snapshot[site] = goals;
        }

        return snapshot;
    }
}
