using System.Text.Json;

namespace Makoto.LogImport.Formats;

/// <summary>
/// <c>nginx_json</c>: one JSON object per line with the keys of Matomo's documented nginx
/// <c>log_format</c> — <c>ip</c>, <c>host</c>, <c>path</c> (the request URI), <c>status</c>, <c>referrer</c>,
/// <c>user_agent</c>, <c>length</c>, <c>generation_time_milli</c> (nginx's <c>$request_time</c>, in seconds,
/// as Matomo reads it) and <c>date</c> (<c>$time_iso8601</c>); <c>userid</c> and <c>method</c> when present.
/// nginx writes bytes it cannot encode as <c>\xHH</c>, which is read as the character U+00HH.
/// </summary>
public sealed class NginxJsonLogFormat : LogFormat
{
    public override string Name => "nginx_json";

    public override bool HasHost => true;

    public override int Score(string line)
    {
        var trimmed = line.AsSpan().TrimStart();
        if (trimmed.IsEmpty || trimmed[0] != '{' || !line.Contains("\"referrer\"", StringComparison.Ordinal) || !line.Contains("\"date\"", StringComparison.Ordinal))
        {
            return 0;
        }

        return Parse(line, new LogLine()) == LineResult.Parsed ? 10 : 0;
    }

    public override LineResult Parse(string line, LogLine into)
    {
        var text = line.Contains("\\x", StringComparison.Ordinal) ? line.Replace("\\x", "\\u00", StringComparison.Ordinal) : line;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return LineResult.NoMatch;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Text(root, "ip") is not { Length: > 0 } ip || Text(root, "path") is not { } path || Text(root, "date") is not { } date)
            {
                return LineResult.NoMatch;
            }

            Clear(into);
            into.Ip = ip;
            into.Host = Text(root, "host") is { } host ? NormalizeHost(host) : null;
            into.UserId = Text(root, "userid") is { } user ? Optional(user) : null;
            into.Method = Text(root, "method") is { } method ? Optional(method) : null;
            SetPathAndQuery(into, path);
            into.Status = Text(root, "status") ?? "200";
            into.Length = Text(root, "length") is { } length ? Length(length) : 0;
            into.Referrer = Text(root, "referrer") is { } referrer ? Optional(referrer) ?? "" : "";
            into.UserAgent = Text(root, "user_agent") ?? "";
            into.GenerationTimeMilliseconds = Text(root, "generation_time_milli") is { } seconds ? Number(seconds) * 1000 : 0;
            if (!LogDates.TryParseIso(date, out var local, out var offset))
            {
                return LineResult.BadDate;
            }

            into.Timestamp = DateTime.SpecifyKind(local - (offset ?? TimeSpan.Zero), DateTimeKind.Utc);
            return LineResult.Parsed;
        }
    }

    private static string? Text(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }
}
