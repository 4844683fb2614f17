using System.Globalization;
using System.Text;
using System.Text.Json;
using Makoto.Tracking.Pipeline;

namespace Makoto.Plugins.CustomVariables.Tracking;

/// <summary>
/// Matomo's custom variables (tracking-api.md §2.11): <c>_cvar</c> sets the visit's slots, <c>cvar</c> the
/// slots of the hit's action, both JSON objects keyed by slot (<c>{"1":["Name","Value"]}</c>). A slot must
/// be 1–<see cref="Slots"/> and hold exactly two strings or numbers; names and values are trimmed and cut
/// to <see cref="MaxLength"/> characters. Invalid slots are skipped, the rest of the hit is kept.
/// </summary>
internal sealed class CustomVariablesProcessor : ITrackingProcessor
{
    /// <summary>Slots per scope (Matomo installs five by default).</summary>
    public const int Slots = 5;

    /// <summary>Longest name or value, in characters (Matomo's getMaxLengthCustomVariables).</summary>
    public const int MaxLength = 200;

    public string Name => "custom-variables";

    public int Order => TrackingStage.Actions + 60;

    public void Process(HitContext hit)
    {
        if (hit.Request["_cvar"] is { Length: > 0 } visitScope)
        {
            foreach (var (index, name, value) in Parse(visitScope))
            {
                hit.Visit.SetCustomVariable(index, name, value);
            }
        }

        if (hit.Action is { } action && hit.Request["cvar"] is { Length: > 0 } pageScope)
        {
            foreach (var (index, name, value) in Parse(pageScope))
            {
                action.Row.SetCustomVariable(index, name, value);
            }
        }
    }

    /// <summary>The valid slots of a <c>_cvar</c>/<c>cvar</c> value, as Matomo's request processor reads them.</summary>
    public static List<(int Index, string Name, string Value)> Parse(string json)
    {
        var slots = new List<(int, string, string)>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return slots;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in root.EnumerateObject())
                {
                    Add(slots, PhpInt(property.Name), property.Value);
                }
            }
            else if (root.ValueKind == JsonValueKind.Array)
            {
                var position = 0;
                foreach (var item in root.EnumerateArray())
                {
                    Add(slots, position++, item);
                }
            }
        }

        return slots;
    }

    private static void Add(List<(int, string, string)> slots, int index, JsonElement pair)
    {
        if (index is < 1 or > Slots || pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2
            || Text(pair[0]) is not { } name || Text(pair[1]) is not { } value)
        {
            return;
        }

        slots.Add((index, Truncate(name), Truncate(value)));
    }

    /// <summary>A JSON string, or a number as PHP writes it; null for anything else.</summary>
    private static string? Text(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number when element.TryGetInt64(out var integer) => integer.ToString(CultureInfo.InvariantCulture),
        JsonValueKind.Number => PhpFloat(element.GetDouble()),
        _ => null,
    };

    private static string PhpFloat(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e15 ? ((long)value).ToString(CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>PHP's <c>(int)</c> of a key: its leading integer, 0 when it has none.</summary>
    private static int PhpInt(string key)
    {
        var text = key.AsSpan().TrimStart(" \t\n\r\v\f");
        var length = 0;
        while (length < text.Length && (char.IsAsciiDigit(text[length]) || (length == 0 && text[length] is '+' or '-')))
        {
            length++;
        }

        return int.TryParse(text[..length], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : 0;
    }

    /// <summary>PHP's <c>mb_substr(trim($text), 0, 200)</c>: trimmed, at most 200 characters (code points).</summary>
    private static string Truncate(string text)
    {
        var trimmed = text.Trim(' ', '\t', '\n', '\r', '\0', '\v');
        var builder = new StringBuilder();
        var count = 0;
        foreach (var rune in trimmed.EnumerateRunes())
        {
            if (count++ == MaxLength)
            {
                break;
            }

            builder.Append(rune.ToString());
        }

        return builder.ToString();
    }
}
