using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Makoto.EndToEnd.Tests.Reports;

/// <summary>
/// Goals and ecommerce reports over HTTP. A shop with a URL goal (1, revenue 10) and a manual goal
/// allowing several conversions (2, revenue 5); on Sunday 2026-10-11 visitor A looks at the home page;
/// on Monday 2026-10-12:
/// <list type="bullet">
/// <item>A comes back (a returning visit, the visitor's second, one day after the first), views the mug
/// (price 12), puts two in the cart and signs up to the newsletter (goal 2), leaving the cart.</item>
/// <item>B (new) views the green tea (4.50, categories Drinks and Tea), reaches /thanks (goal 1), orders
/// two teas and a mug (order O-1: 23.50, subtotal 21, tax 1.50, shipping 2, discount 1) and signs up
/// twice (goal 2).</item>
/// <item>C (new) views the green tea twice, once at 5.50 and once at 4.50, and buys nothing.</item>
/// </list>
/// Every expected number below is worked out by hand from this story.
/// </summary>
public sealed class GoalsReportTests : IAsyncLifetime
{
    private const string Monday = "2026-10-12";
    private TestServer _server = null!;
    private int _idSite;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _idSite = await _server.AddSiteAsync("Shop", "https://shop.example.org", extra: "&ecommerce=1");
        await AddGoal("name=Thanks&matchAttribute=url&pattern=%2Fthanks&patternType=contains&revenue=10");
        await AddGoal("name=Newsletter&matchAttribute=manually&pattern=manually&patternType=contains&revenue=5&allowMultipleConversionsPerVisit=1");

        await Hit('A', "2026-10-11T09:00:00", "url=https%3A%2F%2Fshop.example.org%2F&action_name=Home");

        await Hit('A', "2026-10-12T10:00:00", "url=https%3A%2F%2Fshop.example.org%2Fmug&action_name=Mug&_pks=MUG&_pkn=Mug&_pkc=Kitchen&_pkp=12");
        await Hit('A', "2026-10-12T10:01:00", "idgoal=0&revenue=24&ec_items=" + Items(("MUG", "Mug", "\"Kitchen\"", 12, 2)));
        await Hit('A', "2026-10-12T10:02:00", "idgoal=2");

        await Hit('B', "2026-10-12T11:00:00", "url=https%3A%2F%2Fshop.example.org%2Ftea&action_name=Tea&_pks=TEA&_pkn=Green+tea&_pkc=" + Uri.EscapeDataString("[\"Drinks\",\"Tea\"]") + "&_pkp=4.5");
        await Hit('B', "2026-10-12T11:01:00", "url=https%3A%2F%2Fshop.example.org%2Fthanks&action_name=Thanks");
        await Hit('B', "2026-10-12T11:02:00", "idgoal=0&ec_id=O-1&revenue=23.5&ec_st=21&ec_tx=1.5&ec_sh=2&ec_dt=1&ec_items="
            + Items(("TEA", "Green tea", "[\"Drinks\",\"Tea\"]", 4.5, 2), ("MUG", "Mug", "\"Kitchen\"", 12, 1)));
        await Hit('B', "2026-10-12T11:03:00", "idgoal=2");
        await Hit('B', "2026-10-12T11:04:00", "idgoal=2");

        await Hit('C', "2026-10-12T12:00:00", "url=https%3A%2F%2Fshop.example.org%2Ftea&action_name=Tea&_pks=TEA&_pkn=Green+tea&_pkc=" + Uri.EscapeDataString("[\"Drinks\",\"Tea\"]") + "&_pkp=5.5");
        await Hit('C', "2026-10-12T12:01:00", "url=https%3A%2F%2Fshop.example.org%2Ftea&action_name=Tea&_pks=TEA&_pkn=Green+tea&_pkc=" + Uri.EscapeDataString("[\"Drinks\",\"Tea\"]") + "&_pkp=4.5");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task AddGoal(string query)
    {
        var result = await _server.ApiJsonAsync($"method=Goals.addGoal&idSite={_idSite}&{query}");
        Assert.True(result.TryGetProperty("value", out _), result.ToString());
    }

    private static string Items(params (string Sku, string Name, string CategoryJson, double Price, int Quantity)[] items) =>
        Uri.EscapeDataString("[" + string.Join(",", items.Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"[\"{i.Sku}\",\"{i.Name}\",{i.CategoryJson},{i.Price},{i.Quantity}]"))) + "]");

    private async Task Hit(char visitor, string utc, string parameters)
    {
        var cdt = new DateTimeOffset(DateTime.Parse(utc, CultureInfo.InvariantCulture), TimeSpan.Zero).ToUnixTimeSeconds();
        var id = ((int)visitor).ToString("x16", CultureInfo.InvariantCulture);
        var status = await _server.TrackAsync(
            $"idsite={_idSite}&rec=1&_id={id}&cip=10.7.0.{(int)visitor}&token_auth={TestServer.Token}&cdt={cdt}&url=https%3A%2F%2Fshop.example.org%2Fcart&{parameters}");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    private Task<JsonElement> Api(string query) => _server.ApiJsonAsync($"idSite={_idSite}&filter_limit=-1&{query}");

    private static double Number(JsonElement row, string column) => row.GetProperty(column).GetDouble();

    private static Dictionary<string, JsonElement> ByLabel(JsonElement rows) =>
        rows.EnumerateArray().ToDictionary(r => r.GetProperty("label").GetString()!);

    [Fact]
    public async Task Goals_get_reports_all_goals_for_all_new_and_returning_visits()
    {
        var get = await Api($"method=Goals.get&period=day&date={Monday}");

        // Conversions of every goal but abandoned carts: A's sign-up, B's goal 1, order and two sign-ups.
        Assert.Equal(5, Number(get, "nb_conversions"));
        Assert.Equal(2, Number(get, "nb_visits_converted"));
        Assert.Equal(5 + 10 + 23.5 + 10, Number(get, "revenue"));

        // New visits: B and C, B converted; returning: A.
        Assert.Equal(4, Number(get, "nb_conversions_new_visit"));
        Assert.Equal(1, Number(get, "nb_visits_converted_new_visit"));
        Assert.Equal(10 + 23.5 + 10, Number(get, "revenue_new_visit"));
        Assert.Equal(1, Number(get, "nb_conversions_returning_visit"));
        Assert.Equal(5, Number(get, "revenue_returning_visit"));

        // Converted visits over visits, in each slice: 2 of 3, 1 of 2, 1 of 1.
        Assert.Equal("66.67%", get.GetProperty("conversion_rate").GetString());
        Assert.Equal("50%", get.GetProperty("conversion_rate_new_visit").GetString());
        Assert.Equal("100%", get.GetProperty("conversion_rate_returning_visit").GetString());
        Assert.False(get.TryGetProperty("nb_visits", out _));
    }

    [Fact]
    public async Task Goals_get_can_show_every_goal_and_restrict_its_columns()
    {
        var all = await Api($"method=Goals.get&period=day&date={Monday}&showAllGoalSpecificMetrics=1");
        Assert.Equal(1, Number(all, "goal_1_nb_conversions"));
        Assert.Equal(3, Number(all, "goal_2_nb_conversions"));
        Assert.Equal(3, Number(all, "nb_visits"));
        Assert.Equal("33.33%", all.GetProperty("goal_1_conversion_rate").GetString()); // B of the three visits
        Assert.Equal("66.67%", all.GetProperty("goal_2_conversion_rate").GetString()); // A and B
        Assert.Equal(2, Number(all, "goal_2_nb_conversions_new_visit"));
        Assert.Equal(2, Number(all, "nb_visits_new_visit"));
        Assert.Equal("100%", all.GetProperty("goal_2_conversion_rate_returning_visit").GetString());

        var some = await Api($"method=Goals.get&period=day&date={Monday}&columns=nb_conversions,conversion_rate&format_metrics=0");
        Assert.Equal(
            ["nb_conversions", "conversion_rate", "nb_conversions_new_visit", "conversion_rate_new_visit", "nb_conversions_returning_visit", "conversion_rate_returning_visit"],
            some.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0.6667, Number(some, "conversion_rate"));
    }

    [Fact]
    public async Task Goals_get_reports_one_goal_orders_and_abandoned_carts()
    {
        var newsletter = await Api($"method=Goals.get&period=day&date={Monday}&idGoal=2");
        Assert.Equal(3, Number(newsletter, "nb_conversions"));
        Assert.Equal(2, Number(newsletter, "nb_visits_converted"));
        Assert.Equal(15, Number(newsletter, "revenue"));
        Assert.Equal(2, Number(newsletter, "nb_conversions_new_visit"));
        Assert.Equal(1, Number(newsletter, "nb_conversions_returning_visit"));
        Assert.Equal("66.67%", newsletter.GetProperty("conversion_rate").GetString());
        Assert.False(newsletter.TryGetProperty("items", out _));
        Assert.False(newsletter.TryGetProperty("avg_order_revenue", out _));

        var orders = await Api($"method=Goals.get&period=day&date={Monday}&idGoal=ecommerceOrder");
        Assert.Equal(1, Number(orders, "nb_conversions"));
        Assert.Equal(23.5, Number(orders, "revenue"));
        Assert.Equal(21, Number(orders, "revenue_subtotal"));
        Assert.Equal(1.5, Number(orders, "revenue_tax"));
        Assert.Equal(2, Number(orders, "revenue_shipping"));
        Assert.Equal(1, Number(orders, "revenue_discount"));
        Assert.Equal(3, Number(orders, "items"));
        Assert.Equal(23.5, Number(orders, "avg_order_revenue"));
        Assert.Equal("33.33%", orders.GetProperty("conversion_rate").GetString());
        Assert.Equal(0, Number(orders, "nb_conversions_returning_visit"));
        Assert.Equal(0, Number(orders, "avg_order_revenue_returning_visit"));

        // A's cart: in the returning slice too, since A's visit converted (goal 2).
        var carts = await Api($"method=Goals.get&period=day&date={Monday}&idGoal=ecommerceAbandonedCart");
        Assert.Equal(1, Number(carts, "nb_conversions"));
        Assert.Equal(24, Number(carts, "revenue"));
        Assert.Equal(2, Number(carts, "items"));
        Assert.Equal(24, Number(carts, "avg_order_revenue"));
        Assert.Equal(1, Number(carts, "nb_conversions_returning_visit"));
        Assert.Equal(0, Number(carts, "nb_conversions_new_visit"));
        Assert.False(carts.TryGetProperty("revenue_subtotal", out _));
    }

    [Fact]
    public async Task A_month_sums_its_days()
    {
        // Sunday had one visit (A's first, new, no conversion); Monday adds three visits and all conversions.
        var month = await Api("method=Goals.get&period=month&date=2026-10-01");
        Assert.Equal(5, Number(month, "nb_conversions"));
        Assert.Equal(48.5, Number(month, "revenue"));
        Assert.Equal(4, Number(month, "nb_conversions_new_visit"));
        Assert.Equal("50%", month.GetProperty("conversion_rate").GetString()); // 2 of 4 visits
        Assert.Equal("33.33%", month.GetProperty("conversion_rate_new_visit").GetString()); // B of A's first, B and C

        var sunday = await Api("method=Goals.get&period=day&date=2026-10-11");
        Assert.Equal(0, Number(sunday, "nb_conversions"));
        Assert.Equal(0, Number(sunday, "revenue"));
    }

    [Fact]
    public async Task Ordered_items_by_sku_carry_the_product_views()
    {
        var rows = ByLabel(await Api($"method=Goals.getItemsSku&period=day&date={Monday}"));
        Assert.Equal(["MUG", "TEA"], rows.Keys); // by revenue: 12, then 9

        var mug = rows["MUG"];
        Assert.Equal(12, Number(mug, "revenue"));
        Assert.Equal(1, Number(mug, "quantity"));
        Assert.Equal(1, Number(mug, "orders"));
        Assert.Equal(1, Number(mug, "nb_visits")); // A's product page view
        Assert.Equal("productSku==MUG", mug.GetProperty("segment").GetString());
        Assert.False(mug.TryGetProperty("price", out _));
        Assert.Equal(12, Number(mug, "avg_price"));
        Assert.Equal(1, Number(mug, "avg_quantity"));
        Assert.Equal("100%", mug.GetProperty("conversion_rate").GetString());

        // Two teas in the order; three tea page views in two visits (B once, C twice).
        var tea = rows["TEA"];
        Assert.Equal(9, Number(tea, "revenue"));
        Assert.Equal(2, Number(tea, "quantity"));
        Assert.Equal(2, Number(tea, "nb_visits"));
        Assert.Equal(2, Number(tea, "nb_uniq_visitors"));
        Assert.Equal(3, Number(tea, "nb_actions"));
        Assert.Equal(4.5, Number(tea, "avg_price")); // the sold price, not the viewed one
        Assert.Equal(2, Number(tea, "avg_quantity"));
        Assert.Equal("50%", tea.GetProperty("conversion_rate").GetString()); // one order, two visits
    }

    [Fact]
    public async Task Abandoned_carts_count_visits_and_show_the_viewed_price_of_unsold_items()
    {
        var rows = ByLabel(await Api($"method=Goals.getItemsSku&period=day&date={Monday}&abandonedCarts=1"));

        var mug = rows["MUG"];
        Assert.Equal(24, Number(mug, "revenue"));
        Assert.Equal(2, Number(mug, "quantity"));
        Assert.Equal(1, Number(mug, "abandoned_carts"));
        Assert.False(mug.TryGetProperty("orders", out _));
        Assert.Equal(12, Number(mug, "avg_price"));
        Assert.Equal(2, Number(mug, "avg_quantity"));
        Assert.Equal("100%", mug.GetProperty("conversion_rate").GetString());

        // Tea was never left in a cart: views only, with the average viewed price (4.50, 5.50, 4.50 → 4.83).
        var tea = rows["TEA"];
        Assert.False(tea.TryGetProperty("revenue", out _));
        Assert.Equal(3, Number(tea, "nb_actions"));
        Assert.Equal(4.83, Number(tea, "avg_price"));
        Assert.Equal(0, Number(tea, "avg_quantity"));
        Assert.Equal("0%", tea.GetProperty("conversion_rate").GetString());
    }

    [Fact]
    public async Task Categories_take_every_category_of_an_item()
    {
        var rows = ByLabel(await Api($"method=Goals.getItemsCategory&period=day&date={Monday}"));
        Assert.Equal(["Drinks", "Kitchen", "Tea"], rows.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(9, Number(rows["Drinks"], "revenue"));
        Assert.Equal(9, Number(rows["Tea"], "revenue")); // the tea's second category
        Assert.Equal(3, Number(rows["Tea"], "nb_actions"));
        Assert.Equal(12, Number(rows["Kitchen"], "revenue"));
        Assert.Equal("productCategory==Kitchen", rows["Kitchen"].GetProperty("segment").GetString());

        var names = ByLabel(await Api($"method=Goals.getItemsName&period=day&date={Monday}"));
        Assert.Equal("productName==Green+tea", names["Green tea"].GetProperty("segment").GetString());
    }

    [Fact]
    public async Task A_month_of_items_sums_the_daily_unique_visitors()
    {
        var rows = ByLabel(await Api("method=Goals.getItemsSku&period=month&date=2026-10-01"));
        var tea = rows["TEA"];
        Assert.Equal(9, Number(tea, "revenue"));
        Assert.Equal(2, Number(tea, "sum_daily_nb_uniq_visitors"));
        Assert.False(tea.TryGetProperty("nb_uniq_visitors", out _));
    }

    [Fact]
    public async Task Conversions_by_visit_count_and_days_since_the_first_visit()
    {
        // Goal 2: B's two sign-ups in B's first visit on its first day, A's in A's second visit one day after A's first.
        var visits = await Api($"method=Goals.getVisitsUntilConversion&period=day&date={Monday}&idGoal=2");
        var labels = visits.EnumerateArray().Select(r => r.GetProperty("label").GetString()).ToList();
        Assert.Equal(["1 visit", "2 visits", "3 visits", "4 visits", "5 visits", "6 visits", "7 visits", "8 visits", "9-14 visits", "15-25 visits", "26-50 visits", "51-100 visits", "101+ visits"], labels);
        Assert.Equal("2", visits[0].GetProperty("nb_conversions").GetString()); // one goal's counts are SQL sums: text
        Assert.Equal("1", visits[1].GetProperty("nb_conversions").GetString());

        var days = await Api($"method=Goals.getDaysToConversion&period=day&date={Monday}&idGoal=2");
        Assert.Equal("0 days", days[0].GetProperty("label").GetString());
        Assert.Equal("2", days[0].GetProperty("nb_conversions").GetString());
        Assert.Equal("1 day", days[1].GetProperty("label").GetString());
        Assert.Equal("1", days[1].GetProperty("nb_conversions").GetString());
        Assert.Equal("365+ days", days[days.GetArrayLength() - 1].GetProperty("label").GetString());

        // All goals (1 and 2, not ecommerce): B's goal 1 joins the first visit; summed over goals, so numbers.
        var all = await Api($"method=Goals.getVisitsUntilConversion&period=day&date={Monday}");
        Assert.Equal(3, all[0].GetProperty("nb_conversions").GetInt32());
        Assert.Equal(1, all[1].GetProperty("nb_conversions").GetInt32());

        var carts = await Api($"method=Goals.getDaysToConversion&period=day&date={Monday}&idGoal=ecommerceAbandonedCart");
        Assert.Equal("1", carts[1].GetProperty("nb_conversions").GetString());

        // A week merges the days into numbers.
        var week = await Api($"method=Goals.getVisitsUntilConversion&period=week&date={Monday}&idGoal=2");
        Assert.Equal(2, week[0].GetProperty("nb_conversions").GetInt32());
    }

    [Fact]
    public async Task Product_reports_need_ecommerce()
    {
        var blog = await _server.AddSiteAsync("Blog", "https://blog.example.org");
        var answer = await _server.ApiJsonAsync($"method=Goals.getItemsSku&idSite={blog}&period=day&date={Monday}");
        Assert.Equal("error", answer.GetProperty("result").GetString());
        Assert.Contains("ecommerce", answer.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
    }
}
