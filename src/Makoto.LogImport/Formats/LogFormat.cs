using System.Globalization;

namespace Makoto.LogImport.Formats;

/// <summary>
/// A server log format: turns one line into a <see cref="LogLine"/>. An instance is used by one file at
/// a time (W3C formats keep the file's <c>#Fields:</c> line).
/// </summary>
public abstract class LogFormat
{
    /// <summary>The name given to <c>--log-format-name</c> (Matomo's names).</summary>
    public abstract string Name { get; }

    /// <summary>True when lines carry the requested host (needed to map lines to sites without <c>--idsite</c>).</summary>
    public abstract bool HasHost { get; }

    /// <summary>The delimiter between path and query string when a format writes them together (<c>--query-string-delimiter</c>).</summary>
    public char QueryDelimiter { get; set; } = '?';

    /// <summary>Reads <paramref name="line"/> into <paramref name="into"/>, whose fields are all overwritten.</summary>
    public abstract LineResult Parse(string line, LogLine into);

    /// <summary>
    /// How well the format reads this line for auto-detection: the number of fields it reads, or 0 when it
    /// does not read it. The best-scoring format wins, as in Matomo's importer.
    /// </summary>
    public abstract int Score(string line);

    /// <summary>Splits <c>/path?query</c> at the first delimiter.</summary>
    protected void SetPathAndQuery(LogLine into, ReadOnlySpan<char> full)
    {
        var at = full.IndexOf(QueryDelimiter);
        into.Path = at < 0 ? new string(full) : new string(full[..at]);
        into.Query = at < 0 ? "" : new string(full[(at + 1)..]);
    }

    /// <summary>Resets every field, so that a reused <see cref="LogLine"/> keeps nothing of the previous line.</summary>
    protected static void Clear(LogLine line)
    {
        line.Ip = "";
        line.Host = null;
        line.UserId = null;
        line.Timestamp = default;
        line.Method = null;
        line.Path = "";
        line.Query = "";
        line.Status = "";
        line.Length = 0;
        line.Referrer = "";
        line.UserAgent = "";
        line.GenerationTimeMilliseconds = 0;
        line.EventCategory = null;
        line.EventAction = null;
        line.EventName = null;
    }

    /// <summary><c>-</c> and empty become null; surrounding quotes are removed.</summary>
    protected static string? Optional(ReadOnlySpan<char> value)
    {
        value = Unquote(value);
        return value.IsEmpty || value is "-" ? null : new string(value);
    }

    protected static ReadOnlySpan<char> Unquote(ReadOnlySpan<char> value) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;

    /// <summary>The host as Matomo's importer keeps it: lower case, without surrounding quotes, dots or port.</summary>
    protected static string? NormalizeHost(ReadOnlySpan<char> value)
    {
        value = Unquote(value).Trim('.');
        var colon = value.LastIndexOf(':');
        if (colon > 0 && value.IndexOf(':') == colon && AllDigits(value[(colon + 1)..]))
        {
            value = value[..colon];
        }

        return value.IsEmpty || value is "-" ? null : new string(value).ToLowerInvariant();
    }

    protected static long Length(ReadOnlySpan<char> value) =>
        long.TryParse(Unquote(value), NumberStyles.None, CultureInfo.InvariantCulture, out var length) ? length : 0;

    protected static double Number(ReadOnlySpan<char> value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) && number > 0 ? number : 0;

    private static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return !s.IsEmpty;
    }
}
