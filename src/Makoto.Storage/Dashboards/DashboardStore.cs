using System.Globalization;

namespace Makoto.Storage.Dashboards;

/// <summary>One dashboard of a user: its id (per user, from 1), name and layout (Matomo's layout JSON).</summary>
public sealed record DashboardRecord(string Login, int Id, string Name, string Layout);

/// <summary>The <c>user_dashboard</c> table: each user's dashboards, as Matomo keeps them.</summary>
public sealed class DashboardStore(IDatabase database)
{
    private ISqlDialect D => database.Dialect;

    private string Table => D.Table("user_dashboard");

    /// <summary>The user's dashboards ordered by id.</summary>
    public IReadOnlyList<DashboardRecord> GetAll(string login)
    {
        using var connection = database.Open();
        using var command = connection.Command(
            $"SELECT iddashboard, name, layout FROM {Table} WHERE login = @login ORDER BY iddashboard").With("@login", login);
        using var reader = command.ExecuteReader();
        var result = new List<DashboardRecord>();
        while (reader.Read())
        {
            result.Add(new DashboardRecord(login, reader.GetInt32OrNull(0)!.Value, reader.GetStringOrNull(1) ?? "", reader.GetStringOrNull(2) ?? ""));
        }

        return result;
    }

    public DashboardRecord? Get(string login, int id)
    {
        foreach (var dashboard in GetAll(login))
        {
            if (dashboard.Id == id)
            {
                return dashboard;
            }
        }

        return null;
    }

    /// <summary>Adds a dashboard with the user's next id and returns the id.</summary>
    public int Add(string login, string name, string layout)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        var max = connection.Scalar($"SELECT MAX(iddashboard) FROM {Table} WHERE login = @login", transaction, ("@login", login));
        var id = max is null ? 1 : Convert.ToInt32(max, CultureInfo.InvariantCulture) + 1;
        connection.Exec(
            $"INSERT INTO {Table} (login, iddashboard, name, layout) VALUES (@login, @id, @name, @layout)",
            transaction,
            ("@login", login),
            ("@id", id),
            ("@name", name),
            ("@layout", layout));
        transaction.Commit();
        return id;
    }

    /// <summary>Replaces the layout of a dashboard; false when the user has no such dashboard.</summary>
    public bool SaveLayout(string login, int id, string layout)
    {
        using var connection = database.Open();
        return connection.Exec(
            $"UPDATE {Table} SET layout = @layout WHERE login = @login AND iddashboard = @id",
            null,
            ("@layout", layout),
            ("@login", login),
            ("@id", id)) > 0;
    }

    public bool Rename(string login, int id, string name)
    {
        using var connection = database.Open();
        return connection.Exec(
            $"UPDATE {Table} SET name = @name WHERE login = @login AND iddashboard = @id",
            null,
            ("@name", name),
            ("@login", login),
            ("@id", id)) > 0;
    }

    public bool Delete(string login, int id)
    {
        using var connection = database.Open();
        return connection.Exec($"DELETE FROM {Table} WHERE login = @login AND iddashboard = @id", null, ("@login", login), ("@id", id)) > 0;
    }
}
