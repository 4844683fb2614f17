namespace Makoto.Tests.Shared;

/// <summary>Turns an empty test database into an existing Matomo 5 installation (<c>matomo-5-schema.sql</c>, prefix <c>matomo_</c>).</summary>
public static class MatomoDatabase
{
    public const string Prefix = "matomo_";

    public static void CreateSchema(MySqlTestDatabase database, string version = "5.0.2")
    {
        var sql = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Shared", "matomo-5-schema.sql"));
        database.Run(sql.Replace("('version_core', '5.0.2', 1)", $"('version_core', '{version}', 1)", StringComparison.Ordinal));
    }
}
