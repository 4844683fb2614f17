using System.Net;

namespace Makoto.EndToEnd.Tests;

/// <summary>
/// Each action type of the tracking API sent over HTTP and read back from log_link_visit_action and
/// log_action (tracking-api.md §2.4–2.8, §8, §9).
/// </summary>
public sealed class ActionStorageTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private int _idSite;
    private int _visitor;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _idSite = await _server.AddSiteAsync("Actions", "https://www.example.org", extra: "&excludedQueryParameters=sessionkey");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    /// <summary>Sends one hit of a new visitor and returns its action row joined with the names of its log_action ids.</summary>
    private async Task<Dictionary<string, object?>> Action(string parameters, string? storedVisitorId = null)
    {
        var visitor = (++_visitor).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.OK, await _server.TrackAsync($"idsite={_idSite}&rec=1&_id={visitor}&ua=Agent{_visitor}&cip=10.1.{_visitor / 256}.{_visitor % 256}&token_auth={TestServer.Token}&{parameters}"));
        var rows = LogTables.Query(_server, $"""
            SELECT l.*, u.name AS url_name, u.type AS url_type, u.url_prefix AS url_prefix, n.name AS name_name, n.type AS name_type,
                   ec.name AS event_category, ea.name AS event_action, cn.name AS content_name, cp.name AS content_piece,
                   ct.name AS content_target, ci.name AS content_interaction, ps.name AS product_sku, pn.name AS product_name,
                   pc.name AS product_cat, pc2.name AS product_cat2
            FROM log_link_visit_action l
            JOIN log_visit v ON v.idvisit = l.idvisit
            LEFT JOIN log_action u ON u.idaction = l.idaction_url
            LEFT JOIN log_action n ON n.idaction = l.idaction_name
            LEFT JOIN log_action ec ON ec.idaction = l.idaction_event_category
            LEFT JOIN log_action ea ON ea.idaction = l.idaction_event_action
            LEFT JOIN log_action cn ON cn.idaction = l.idaction_content_name
            LEFT JOIN log_action cp ON cp.idaction = l.idaction_content_piece
            LEFT JOIN log_action ct ON ct.idaction = l.idaction_content_target
            LEFT JOIN log_action ci ON ci.idaction = l.idaction_content_interaction
            LEFT JOIN log_action ps ON ps.idaction = l.idaction_product_sku
            LEFT JOIN log_action pn ON pn.idaction = l.idaction_product_name
            LEFT JOIN log_action pc ON pc.idaction = l.idaction_product_cat
            LEFT JOIN log_action pc2 ON pc2.idaction = l.idaction_product_cat2
            WHERE hex(v.idvisitor) = '{(storedVisitorId ?? visitor).ToUpperInvariant()}'
            """);
        return Assert.Single(rows);
    }

    private Dictionary<string, object?> Visit(string column) =>
        LogTables.Query(_server, $"SELECT {column} FROM log_visit ORDER BY idvisit DESC LIMIT 1")[0];

    [Fact]
    public async Task Page_view_stores_url_without_prefix_and_excluded_parameters_and_the_title()
    {
        var row = await Action("url=https%3A%2F%2FWWW.Example.org%2FShop%2FTea%3Fcolor%3Dgreen%26utm_source%3Dnews%26gclid%3Dx%26SessionKey%3D9%23reviews&action_name=%20Green%20tea%20%0A&pv_id=Ab12Cd&pf_net=12&pf_srv=45&pf_tfr=3&pf_dm1=100&pf_dm2=20&pf_onl=5");
        Assert.Equal("example.org/Shop/Tea?color=green", row["url_name"]); // host lower-cased, campaign/global/site parameters and fragment removed
        Assert.Equal(1L, row["url_type"]);
        Assert.Equal(3L, row["url_prefix"]); // https://www.
        Assert.Equal("Green tea", row["name_name"]);
        Assert.Equal(4L, row["name_type"]);
        Assert.Equal("Ab12Cd", row["idpageview"]);
        Assert.Equal(12L, row["time_network"]);
        Assert.Equal(45L, row["time_server"]);
        Assert.Equal(3L, row["time_transfer"]);
        Assert.Equal(100L, row["time_dom_processing"]);
        Assert.Equal(20L, row["time_dom_completion"]);
        Assert.Equal(5L, row["time_on_load"]);
        Assert.Equal(1L, row["pageview_position"]);
    }

    [Fact]
    public async Task A_negative_timing_is_rejected()
    {
        Assert.Equal(HttpStatusCode.BadRequest, await _server.TrackAsync($"idsite={_idSite}&rec=1&url=https%3A%2F%2Fwww.example.org%2F&pf_net=-5"));
    }

    [Fact]
    public async Task Site_search_from_the_url_and_from_parameters()
    {
        var fromUrl = await Action("url=https%3A%2F%2Fwww.example.org%2Fsearch%3Fq%3DGreen%2BTea%26page%3D2&action_name=Search");
        Assert.Null(fromUrl["idaction_url"]);
        Assert.Equal("Green Tea", fromUrl["name_name"]);
        Assert.Equal(8L, fromUrl["name_type"]);
        Assert.Equal(1L, Visit("visit_total_searches")["visit_total_searches"]);

        var explicitSearch = await Action("url=https%3A%2F%2Fwww.example.org%2F&search=mugs&search_cat=Kitchen&search_count=0");
        Assert.Equal("mugs", explicitSearch["name_name"]);
        Assert.Equal("Kitchen", explicitSearch["search_cat"]);
        Assert.Equal(0L, explicitSearch["search_count"]);
    }

    [Fact]
    public async Task Event_stores_category_action_name_value_and_page_url()
    {
        var row = await Action("url=https%3A%2F%2Fwww.example.org%2Fvideo&e_c=%20Video%20&e_a=Play&e_n=Intro&e_v=12.5");
        Assert.Equal("Video", row["event_category"]);
        Assert.Equal("Play", row["event_action"]);
        Assert.Equal("Intro", row["name_name"]);
        Assert.Equal(12L, row["name_type"]);
        Assert.Equal(12.5, row["custom_float"]);
        Assert.Equal("example.org/video", row["url_name"]);

        // Matomo stores an event's URL under the event type (10), apart from the page views' URL entries.
        Assert.Equal(10L, row["url_type"]);
        Assert.Equal(3L, row["url_prefix"]);
        var visit = Visit("visit_total_actions, visit_total_events, visit_total_interactions");
        Assert.Equal(1L, visit["visit_total_actions"]);
        Assert.Equal(1L, visit["visit_total_events"]);
        Assert.Equal(0L, visit["visit_total_interactions"]);
    }

    [Fact]
    public async Task Content_impression_and_interaction_are_not_counted_as_actions()
    {
        var impression = await Action("url=https%3A%2F%2Fwww.example.org%2F&c_n=Hero&c_p=%2Fimg%2Fhero.jpg&c_t=https%3A%2F%2Fwww.example.org%2Fsale");
        Assert.Equal("Hero", impression["content_name"]);
        Assert.Equal("/img/hero.jpg", impression["content_piece"]);
        Assert.Equal("https://www.example.org/sale", impression["content_target"]);
        Assert.Null(impression["content_interaction"]);

        // A content's URL is stored whole, under the content type (13) and without a prefix code, as Matomo does.
        Assert.Equal("https://www.example.org/", impression["url_name"]);
        Assert.Equal(13L, impression["url_type"]);
        Assert.Null(impression["url_prefix"]);
        Assert.Equal(0L, Visit("visit_total_actions")["visit_total_actions"]);

        var interaction = await Action("url=https%3A%2F%2Fwww.example.org%2F&c_n=Hero&c_p=%2Fimg%2Fhero.jpg&c_i=click");
        Assert.Equal("click", interaction["content_interaction"]);
    }

    [Fact]
    public async Task Download_and_outlink_keep_the_full_url_without_prefix_splitting()
    {
        var download = await Action("url=https%3A%2F%2Fwww.example.org%2F&download=https%3A%2F%2Fcdn.example.org%2Ffiles%2Fa.pdf%3Fv%3D2");
        Assert.Equal("https://cdn.example.org/files/a.pdf?v=2", download["url_name"]);
        Assert.Equal(3L, download["url_type"]);
        Assert.Null(download["url_prefix"]);

        var outlink = await Action("url=https%3A%2F%2Fwww.example.org%2F&link=https%3A%2F%2Fpartner.example.net%2F");
        Assert.Equal("https://partner.example.net/", outlink["url_name"]);
        Assert.Equal(2L, outlink["url_type"]);
    }

    [Fact]
    public async Task Download_wins_over_event_and_page_view_when_both_are_sent()
    {
        var row = await Action("url=https%3A%2F%2Fwww.example.org%2F&download=https%3A%2F%2Fwww.example.org%2Fa.zip&e_c=C&e_a=A");
        Assert.Equal(3L, row["url_type"]);
        Assert.Null(row["event_category"]);
    }

    [Fact]
    public async Task Product_page_view_stores_sku_name_categories_and_price()
    {
        var categories = Uri.EscapeDataString("[\"Tea\",\"Green\"]");
        var row = await Action($"url=https%3A%2F%2Fwww.example.org%2Fp%2F1&action_name=Sencha&_pks=SKU-1&_pkn=Sencha&_pkc={categories}&_pkp=12.345");
        Assert.Equal("SKU-1", row["product_sku"]);
        Assert.Equal("Sencha", row["product_name"]);
        Assert.Equal("Tea", row["product_cat"]);
        Assert.Equal("Green", row["product_cat2"]);
        Assert.Equal(12.35, row["product_price"]);
    }

    [Fact]
    public async Task A_custom_action_nobody_handles_is_rejected()
    {
        Assert.Equal(HttpStatusCode.BadRequest, await _server.TrackAsync($"idsite={_idSite}&rec=1&url=https%3A%2F%2Fwww.example.org%2F&ca=1"));
    }

    [Fact]
    public async Task Visit_columns_from_the_request()
    {
        // The User ID replaces the visitor id: SHA-1("user@example.org") begins with 547e41ffe2031bcd.
        await Action("url=https%3A%2F%2Fwww.example.org%2F&res=1920x1080&h=23&m=5&s=9&lang=de-DE%2Cde%3Bq%3D0.9&cookie=1&pdf=1&fla=0&uid=user%40example.org", "547e41ffe2031bcd");
        var visit = Visit("config_resolution, visitor_localtime, location_browser_lang, config_cookie, config_pdf, config_flash, user_id, hex(idvisitor) AS id, profilable");
        Assert.Equal("1920x1080", visit["config_resolution"]);
        Assert.Equal("23:05:09", visit["visitor_localtime"]);
        Assert.Equal("de-de", visit["location_browser_lang"]); // only the first language is stored, as Matomo does
        Assert.Equal(1L, visit["config_cookie"]);
        Assert.Equal(1L, visit["config_pdf"]);
        Assert.Equal(0L, visit["config_flash"]);
        Assert.Equal("user@example.org", visit["user_id"]);
        Assert.Equal("547E41FFE2031BCD", visit["id"]);
        Assert.Equal(1L, visit["profilable"]);
    }
}
