using System.Globalization;

namespace Makoto.Web.Ui.Services;

/// <summary>
/// The tracking code a site owner pastes into their pages: the JavaScript tracker's embed snippet (js-tracker.md §1)
/// pointing at this server, and the image tracker for visitors without JavaScript.
/// </summary>
public static class TrackingSnippet
{
    /// <summary>The server's address without its scheme (<c>//analytics.example.org/</c>), so pages on http and https both work.</summary>
    public static string TrackerBase(Uri serverBase)
    {
        var path = serverBase.AbsolutePath.EndsWith('/') ? serverBase.AbsolutePath : serverBase.AbsolutePath + "/";
        return "//" + serverBase.Authority + path;
    }

    public static string JavaScript(Uri serverBase, int idSite)
    {
        var u = TrackerBase(serverBase);
        var id = idSite.ToString(CultureInfo.InvariantCulture);
        return $$"""
            <!-- Makoto (Matomo-compatible) -->
            <script>
              var _paq = window._paq = window._paq || [];
              _paq.push(['trackPageView']);
              _paq.push(['enableLinkTracking']);
              (function() {
                var u = "{{u}}";
                _paq.push(['setTrackerUrl', u + 'matomo.php']);
                _paq.push(['setSiteId', '{{id}}']);
                var d = document, g = d.createElement('script'), s = d.getElementsByTagName('script')[0];
                g.async = true; g.src = u + 'matomo.js'; s.parentNode.insertBefore(g, s);
              })();
            </script>
            <noscript><img src="{{u}}matomo.php?idsite={{id}}&amp;rec=1" style="border:0" alt="" /></noscript>
            <!-- End Makoto code -->
            """;
    }

    /// <summary>The image tracker alone (for emails or pages without JavaScript); the server reads the page from the Referer.</summary>
    public static string Image(Uri serverBase, int idSite) =>
        $"<img src=\"{TrackerBase(serverBase)}matomo.php?idsite={idSite.ToString(CultureInfo.InvariantCulture)}&amp;rec=1\" style=\"border:0\" alt=\"\" />";
}
