namespace Makoto.LogImport.Formats;

/// <summary>
/// One request read from a server log, with the fields Matomo's importer knows (the names of its
/// regex groups): what a log format could read, before filters and site mapping.
/// </summary>
public sealed class LogLine
{
    /// <summary>The client address as written in the log (not validated: the tracker stores 0.0.0.0 for garbage).</summary>
    public string Ip { get; set; } = "";

    /// <summary>The requested host (virtual host), lower case without port; null when the format has none.</summary>
    public string? Host { get; set; }

    /// <summary>The authenticated user (<c>%u</c>, <c>cs-username</c>); null for <c>-</c> or when absent.</summary>
    public string? UserId { get; set; }

    /// <summary>The time of the request in UTC.</summary>
    public DateTime Timestamp { get; set; }

    public string? Method { get; set; }

    /// <summary>The requested path, without the query string.</summary>
    public string Path { get; set; } = "";

    /// <summary>The query string without its delimiter; empty when there is none.</summary>
    public string Query { get; set; } = "";

    /// <summary>The HTTP status as written (three digits).</summary>
    public string Status { get; set; } = "";

    /// <summary>Bytes sent; 0 when unknown (<c>-</c>).</summary>
    public long Length { get; set; }

    /// <summary>The referrer; empty for <c>-</c> or when absent.</summary>
    public string Referrer { get; set; } = "";

    public string UserAgent { get; set; } = "";

    /// <summary>Server time to generate the answer, in milliseconds; 0 when unknown.</summary>
    public double GenerationTimeMilliseconds { get; set; }

    /// <summary>Events some formats describe (CloudFront streaming): category, action and name.</summary>
    public string? EventCategory { get; set; }

    public string? EventAction { get; set; }

    public string? EventName { get; set; }
}

/// <summary>What a format made of one line.</summary>
public enum LineResult
{
    /// <summary>The line was read into a <see cref="LogLine"/>.</summary>
    Parsed,

    /// <summary>The line does not have the format's shape (an invalid line).</summary>
    NoMatch,

    /// <summary>The line has the format's shape but its date or timezone cannot be read (an invalid line).</summary>
    BadDate,

    /// <summary>A directive or comment of the format (W3C <c>#Fields:</c>), not a request.</summary>
    Directive,
}
