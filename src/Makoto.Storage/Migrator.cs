using System.Reflection;

namespace Makoto.Storage;

/// <summary>
/// Applies the versioned SQL migrations embedded under <c>Migrations/&lt;Dialect&gt;/NNNN_name.sql</c>,
/// each in its own transaction, and records them in <c>makoto_migration</c>. <paramref name="prepare"/>
/// rewrites a migration's text before it runs (the MySQL dialect puts in its table prefix).
/// </summary>
public sealed class Migrator(IDatabase database, string folder, Func<string, string>? prepare = null)
{
    private const string ResourcePrefix = "Makoto.Storage.Migrations.";

    public IReadOnlyList<(int Version, string Name, string Sql)> Migrations()
    {
        var assembly = typeof(Migrator).Assembly;
        var prefix = ResourcePrefix + folder + ".";
        var result = new List<(int, string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[prefix.Length..^4];
            var underscore = name.IndexOf('_', StringComparison.Ordinal);
            if (underscore <= 0 || !int.TryParse(name.AsSpan(0, underscore), out var version))
            {
                throw new InvalidOperationException($"Migration resource '{resource}' is not named NNNN_name.sql.");
            }

            var sql = Read(assembly, resource);
            result.Add((version, name, prepare is null ? sql : prepare(sql)));
        }

        result.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return result;
    }

    public int Run()
    {
        var table = database.Dialect.Table("makoto_migration");
        using var connection = database.Open();
        connection.Exec($"CREATE TABLE IF NOT EXISTS {table} (version INTEGER NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL, applied_at VARCHAR(19) NOT NULL)");

        var applied = new HashSet<int>();
        using (var command = connection.Command($"SELECT version FROM {table}"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                applied.Add(Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        var count = 0;
        foreach (var (version, name, sql) in Migrations())
        {
            if (applied.Contains(version))
            {
                continue;
            }

            using var transaction = connection.BeginTransaction();
            connection.Exec(sql, transaction);
            connection.Exec(
                $"INSERT INTO {table} (version, name, applied_at) VALUES (@v, @n, @t)",
                transaction,
                ("@v", version),
                ("@n", name),
                ("@t", SqlDates.FormatDateTime(DateTime.UtcNow)));
            transaction.Commit();
            count++;
        }

        return count;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
