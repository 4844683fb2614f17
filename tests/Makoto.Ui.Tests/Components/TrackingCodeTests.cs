using Bunit;
using Makoto.Web.Ui.Components;
using Makoto.Web.Ui.Services;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Makoto.Ui.Tests.Components;

public sealed class TrackingCodeTests : BunitContext
{
    public TrackingCodeTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void The_snippet_points_at_this_server_without_its_scheme_and_names_the_site()
    {
        var snippet = TrackingSnippet.JavaScript(new Uri("https://stats.example.org/analytics/"), 7);
        Assert.Contains("var u = \"//stats.example.org/analytics/\";", snippet, StringComparison.Ordinal);
        Assert.Contains("_paq.push(['setSiteId', '7']);", snippet, StringComparison.Ordinal);
        Assert.Contains("_paq.push(['setTrackerUrl', u + 'matomo.php']);", snippet, StringComparison.Ordinal);
        Assert.Contains("g.src = u + 'matomo.js';", snippet, StringComparison.Ordinal);
        Assert.Contains("<img src=\"//stats.example.org/analytics/matomo.php?idsite=7&amp;rec=1\"", snippet, StringComparison.Ordinal);
        Assert.Equal("//stats.example.org:8080/", TrackingSnippet.TrackerBase(new Uri("http://stats.example.org:8080")));
    }

    [Fact]
    public void The_copy_button_copies_the_javascript_snippet_and_says_so()
    {
        var copy = JSInterop.Setup<bool>("makoto.copy", _ => true).SetResult(true);
        var snackbar = Services.GetRequiredService<ISnackbar>();
        var component = Render<TrackingCode>(parameters => parameters.Add(p => p.IdSite, 3).Add(p => p.SiteName, "Shop"));

        var code = component.Find("[data-testid=tracking-code-js]").TextContent;
        Assert.Contains("setSiteId', '3'", code, StringComparison.Ordinal);
        Assert.Contains("var u = \"//localhost/\";", code, StringComparison.Ordinal);

        component.Find("[data-testid=copy-tracking-code]").Click();
        var call = Assert.Single(copy.Invocations);
        Assert.Equal(code, call.Arguments[0]);
        Assert.Contains(snackbar.ShownSnackbars, s => s.Message == "The tracking code is in the clipboard.");
    }

    [Fact]
    public void A_refused_copy_tells_the_user_to_copy_by_hand()
    {
        JSInterop.Setup<bool>("makoto.copy", _ => true).SetResult(false);
        var snackbar = Services.GetRequiredService<ISnackbar>();
        var component = Render<TrackingCode>(parameters => parameters.Add(p => p.IdSite, 3));
        component.Find("[data-testid=copy-tracking-code]").Click();
        Assert.Contains(snackbar.ShownSnackbars, s => s.Message?.Contains("select the code and copy it yourself", StringComparison.Ordinal) == true);
    }
}
