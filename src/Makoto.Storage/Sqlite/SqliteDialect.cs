using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Makoto.Storage.Sqlite;

/// <summary>SQLite: DATETIME and DATE as ISO text, BINARY as BLOB, rowid primary keys.</summary>
public sealed class SqliteDialect : ISqlDialect
{
    /// <summary>SQLite's extended result code for a violated UNIQUE constraint.</summary>
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    public string Name => "sqlite";

    public string Quote(string identifier) => "\"" + identifier + "\"";

    public string Table(string name) => name;

    public string ArchiveTable(string name) => name;

    public string LastInsertIdSql => "SELECT last_insert_rowid()";

    public string ChangesSql => "SELECT changes()";

    public string InsertIgnore => "INSERT OR IGNORE";

    public object DateTimeValue(DateTime utc) => SqlDates.FormatDateTime(utc);

    public DateTime ReadDateTime(DbDataReader reader, int ordinal) => SqlDates.ParseDateTime(reader.GetString(ordinal));

    public object DateValue(DateOnly date) => SqlDates.FormatDate(date);

    public DateOnly ReadDate(DbDataReader reader, int ordinal) => SqlDates.ParseDate(reader.GetString(ordinal));

    public IReadOnlyList<string> CreateArchiveTables(string numericTable, string blobTable) =>
    [
        $"""
        CREATE TABLE IF NOT EXISTS {numericTable} (
            idarchive INTEGER NOT NULL,
            name TEXT NOT NULL,
            idsite INTEGER NULL,
            date1 TEXT NULL,
            date2 TEXT NULL,
            period INTEGER NULL,
            ts_archived TEXT NULL,
            value REAL NULL,
            PRIMARY KEY (idarchive, name)
        )
        """,
        $"CREATE INDEX IF NOT EXISTS {numericTable}_idsite_dates_period ON {numericTable} (idsite, date1, date2, period, name)",
        $"CREATE INDEX IF NOT EXISTS {numericTable}_period_archived ON {numericTable} (period, ts_archived)",
        $"""
        CREATE TABLE IF NOT EXISTS {blobTable} (
            idarchive INTEGER NOT NULL,
            name TEXT NOT NULL,
            idsite INTEGER NULL,
            date1 TEXT NULL,
            date2 TEXT NULL,
            period INTEGER NULL,
            ts_archived TEXT NULL,
            value BLOB NULL,
            PRIMARY KEY (idarchive, name)
        )
        """,
        $"CREATE INDEX IF NOT EXISTS {blobTable}_period_archived ON {blobTable} (period, ts_archived)",
    ];

    public string ListTablesSql(string prefix) =>
        "SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, length(@prefix)) = @prefix ORDER BY name";

    public string ListColumnsSql => "SELECT name, CASE WHEN \"notnull\" = 0 THEN 1 ELSE 0 END, dflt_value FROM pragma_table_info(@table) ORDER BY cid";

    public bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteExtendedErrorCode: SqliteConstraintUnique or SqliteConstraintPrimaryKey };

    public string IgnoreCase => " COLLATE NOCASE";

    public string UseIndex(string index) => " INDEXED BY " + index;

    public string LikeEscape => " ESCAPE '\\'";

    public string Concat(params string[] expressions) => "(" + string.Join(" || ", expressions) + ")";

    public string DatePart(SqlDatePart part, string expression) => part switch
    {
        SqlDatePart.Hour => $"CAST(strftime('%H', {expression}) AS INTEGER)",
        SqlDatePart.Minute => $"CAST(strftime('%M', {expression}) AS INTEGER)",
        SqlDatePart.Second => $"CAST(strftime('%S', {expression}) AS INTEGER)",
        SqlDatePart.Date => $"date({expression})",
        SqlDatePart.DayOfWeek => $"(CAST(strftime('%w', {expression}) AS INTEGER) + 1)",
        SqlDatePart.DayOfMonth => $"CAST(strftime('%d', {expression}) AS INTEGER)",
        SqlDatePart.DayOfYear => $"CAST(strftime('%j', {expression}) AS INTEGER)",

        // The ISO week is the week of the year of the week's Thursday.
        SqlDatePart.WeekOfYear => $"((CAST(strftime('%j', date({expression}, '-3 days', 'weekday 4')) AS INTEGER) - 1) / 7 + 1)",
        SqlDatePart.Month => $"CAST(strftime('%m', {expression}) AS INTEGER)",
        SqlDatePart.Quarter => $"((CAST(strftime('%m', {expression}) AS INTEGER) + 2) / 3)",
        _ => $"CAST(strftime('%Y', {expression}) AS INTEGER)",
    };

    public IReadOnlyList<string> PrepareTemporaryIds(string name) =>
    [
        $"CREATE TEMP TABLE IF NOT EXISTS {name} (id INTEGER PRIMARY KEY)",
        $"DELETE FROM temp.{name}",
    ];

    public string TemporaryTable(string name) => "temp." + name;
}
