using System.Data.Common;
using MySqlConnector;

namespace Makoto.Storage.MySql;

/// <summary>
/// MySQL and MariaDB with Matomo's own table layout: every table carries the configured prefix
/// (<c>matomo_</c> in a Matomo database), DATETIME and DATE are native types read and written as
/// <see cref="DateTime"/> (UTC) and <see cref="DateOnly"/>. Makoto's archives live in tables of its own
/// (<c>{prefix}makoto_archive_numeric_YYYY_MM</c>, …), so they never mix with Matomo's archives when the
/// database is a Matomo one.
/// </summary>
public sealed class MySqlDialect(string tablePrefix) : ISqlDialect
{
    /// <summary>The part of Makoto's own table names that follows the table prefix.</summary>
    public const string OwnTablePrefix = "makoto_";

    public string Name => "mysql";

    /// <summary>The configured table prefix (may be empty).</summary>
    public string TablePrefix { get; } = tablePrefix;

    public string Quote(string identifier) => "`" + identifier + "`";

    public string Table(string name) => TablePrefix + name;

    public string ArchiveTable(string name) => TablePrefix + OwnTablePrefix + name;

    public string LastInsertIdSql => "SELECT LAST_INSERT_ID()";

    public string ChangesSql => "SELECT ROW_COUNT()";

    public string InsertIgnore => "INSERT IGNORE";

    /// <summary>
    /// Whole seconds, as SQLite's text form: MySQL would round a fraction into the next second (MariaDB cuts it), and an
    /// archive's <c>ts_archived</c> must never be later than the moment its logs were read.
    /// </summary>
    public object DateTimeValue(DateTime utc) =>
        new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    public DateTime ReadDateTime(DbDataReader reader, int ordinal) =>
        reader.GetValue(ordinal) switch
        {
            DateTime value => DateTime.SpecifyKind(value, DateTimeKind.Utc),
            string text => SqlDates.ParseDateTime(text),
            var other => throw new InvalidCastException($"Column {reader.GetName(ordinal)} holds a {other.GetType().Name}, not a date and time."),
        };

    public object DateValue(DateOnly date) => date;

    public DateOnly ReadDate(DbDataReader reader, int ordinal) =>
        reader.GetValue(ordinal) switch
        {
            DateTime value => DateOnly.FromDateTime(value),
            DateOnly value => value,
            string text => SqlDates.ParseDate(text),
            var other => throw new InvalidCastException($"Column {reader.GetName(ordinal)} holds a {other.GetType().Name}, not a date."),
        };

    /// <summary>Matomo's archive table definitions (core/Db/Schema/Mysql.php), under Makoto's own names.</summary>
    public IReadOnlyList<string> CreateArchiveTables(string numericTable, string blobTable) =>
    [
        $"""
        CREATE TABLE IF NOT EXISTS {Quote(numericTable)} (
            idarchive INTEGER UNSIGNED NOT NULL,
            name VARCHAR(190) NOT NULL,
            idsite INTEGER UNSIGNED NULL,
            date1 DATE NULL,
            date2 DATE NULL,
            period TINYINT UNSIGNED NULL,
            ts_archived DATETIME NULL,
            value DOUBLE NULL,
            PRIMARY KEY (idarchive, name),
            INDEX index_idsite_dates_period (idsite, date1, date2, period, name(6)),
            INDEX index_period_archived (period, ts_archived)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
        """,
        $"""
        CREATE TABLE IF NOT EXISTS {Quote(blobTable)} (
            idarchive INTEGER UNSIGNED NOT NULL,
            name VARCHAR(190) NOT NULL,
            idsite INTEGER UNSIGNED NULL,
            date1 DATE NULL,
            date2 DATE NULL,
            period TINYINT UNSIGNED NULL,
            ts_archived DATETIME NULL,
            value MEDIUMBLOB NULL,
            PRIMARY KEY (idarchive, name),
            INDEX index_period_archived (period, ts_archived)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
        """,
    ];

    public string ListTablesSql(string prefix) =>
        "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() " +
        "AND LEFT(TABLE_NAME, CHAR_LENGTH(@prefix)) = @prefix ORDER BY TABLE_NAME";

    public string ListColumnsSql =>
        "SELECT COLUMN_NAME, CASE WHEN IS_NULLABLE = 'YES' THEN 1 ELSE 0 END, COLUMN_DEFAULT FROM information_schema.COLUMNS " +
        "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = @table ORDER BY ORDINAL_POSITION";

    public bool IsUniqueViolation(DbException exception) =>
        exception is MySqlException { ErrorCode: MySqlErrorCode.DuplicateKeyEntry or MySqlErrorCode.DuplicateEntryWithKeyName };

    /// <summary>Empty: Matomo's tables use utf8mb4's case-insensitive default collation.</summary>
    public string IgnoreCase => "";

    public string UseIndex(string index) => " FORCE INDEX (" + Quote(index) + ")";

    /// <summary>Empty: a backslash is MySQL's default LIKE escape character.</summary>
    public string LikeEscape => "";

    public string Concat(params string[] expressions) => "CONCAT(" + string.Join(", ", expressions) + ")";

    public string DatePart(SqlDatePart part, string expression) => part switch
    {
        SqlDatePart.Hour => $"HOUR({expression})",
        SqlDatePart.Minute => $"MINUTE({expression})",
        SqlDatePart.Second => $"SECOND({expression})",
        SqlDatePart.Date => $"DATE({expression})",
        SqlDatePart.DayOfWeek => $"DAYOFWEEK({expression})",
        SqlDatePart.DayOfMonth => $"DAYOFMONTH({expression})",
        SqlDatePart.DayOfYear => $"DAYOFYEAR({expression})",
        SqlDatePart.WeekOfYear => $"WEEKOFYEAR({expression})",
        SqlDatePart.Month => $"MONTH({expression})",
        SqlDatePart.Quarter => $"QUARTER({expression})",
        _ => $"YEAR({expression})",
    };

    public IReadOnlyList<string> PrepareTemporaryIds(string name) =>
    [
        $"CREATE TEMPORARY TABLE IF NOT EXISTS {Quote(name)} (id BIGINT PRIMARY KEY)",
        $"DELETE FROM {Quote(name)}",
    ];

    public string TemporaryTable(string name) => Quote(name);
}
