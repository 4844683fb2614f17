using System.Text.RegularExpressions;

namespace Makoto.LogImport.Formats;

/// <summary>
/// A format described by a regular expression with named groups, the way Matomo's importer describes
/// formats and takes <c>--log-format-regex</c>: <c>ip</c>, <c>host</c>, <c>userid</c>, <c>date</c> (and
/// <c>time</c> when separate), <c>timezone</c>, <c>method</c>, <c>path</c>, <c>query_string</c>,
/// <c>status</c>, <c>length</c>, <c>referrer</c>, <c>user_agent</c>, <c>generation_time_milli</c>,
/// <c>generation_time_micro</c>, <c>generation_time_secs</c>, <c>event_category</c>, <c>event_action</c>,
/// <c>event_name</c>. The expression must match from the start of the line; text after it is ignored.
/// </summary>
public sealed class RegexLogFormat : LogFormat
{
    /// <summary>
    /// The longest one line may take to match: a guard against a custom regex that backtracks without end,
    /// generous enough that a busy machine never turns a good line into a non-matching one.
    /// </summary>
    private static readonly TimeSpan s_matchTimeout = TimeSpan.FromSeconds(10);

    private readonly Regex _regex;
    private readonly DateStyle _dateStyle;
    private readonly string? _customDateFormat;
    private readonly int _ip;
    private readonly int _host;
    private readonly int _userId;
    private readonly int _date;
    private readonly int _time;
    private readonly int _timezone;
    private readonly int _method;
    private readonly int _path;
    private readonly int _query;
    private readonly int _status;
    private readonly int _length;
    private readonly int _referrer;
    private readonly int _userAgent;
    private readonly int _milli;
    private readonly int _micro;
    private readonly int _secs;
    private readonly int _eventCategory;
    private readonly int _eventAction;
    private readonly int _eventName;
    private readonly int _fields;

    /// <param name="name">The format's name.</param>
    /// <param name="pattern">A .NET regular expression; Python's <c>(?P&lt;name&gt;…)</c> groups are accepted too.</param>
    /// <param name="dateStyle">How the <c>date</c> group is written, when <paramref name="strptimeDateFormat"/> is null.</param>
    /// <param name="strptimeDateFormat">A strptime format for the <c>date</c> group (<c>--log-date-format</c>).</param>
    public RegexLogFormat(string name, string pattern, DateStyle dateStyle = DateStyle.Apache, string? strptimeDateFormat = null)
    {
        Name = name;
        try
        {
            _regex = new Regex(
                "^(?:" + FromPython(pattern) + ")",
                RegexOptions.Compiled | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture,
                s_matchTimeout);
        }
        catch (ArgumentException error)
        {
            throw new ArgumentException($"The log format regex is not a valid regular expression: {error.Message}", error);
        }

        _dateStyle = dateStyle;
        _customDateFormat = strptimeDateFormat is null ? null : LogDates.FromStrptime(strptimeDateFormat);
        _ip = Group("ip");
        _host = Group("host");
        _userId = Group("userid");
        _date = Group("date");
        _time = Group("time");
        _timezone = Group("timezone");
        _method = Group("method");
        _path = Group("path");
        _query = Group("query_string");
        _status = Group("status");
        _length = Group("length");
        _referrer = Group("referrer");
        _userAgent = Group("user_agent");
        _milli = Group("generation_time_milli");
        _micro = Group("generation_time_micro");
        _secs = Group("generation_time_secs");
        _eventCategory = Group("event_category");
        _eventAction = Group("event_action");
        _eventName = Group("event_name");
        if (_ip < 0 || _date < 0 || _path < 0)
        {
            throw new ArgumentException($"The log format regex must have the named groups ip, date and path (it has: {string.Join(", ", _regex.GetGroupNames().Where(g => !char.IsAsciiDigit(g[0])))}).");
        }

        _fields = _regex.GetGroupNames().Count(g => !char.IsAsciiDigit(g[0]));
    }

    public override string Name { get; }

    public override bool HasHost => _host >= 0;

    /// <summary>The regular expression used, for <c>--dump-log-regex</c>.</summary>
    public string Pattern => _regex.ToString();

    public override int Score(string line) => Parse(line, new LogLine()) == LineResult.Parsed ? _fields : 0;

    public override LineResult Parse(string line, LogLine into)
    {
        Match match;
        try
        {
            match = _regex.Match(line);
        }
        catch (RegexMatchTimeoutException)
        {
            return LineResult.NoMatch;
        }

        if (!match.Success)
        {
            return LineResult.NoMatch;
        }

        Clear(into);
        var groups = match.Groups;
        into.Ip = new string(Unquote(Value(groups, _ip)));
        into.Host = _host >= 0 ? NormalizeHost(Value(groups, _host)) : null;
        into.UserId = _userId >= 0 ? Optional(Value(groups, _userId)) : null;
        into.Method = _method >= 0 ? Optional(Value(groups, _method)) : null;
        if (_query >= 0)
        {
            into.Path = new string(Value(groups, _path));
            var query = Value(groups, _query);
            into.Query = query is "-" ? "" : new string(query);
        }
        else
        {
            SetPathAndQuery(into, Value(groups, _path));
        }

        into.Status = _status >= 0 ? new string(Unquote(Value(groups, _status))) : "200";
        into.Length = _length >= 0 ? Length(Value(groups, _length)) : 0;
        into.Referrer = _referrer >= 0 ? Optional(Value(groups, _referrer)) ?? "" : "";
        into.UserAgent = _userAgent >= 0 ? new string(Unquote(Value(groups, _userAgent))) : "";
        into.GenerationTimeMilliseconds =
            _milli >= 0 ? Number(Value(groups, _milli))
            : _micro >= 0 ? Number(Value(groups, _micro)) / 1000
            : _secs >= 0 ? Number(Value(groups, _secs)) * 1000
            : 0;
        into.EventCategory = _eventCategory >= 0 ? Optional(Value(groups, _eventCategory)) : null;
        into.EventAction = _eventAction >= 0 ? Optional(Value(groups, _eventAction)) : null;
        into.EventName = _eventName >= 0 ? Optional(Value(groups, _eventName)) : null;
        return ReadDate(groups, into) ? LineResult.Parsed : LineResult.BadDate;
    }

    private bool ReadDate(GroupCollection groups, LogLine into)
    {
        var dateText = Value(groups, _date);
        string? joined = null;
        if (_time >= 0)
        {
            joined = string.Concat(dateText, " ", Value(groups, _time));
            dateText = joined;
        }

        DateTime local;
        TimeSpan? offset;
        var parsed = _customDateFormat is not null
            ? LogDates.TryParseExact(dateText, _customDateFormat, out local, out offset)
            : LogDates.TryParse(dateText, _dateStyle, out local, out offset);
        if (!parsed)
        {
            return false;
        }

        if (offset is null && _timezone >= 0)
        {
            if (!LogDates.TryParseOffset(Value(groups, _timezone), out var zone))
            {
                return false;
            }

            offset = zone;
        }

        into.Timestamp = DateTime.SpecifyKind(local - (offset ?? TimeSpan.Zero), DateTimeKind.Utc);
        return true;
    }

    private int Group(string name) => _regex.GroupNumberFromName(name);

    private static ReadOnlySpan<char> Value(GroupCollection groups, int number) => groups[number].ValueSpan;

    /// <summary>Python's named groups and back-references, which Matomo's documentation uses, in .NET's syntax.</summary>
    private static string FromPython(string pattern) =>
        Regex.Replace(pattern.Replace("(?P<", "(?<", StringComparison.Ordinal), @"\(\?P=(\w+)\)", @"\k<$1>", RegexOptions.CultureInvariant);
}
