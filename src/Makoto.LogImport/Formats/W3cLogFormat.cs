namespace Makoto.LogImport.Formats;

/// <summary>The W3C extended log formats: generic, IIS (time-taken in milliseconds) and AWS CloudFront.</summary>
public enum W3cVariant
{
    Extended,
    Iis,
    CloudFront,
}

/// <summary>
/// W3C extended logs (<c>w3c_extended</c>, <c>iis</c>, <c>amazon_cloudfront</c>): the columns are named by the
/// file's <c>#Fields:</c> directive (or <c>--w3c-fields</c>), values are separated by spaces or tabs, and a
/// value with spaces is quoted. IIS writes spaces in the User-Agent as <c>+</c>; CloudFront URL-encodes it twice.
/// </summary>
public sealed class W3cLogFormat : LogFormat
{
    private const string FieldsDirective = "#Fields:";

    private readonly Dictionary<string, string> _fieldMap;
    private readonly bool _timeTakenMilliseconds;
    private string[]? _fields;
    private Column[] _columns = [];

    /// <param name="variant">Which W3C dialect.</param>
    /// <param name="fieldsLine">A <c>#Fields:</c> line for files without one (<c>--w3c-fields</c>).</param>
    /// <param name="fieldMap">Custom field names mapped to standard ones (<c>--w3c-map-field my-date=date</c>).</param>
    /// <param name="timeTakenMilliseconds">Read <c>time-taken</c> as milliseconds (<c>--w3c-time-taken-millisecs</c>); always so for IIS.</param>
    public W3cLogFormat(W3cVariant variant, string? fieldsLine = null, IReadOnlyDictionary<string, string>? fieldMap = null, bool timeTakenMilliseconds = false)
    {
        Variant = variant;
        _fieldMap = fieldMap is null ? new(StringComparer.OrdinalIgnoreCase) : new(fieldMap, StringComparer.OrdinalIgnoreCase);
        _timeTakenMilliseconds = timeTakenMilliseconds || variant == W3cVariant.Iis;
        if (fieldsLine is not null)
        {
            SetFields(fieldsLine.StartsWith(FieldsDirective, StringComparison.OrdinalIgnoreCase) ? fieldsLine[FieldsDirective.Length..] : fieldsLine);
        }
    }

    public W3cVariant Variant { get; }

    public override string Name => Variant switch
    {
        W3cVariant.Iis => "iis",
        W3cVariant.CloudFront => "amazon_cloudfront",
        _ => "w3c_extended",
    };

    public override bool HasHost => _columns.Contains(Column.Host);

    /// <summary>True once a <c>#Fields:</c> line (from the file or the options) named the columns.</summary>
    public bool HasFields => _fields is not null;

    /// <summary>The variant that a file's directive lines (up to and including <c>#Fields:</c>) describe, or null when they are not W3C.</summary>
    public static W3cVariant? Detect(IReadOnlyList<string> directiveLines)
    {
        string? fields = null;
        var iis = false;
        foreach (var line in directiveLines)
        {
            if (line.StartsWith(FieldsDirective, StringComparison.OrdinalIgnoreCase))
            {
                fields = line;
            }
            else if (line.StartsWith("#Software:", StringComparison.OrdinalIgnoreCase) && line.Contains("Internet Information Services", StringComparison.OrdinalIgnoreCase))
            {
                iis = true;
            }
        }

        if (fields is null)
        {
            return null;
        }

        if (fields.Contains("x-edge-location", StringComparison.OrdinalIgnoreCase) || fields.Contains("x-edge-request-id", StringComparison.OrdinalIgnoreCase))
        {
            return W3cVariant.CloudFront;
        }

        return iis || fields.Contains("sc-win32-status", StringComparison.OrdinalIgnoreCase) ? W3cVariant.Iis : W3cVariant.Extended;
    }

    public override int Score(string line)
    {
        if (_fields is null || line.StartsWith('#'))
        {
            return 0;
        }

        return Parse(line, new LogLine()) == LineResult.Parsed ? _columns.Count(c => c != Column.Ignored) : 0;
    }

    public override LineResult Parse(string line, LogLine into)
    {
        if (line.StartsWith('#'))
        {
            if (line.StartsWith(FieldsDirective, StringComparison.OrdinalIgnoreCase))
            {
                SetFields(line[FieldsDirective.Length..]);
            }

            return LineResult.Directive;
        }

        if (_fields is null)
        {
            return LineResult.NoMatch;
        }

        Span<Range> ranges = stackalloc Range[Math.Min(_columns.Length + 1, 256)];
        var count = Split(line, ranges);
        if (count != _columns.Length)
        {
            return LineResult.NoMatch;
        }

        Clear(into);
        into.Status = "200";
        ReadOnlySpan<char> date = default;
        ReadOnlySpan<char> time = default;
        var hasPath = false;
        var hasIp = false;
        for (var i = 0; i < count; i++)
        {
            var value = line.AsSpan(ranges[i]);
            switch (_columns[i])
            {
                case Column.Date:
                    date = Unquote(value);
                    break;
                case Column.Time:
                    time = Unquote(value);
                    break;
                case Column.Path:
                    var path = Unquote(value);
                    if (Variant == W3cVariant.CloudFront && path.StartsWith("rtmp:/"))
                    {
                        path = path[5..];
                    }

                    if (path.IsEmpty || path[0] != '/')
                    {
                        return LineResult.NoMatch;
                    }

                    into.Path = new string(path);
                    hasPath = true;
                    break;
                case Column.Query:
                    var query = Unquote(value);
                    into.Query = query is "-" ? "" : new string(query);
                    break;
                case Column.Ip:
                    into.Ip = new string(Unquote(value));
                    hasIp = into.Ip.Length > 0;
                    break;
                case Column.UserAgent:
                    into.UserAgent = UserAgent(value);
                    break;
                case Column.Referrer:
                    into.Referrer = Optional(value) ?? "";
                    break;
                case Column.Status:
                    var status = Unquote(value);
                    if (status.Length != 3 || !char.IsAsciiDigit(status[0]))
                    {
                        return LineResult.NoMatch;
                    }

                    into.Status = new string(status);
                    break;
                case Column.Length:
                    into.Length = Length(value);
                    break;
                case Column.Host:
                    into.Host = NormalizeHost(value);
                    break;
                case Column.Method:
                    into.Method = Optional(value);
                    break;
                case Column.UserId:
                    into.UserId = Optional(value);
                    break;
                case Column.TimeTaken:
                    var taken = Number(Unquote(value));
                    into.GenerationTimeMilliseconds = _timeTakenMilliseconds ? taken : taken * 1000;
                    break;
                case Column.EventAction:
                    into.EventAction = Optional(value);
                    break;
                case Column.EventName:
                    into.EventName = Optional(value);
                    break;
            }
        }

        if (!hasPath || !hasIp)
        {
            return LineResult.NoMatch;
        }

        if (into.EventAction is not null)
        {
            into.EventCategory = "cloudfront_rtmp";
        }

        if (date.IsEmpty)
        {
            return LineResult.BadDate;
        }

        var text = time.IsEmpty ? new string(date) : string.Concat(date, " ", time);
        if (!LogDates.TryParseIso(text, out var local, out var offset))
        {
            return LineResult.BadDate;
        }

        into.Timestamp = DateTime.SpecifyKind(local - (offset ?? TimeSpan.Zero), DateTimeKind.Utc);
        return LineResult.Parsed;
    }

    private string UserAgent(ReadOnlySpan<char> value)
    {
        if (value.Length >= 2 && value[0] == '"')
        {
            return new string(Unquote(value));
        }

        if (value is "-")
        {
            return "";
        }

        return Variant == W3cVariant.CloudFront
            ? Uri.UnescapeDataString(Uri.UnescapeDataString(new string(value)))
            : new string(value).Replace('+', ' ');
    }

    private void SetFields(string fields)
    {
        _fields = fields.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        _columns = new Column[_fields.Length];
        for (var i = 0; i < _fields.Length; i++)
        {
            var name = _fieldMap.TryGetValue(_fields[i], out var mapped) ? mapped : _fields[i];
            _columns[i] = name.ToLowerInvariant() switch
            {
                "date" => Column.Date,
                "time" => Column.Time,
                "cs-uri-stem" => Column.Path,
                "cs-uri-query" => Column.Query,
                "c-ip" => Column.Ip,
                "cs(user-agent)" or "c-user-agent" => Column.UserAgent,
                "cs(referer)" or "cs(referrer)" => Column.Referrer,
                "sc-status" or "c-status" => Column.Status,
                "sc-bytes" => Column.Length,
                "cs-host" or "cs(host)" => Variant == W3cVariant.CloudFront ? Column.Ignored : Column.Host,
                "x-host-header" => Column.Host,
                "cs-method" => Column.Method,
                "cs-username" => Column.UserId,
                "time-taken" => Column.TimeTaken,
                "x-event" => Column.EventAction,
                "x-sname" => Column.EventName,
                _ => Column.Ignored,
            };
        }
    }

    /// <summary>Splits on spaces and tabs, keeping a double-quoted value together. Returns the number of values.</summary>
    private static int Split(string line, Span<Range> ranges)
    {
        var count = 0;
        var i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && line[i] is ' ' or '\t')
            {
                i++;
            }

            if (i == line.Length)
            {
                break;
            }

            var start = i;
            if (line[i] == '"')
            {
                var close = line.IndexOf('"', i + 1);
                i = close < 0 ? line.Length : close + 1;
            }

            while (i < line.Length && line[i] is not (' ' or '\t'))
            {
                i++;
            }

            if (count == ranges.Length)
            {
                return count + 1;
            }

            ranges[count++] = new Range(start, i);
        }

        return count;
    }

    private enum Column
    {
        Ignored,
        Date,
        Time,
        Path,
        Query,
        Ip,
        UserAgent,
        Referrer,
        Status,
        Length,
        Host,
        Method,
        UserId,
        TimeTaken,
        EventAction,
        EventName,
    }
}
