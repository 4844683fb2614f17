using System.Data.Common;

namespace Makoto.Storage.Segments;

/// <summary>
/// Collects the SQL of one statement's segment conditions and the values they bind: every value a
/// definition contains reaches the database as a parameter, never as SQL text. Knows the sites and the
/// time window of the statement, which the subqueries of some conditions repeat (Matomo restricts its
/// "no action of the visit matches" subqueries the same way).
/// </summary>
public sealed class SegmentSqlWriter
{
    private readonly List<KeyValuePair<string, object>> _parameters = [];
    private readonly IReadOnlyList<int> _sites;
    private readonly DateTime? _fromUtc;
    private readonly DateTime? _toUtc;
    private readonly string _prefix;
    private string? _siteList;
    private (string From, string To)? _window;

    /// <param name="dialect">The database's SQL dialect.</param>
    /// <param name="sites">The sites the statement reads.</param>
    /// <param name="fromUtc">Start (inclusive) of the visits' last action times, if the statement has one.</param>
    /// <param name="toUtc">End (inclusive) of the visits' last action times, if the statement has one.</param>
    /// <param name="prefix">The start of the parameter names, distinct for each writer of one statement.</param>
    public SegmentSqlWriter(ISqlDialect dialect, IReadOnlyList<int> sites, DateTime? fromUtc = null, DateTime? toUtc = null, string prefix = "@seg")
    {
        _prefix = prefix;
        Dialect = dialect;
        _sites = sites;
        _fromUtc = fromUtc;
        _toUtc = toUtc;
    }

    public ISqlDialect Dialect { get; }

    public IReadOnlyList<KeyValuePair<string, object>> Parameters => _parameters;

    /// <summary>Binds <paramref name="value"/> and returns its parameter name.</summary>
    public string Bind(object value)
    {
        var name = _prefix + _parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _parameters.Add(new(name, value));
        return name;
    }

    /// <summary>The physical name of a log table.</summary>
    public string Table(string name) => Dialect.Table(name);

    /// <summary><c>column IN (sites)</c>, binding the site ids once per statement.</summary>
    public string InSites(string column)
    {
        if (_siteList is null)
        {
            var names = new string[_sites.Count];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = Bind(_sites[i]);
            }

            _siteList = string.Join(", ", names);
        }

        return $"{column} IN ({_siteList})";
    }

    /// <summary>
    /// <c> AND column &gt;= from AND column &lt;= to</c> for the statement's time window (each bound once),
    /// or nothing when it has none.
    /// </summary>
    public string InWindow(string column)
    {
        if (_fromUtc is null || _toUtc is null)
        {
            return "";
        }

        _window ??= (Bind(Dialect.DateTimeValue(_fromUtc.Value)), Bind(Dialect.DateTimeValue(_toUtc.Value)));
        return $" AND {column} >= {_window.Value.From} AND {column} <= {_window.Value.To}";
    }

    /// <summary>Adds the bound values to <paramref name="command"/>.</summary>
    public void AddTo(DbCommand command)
    {
        foreach (var (name, value) in _parameters)
        {
            command.With(name, value);
        }
    }
}
