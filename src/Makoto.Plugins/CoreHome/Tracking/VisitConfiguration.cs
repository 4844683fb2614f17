using Makoto.Tracking.Pipeline;

namespace Makoto.Plugins.CoreHome.Tracking;

/// <summary>
/// The visitor's configuration columns: screen resolution, browser plugins and cookie support,
/// local time and browser language (tracking-api.md §2.2).
/// </summary>
internal sealed class VisitConfiguration : ITrackingProcessor
{
    private static readonly Makoto.Core.Caching.StringMemo<string> s_storedLanguages = new(raw =>
    {
        var cleaned = BrowserLanguage(raw);
        return cleaned.Length == 0 ? "" : UserLanguage.BrowserLanguages.LanguageAndRegion(cleaned);
    });

    private static readonly Makoto.Core.Caching.StringMemo<string> s_browserLanguages = new(Clean);

    private const int MaxResolutionLength = 18;
    private const int MaxLanguageLength = 20;

    public string Name => "visit-configuration";

    public int Order => TrackingStage.Device + 50;

    public void Process(HitContext hit)
    {
        var request = hit.Request;
        var visit = hit.Visit;
        var res = request["res"];
        visit.ConfigResolution = IsResolution(res) ? res![..Math.Min(res!.Length, MaxResolutionLength)] : "unknown";
        visit.ConfigFlash = Flag(request["fla"]);
        visit.ConfigJava = Flag(request["java"]);
        visit.ConfigQuicktime = Flag(request["qt"]);
        visit.ConfigRealplayer = Flag(request["realp"]);
        visit.ConfigPdf = Flag(request["pdf"]);
        visit.ConfigWindowsmedia = Flag(request["wma"]);
        visit.ConfigSilverlight = Flag(request["ag"]);
        visit.ConfigCookie = Flag(request["cookie"]);
        visit.VisitorLocaltime = request.LocalTime;
        visit.LocationBrowserLang = StoredLanguage(request.BrowserLanguage);
    }

    /// <summary>
    /// What Matomo stores in <c>location_browser_lang</c>: for privacy only the first usable language of
    /// the list, with its region (<c>de-DE,de;q=0.9,en;q=0.5</c> → <c>de-de</c>); <c>xx</c> when none is
    /// a known language, empty when the browser sent none.
    /// </summary>
    public static string StoredLanguage(string raw) => s_storedLanguages.Get(raw);

    /// <summary>
    /// Matomo's cleaning of Accept-Language: spaces, quality values and parenthesized parts removed,
    /// lower case, at most 20 characters (e.g. <c>de-DE,de;q=0.9</c> → <c>de-de,de</c>).
    /// </summary>
    public static string BrowserLanguage(string raw) => s_browserLanguages.Get(raw);

    private static string Clean(string raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return "";
        }

        var result = new System.Text.StringBuilder(raw.Length);
        var depth = 0;
        var skippingQuality = false;
        foreach (var c in raw)
        {
            if (c == '(')
            {
                depth++;
                continue;
            }

            if (c == ')')
            {
                depth = Math.Max(0, depth - 1);
                continue;
            }

            if (depth > 0 || char.IsWhiteSpace(c))
            {
                continue;
            }

            if (c == ';')
            {
                skippingQuality = true;
                continue;
            }

            if (c == ',')
            {
                skippingQuality = false;
            }

            if (!skippingQuality)
            {
                result.Append(char.ToLowerInvariant(c));
            }
        }

        var text = result.ToString();
        return text.Length > MaxLanguageLength ? text[..MaxLanguageLength] : text;
    }

    private static bool IsResolution(string? res)
    {
        if (string.IsNullOrEmpty(res))
        {
            return false;
        }

        var x = res.IndexOf('x', StringComparison.Ordinal);
        return x > 0 && x < res.Length - 1 && res.AsSpan(0, x).IndexOfAnyExceptInRange('0', '9') < 0
            && res.AsSpan(x + 1).IndexOfAnyExceptInRange('0', '9') < 0;
    }

    private static int Flag(string? value) => value == "1" ? 1 : 0;
}
