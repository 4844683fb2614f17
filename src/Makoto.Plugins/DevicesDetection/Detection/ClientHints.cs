using System.Text;
using System.Text.Json;

namespace Makoto.Plugins.DevicesDetection.Detection;

/// <summary>
/// User-Agent Client Hints: what Chromium-based browsers tell beyond their frozen User-Agent. They arrive
/// as the tracker's <c>uadata</c> parameter (the JSON of <c>navigator.userAgentData.getHighEntropyValues()</c>:
/// <c>platform</c>, <c>platformVersion</c>, <c>brands</c>, <c>fullVersionList</c>, <c>mobile</c>,
/// <c>model</c>) or as the <c>Sec-CH-UA*</c> request headers.
/// </summary>
public sealed class ClientHints
{
    private ClientHints(string platform, string platformVersion, IReadOnlyList<KeyValuePair<string, string>> brands, bool mobile, string model)
    {
        Platform = platform;
        PlatformVersion = platformVersion;
        Brands = brands;
        Mobile = mobile;
        Model = model;
    }

    /// <summary>The operating system, e.g. "Windows", "macOS", "Android", "Chrome OS", "Linux".</summary>
    public string Platform { get; }

    /// <summary>The operating system version, e.g. "15.0.0" (Windows 11), "14.0.0" (Android 14).</summary>
    public string PlatformVersion { get; }

    /// <summary>Brand and version pairs, with full versions when the tracker sent them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Brands { get; }

    public bool Mobile { get; }

    /// <summary>The device model (Android), e.g. "Pixel 7"; empty elsewhere.</summary>
    public string Model { get; }

    public bool IsEmpty => Platform.Length == 0 && Brands.Count == 0 && Model.Length == 0 && !Mobile;

    /// <summary>Reads the tracker's <c>uadata</c> JSON; null when it is absent or not an object.</summary>
    public static ClientHints? FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json) || json.Length > 8192)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            // fullVersionList has full versions; brands only major ones.
            var brands = ReadBrands(root, "fullVersionList");
            if (brands.Count == 0)
            {
                brands = ReadBrands(root, "brands");
            }

            var mobile = root.TryGetProperty("mobile", out var m) && (m.ValueKind == JsonValueKind.True || (m.ValueKind == JsonValueKind.Number && m.TryGetInt32(out var n) && n == 1) || (m.ValueKind == JsonValueKind.String && m.GetString() is "1" or "true" or "?1"));
            var hints = new ClientHints(String(root, "platform"), String(root, "platformVersion"), brands, mobile, String(root, "model"));
            return hints.IsEmpty ? null : hints;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads the <c>Sec-CH-UA</c>, <c>Sec-CH-UA-Full-Version-List</c>, <c>Sec-CH-UA-Platform</c>,
    /// <c>Sec-CH-UA-Platform-Version</c>, <c>Sec-CH-UA-Mobile</c> and <c>Sec-CH-UA-Model</c> headers
    /// (structured-field syntax); null when there are none. <paramref name="header"/> is asked for each
    /// header by its lower-case name.
    /// </summary>
    public static ClientHints? FromHeaders(Func<string, string?> header)
    {
        var brands = ParseBrandList(header("sec-ch-ua-full-version-list"));
        if (brands.Count == 0)
        {
            brands = ParseBrandList(header("sec-ch-ua"));
        }

        var hints = new ClientHints(
            Unquote(header("sec-ch-ua-platform")),
            Unquote(header("sec-ch-ua-platform-version")),
            brands,
            header("sec-ch-ua-mobile")?.Trim() == "?1",
            Unquote(header("sec-ch-ua-model")));
        return hints.IsEmpty ? null : hints;
    }

    /// <summary>A canonical text of the hints, for caching detections of header-based hints.</summary>
    public string ToCacheKey()
    {
        var text = new StringBuilder(Platform).Append('\u001f').Append(PlatformVersion).Append('\u001f').Append(Mobile ? '1' : '0').Append('\u001f').Append(Model);
        foreach (var (brand, version) in Brands)
        {
            text.Append('\u001f').Append(brand).Append('/').Append(version);
        }

        return text.ToString();
    }

    private static string String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? (value.GetString() ?? "").Trim() : "";

    private static List<KeyValuePair<string, string>> ReadBrands(JsonElement root, string name)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (!root.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return result;
        }

        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object)
            {
                var brand = String(item, "brand");
                if (brand.Length > 0)
                {
                    result.Add(new(brand, String(item, "version")));
                }
            }
        }

        return result;
    }

    /// <summary>Parses <c>"Chromium";v="118", "Google Chrome";v="118"</c>.</summary>
    private static List<KeyValuePair<string, string>> ParseBrandList(string? value)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrWhiteSpace(value))
        {
            return result;
        }

        foreach (var item in value.Split(','))
        {
            var parts = item.Split(';');
            var brand = Unquote(parts[0]);
            var version = "";
            for (var i = 1; i < parts.Length; i++)
            {
                var parameter = parts[i].Trim();
                if (parameter.StartsWith("v=", StringComparison.Ordinal))
                {
                    version = Unquote(parameter[2..]);
                }
            }

            if (brand.Length > 0)
            {
                result.Add(new(brand, version));
            }
        }

        return result;
    }

    private static string Unquote(string? value)
    {
        var text = (value ?? "").Trim();
        return text.Length >= 2 && text[0] == '"' && text[^1] == '"' ? text[1..^1] : text;
    }
}
