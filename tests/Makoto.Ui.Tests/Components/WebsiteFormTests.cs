using Makoto.Reporting.Api;
using Makoto.Web.Ui.Services;

namespace Makoto.Ui.Tests.Components;

public sealed class WebsiteFormTests
{
    [Fact]
    public void Lists_typed_one_per_line_are_sent_comma_separated_without_blanks()
    {
        var form = new WebsiteForm
        {
            Name = "  Shop ",
            Urls = "https://shop.example.org\nshop.example.net",
            Currency = "eur",
            ExcludedIps = "10.0.0.1\r\n\n 10.0.0.2 , 10.1.*",
            Ecommerce = true,
        };
        var parameters = form.Parameters().ToDictionary(p => p.Name, p => p.Value);
        Assert.Equal("Shop", parameters["siteName"]);
        Assert.Equal("https://shop.example.org\nshop.example.net", parameters["urls"]);
        Assert.Equal("EUR", parameters["currency"]);
        Assert.Equal("10.0.0.1,10.0.0.2,10.1.*", parameters["excludedIps"]);
        Assert.Equal("1", parameters["ecommerce"]);
        Assert.Equal("1", parameters["siteSearch"]);
        Assert.Equal("0", parameters["excludeUnknownUrls"]);
    }

    [Fact]
    public void A_site_loads_with_its_lists_one_per_line()
    {
        var site = new PlainObject
        {
            ["name"] = "Blog",
            ["timezone"] = "Europe/Berlin",
            ["currency"] = "EUR",
            ["ecommerce"] = 0,
            ["sitesearch"] = 1,
            ["excluded_ips"] = "1.2.3.4,5.6.7.8",
            ["excluded_user_agents"] = "bot",
        };
        var form = new WebsiteForm();
        form.Load(site, ["https://blog.example.org", "http://www.blog.example.org"]);
        Assert.Equal("https://blog.example.org\nhttp://www.blog.example.org", form.Urls);
        Assert.Equal("1.2.3.4\n5.6.7.8", form.ExcludedIps);
        Assert.Equal("bot", form.ExcludedUserAgents);
        Assert.Equal("Europe/Berlin", form.Timezone);
        Assert.False(form.Ecommerce);
        Assert.True(form.SiteSearch);
    }
}
