using System.Runtime.InteropServices;

namespace Makoto.Storage.Sqlite;

/// <summary>
/// SQLite's statement functions imported on the raw statement pointer, for <see cref="SqliteStatement"/> and
/// <see cref="SqliteCursor"/>: the tracking writer binds every column of every row it writes (about 80 calls per hit), and SQLitePCL's functions
/// take a safe handle whose reference count is raised and lowered around each call. Functions that only set or read
/// a value of the statement are also imported without the GC transition of a P/Invoke: they are short, never block
/// and never call back into .NET. <c>sqlite3_step</c>, <c>sqlite3_reset</c> and the text and blob bindings (which
/// allocate in SQLite, possibly releasing cache pages under the soft heap limit) keep the transition, as do the
/// text and blob reads of a column (SQLite converts a value of another type in a buffer it allocates). A day's
/// reading cursor reads a few values per column, millions per day, through <c>sqlite3_column_value</c> and the
/// <c>sqlite3_value_*</c> functions, all without the transition.
/// </summary>
internal static partial class SqliteNative
{
    /// <summary>SQLITE_TRANSIENT: SQLite copies a bound text or blob before the call returns.</summary>
    public const nint Transient = -1;

    public const int Row = 100;
    public const int Done = 101;
    public const int Null = 5;

    [LibraryImport("e_sqlite3")]
    public static partial int sqlite3_step(nint statement);

    [LibraryImport("e_sqlite3")]
    public static partial int sqlite3_reset(nint statement);

    [LibraryImport("e_sqlite3")]
    [SuppressGCTransition]
    public static partial int sqlite3_clear_bindings(nint statement);

    [LibraryImport("e_sqlite3")]
    [SuppressGCTransition]
    public static partial int sqlite3_bind_int64(nint statement, int index, long value);

    [LibraryImport("e_sqlite3")]
    [SuppressGCTransition]
    public static partial int sqlite3_bind_double(nint statement, int index, double value);

    [LibraryImport("e_sqlite3")]
    public static unsafe partial int sqlite3_bind_text(nint statement, int index, byte* text, int length, nint destructor);

    [LibraryImport("e_sqlite3")]
    public static unsafe partial int sqlite3_bind_blob(nint statement, int index, byte* blob, int length, nint destructor);

    [LibraryImport("e_sqlite3")]
    [SuppressGCTransition]
    public static partial int sqlite3_column_type(nint statement, int column);

    [LibraryImport("e_sqlite3")]
    [SuppressGCTransition]
    public static partial long sqlite3_column_int64(nint statement, int column);

    [LibraryImport("e_sqlite3")]
    [SuppressGCTransition]
    public static partial double sqlite3_column_double(nint statement, int column);

    [LibraryImport("e_sqlite3")]
    public static partial nint sqlite3_column_blob(nint statement, int column);

    [LibraryImport("e_sqlite3")]
    public static partial nint sqlite3_column_text(nint statement, int column);

    [LibraryImport("e_sqlite3")]
    [SuppressGCTransition]
    public static partial int sqlite3_column_bytes(nint statement, int column);

    [LibraryImport("e_sqlite3")]
    [SuppressGCTransition]
    public static partial long sqlite3_last_insert_rowid(nint db);

    [LibraryImport("e_sqlite3")]
    [SuppressGCTransition]
    public static partial int sqlite3_changes(nint db);

    [LibraryImport("e_sqlite3")]
    [SuppressGCTransition]
    public static partial nint sqlite3_column_value(nint statement, int column);

    [LibraryImport("e_sqlite3")]
    [SuppressGCTransition]
    public static partial int sqlite3_value_type(nint value);

    [LibraryImport("e_sqlite3")]
    [SuppressGCTransition]
    public static partial long sqlite3_value_int64(nint value);

    [LibraryImport("e_sqlite3")]
    [SuppressGCTransition]
    public static partial double sqlite3_value_double(nint value);

    [LibraryImport("e_sqlite3")]
    [SuppressGCTransition]
    public static partial nint sqlite3_value_text(nint value);

    [LibraryImport("e_sqlite3")]
    [SuppressGCTransition]
    public static partial nint sqlite3_value_blob(nint value);

    [LibraryImport("e_sqlite3")]
    [SuppressGCTransition]
    public static partial int sqlite3_value_bytes(nint value);
}
