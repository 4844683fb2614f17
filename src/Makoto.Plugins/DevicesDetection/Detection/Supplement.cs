namespace Makoto.Plugins.DevicesDetection.Detection;

/// <summary>
/// Makoto's additions to the pinned database, for detections that Matomo 5 makes with a newer
/// device detector than the one <c>device-detector-js</c> packages. Each entry says why.
/// </summary>
internal static class Supplement
{
    /// <summary>Operating systems missing from the pinned name table: (short code, name, family).</summary>
    public static IReadOnlyList<(string Code, string Name, string Family)> OperatingSystems { get; } =
    [
        // iPadOS (Apple's name for iOS on iPads since version 13): Matomo 5 stores IPA for iPads,
        // e.g. "operatingSystemCode==IPA;operatingSystemVersion==17.0" in the conformance corpus.
        ("IPA", "iPadOS", "iOS"),
    ];

    /// <summary>Operating system patterns tried before the database's own: (pattern, name, version template).</summary>
    public static IReadOnlyList<(string Pattern, string Name, string Version)> OperatingSystemRules { get; } =
    [
        // iPads report "CPU OS 17_0 like Mac OS X"; from version 13 on that is iPadOS.
        (@"iPad(?:; iOS|.+CPU OS) ((?:1[3-9]|[2-9][0-9])(?:[_.][0-9]+)*)", "iPadOS", "$1"),
        (@"iPad/((?:1[3-9]|[2-9][0-9])[.][0-9]+[.0-9]*)", "iPadOS", "$1"),
    ];

    /// <summary>
    /// Devices tried before the database's mobile list: (brand, pattern, device type, models as
    /// (pattern, model template, device type or null)).
    /// </summary>
    public static IReadOnlyList<(string Brand, string Pattern, string Device, IReadOnlyList<(string Pattern, string Model, string? Device)> Models)> Mobiles { get; } =
    [
        // Google's Pixel phones from the Pixel 6 (2021) on, after the pinned database: Matomo 5 stores
        // brand GO and model "Pixel 8" for "Linux; Android 14; Pixel 8" (conformance corpus, visitor log).
        (
            "Google",
            @"Pixel (?:[6-9]|Fold|Tablet)",
            "smartphone",
            [
                (@"Pixel Tablet", "Pixel Tablet", "tablet"),
                (@"Pixel Fold", "Pixel Fold", null),
                (@"Pixel ([6-9]a?(?: Pro(?: XL| Fold)?| XL)?)(?:[);/ ]|$)", "Pixel $1", null),
            ]),
    ];
}
