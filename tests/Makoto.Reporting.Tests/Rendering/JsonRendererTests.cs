using System.Text.Json;
using Makoto.Core.DataTables;
using Makoto.Reporting.Api;
using Makoto.Reporting.Rendering;

namespace Makoto.Reporting.Tests.Rendering;

/// <summary>
/// <c>format=json</c> against spec §4.1–4.4 and the corpus. Expected strings are exact; where
/// System.Text.Json escapes a character that PHP's json_encode leaves alone (or the other way round),
/// the test checks what a JSON parser reads back instead.
/// </summary>
public class JsonRendererTests
{
    private static readonly JsonRenderer s_renderer = new();

    private static string Render(object result, RenderOptions? options = null) =>
        s_renderer.Render(result, options ?? new RenderOptions()).BodyText;

    [Fact]
    public void Simple_table_is_one_object_of_metrics_as_in_the_corpus()
    {
        var response = s_renderer.Render(Results.VisitsSummary(), new RenderOptions());

        Assert.Equal(
            """{"nb_uniq_visitors":95,"nb_users":3,"nb_visits":136,"nb_actions":550,"nb_visits_converted":37,"bounce_count":28,"sum_visit_length":43537,"max_actions":16,"bounce_rate":"21%","nb_actions_per_visit":4,"avg_time_on_site":320}""",
            response.BodyText);
        Assert.Equal("application/json; charset=utf-8", response.ContentType);
        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public void Empty_simple_table_is_an_empty_array()
    {
        Assert.Equal("[]", Render(Results.EmptySimple()));
    }

    [Fact]
    public void Empty_list_table_is_an_empty_array()
    {
        Assert.Equal("[]", Render(Results.List()));
    }

    [Fact]
    public void List_table_rows_hold_columns_then_nested_goals_then_metadata_then_idsubdatatable()
    {
        Assert.Equal(
            "[" +
            """{"label":"Direct Entry","nb_visits":48,"nb_actions":179,"goals":{"idgoal=ecommerceOrder":{"nb_conversions":3,"revenue":210.26},"idgoal=1":{"nb_conversions":3,"revenue":36}},"nb_conversions":6,"revenue":246.26,"segment":"referrerType==direct","referrer_type":1},""" +
            """{"label":"Search Engines","nb_visits":45,"nb_actions":193,"goals":{"idgoal=1":{"nb_conversions":2,"revenue":24},"idgoal=2":{"nb_conversions":7,"revenue":21}},"nb_conversions":9,"revenue":45,"segment":"referrerType==search","referrer_type":2,"idsubdatatable":2}""" +
            "]",
            Render(Results.ReferrerTypes()));
    }

    [Fact]
    public void Rows_with_subtables_carry_idsubdatatable_but_no_subtable_unless_expanded()
    {
        Assert.Equal(
            "[" +
            """{"label":"blog","nb_visits":12,"nb_hits":20,"segment":"pageUrl=^https%253A%252F%252Fexample.org%252Fblog%252F","idsubdatatable":7},""" +
            """{"label":"/index","nb_visits":30,"nb_hits":41,"url":"https://example.org/","segment":"pageUrl==https%253A%252F%252Fexample.org%252F"}""" +
            "]",
            Render(Results.PageUrlsWithSubtables()));
    }

    [Fact]
    public void Expanded_puts_each_subtable_after_idsubdatatable_at_every_level()
    {
        Assert.Equal(
            "[" +
            """{"label":"blog","nb_visits":12,"nb_hits":20,"segment":"pageUrl=^https%253A%252F%252Fexample.org%252Fblog%252F","idsubdatatable":7,"subtable":[""" +
            """{"label":"/my-post","nb_visits":5,"nb_hits":8,"url":"https://example.org/blog/my-post"},""" +
            """{"label":"2024","nb_visits":2,"nb_hits":3,"idsubdatatable":9,"subtable":[{"label":"/archive","nb_visits":2,"nb_hits":3,"url":"https://example.org/blog/2024/archive"}]}""" +
            "]}," +
            """{"label":"/index","nb_visits":30,"nb_hits":41,"url":"https://example.org/","segment":"pageUrl==https%253A%252F%252Fexample.org%252F"}""" +
            "]",
            Render(Results.PageUrlsWithSubtables(), new RenderOptions { Expanded = true }));
    }

    [Fact]
    public void Flat_hides_idsubdatatable()
    {
        Assert.Equal(
            "[" +
            """{"label":"blog","nb_visits":12,"nb_hits":20,"segment":"pageUrl=^https%253A%252F%252Fexample.org%252Fblog%252F"},""" +
            """{"label":"/index","nb_visits":30,"nb_hits":41,"url":"https://example.org/","segment":"pageUrl==https%253A%252F%252Fexample.org%252F"}""" +
            "]",
            Render(Results.PageUrlsWithSubtables(), new RenderOptions { HideIdSubtable = true }));
    }

    [Fact]
    public void Multi_period_map_is_an_object_keyed_by_date_with_an_empty_array_for_a_day_without_data()
    {
        Assert.Equal(
            """{"2024-05-01":{"nb_visits":33,"nb_actions":90,"bounce_rate":"45%","nb_actions_per_visit":2.7},"2024-05-02":[],"2024-05-03":{"nb_visits":45,"nb_actions":131,"bounce_rate":"42%","nb_actions_per_visit":2.9}}""",
            Render(Results.ThreeDays()));
    }

    [Fact]
    public void Multi_period_map_of_list_tables_holds_arrays()
    {
        Assert.Equal(
            """{"2024-05-01":[{"label":"Direct Entry","nb_visits":22},{"label":"Websites","nb_visits":3}],"2024-05-02":[]}""",
            Render(Results.TwoDaysOfReferrerTypes()));
    }

    [Fact]
    public void Multi_site_map_of_multi_period_maps_nests_dates_inside_site_ids()
    {
        Assert.Equal(
            """{"1":{"2024-05-01":{"nb_visits":3,"nb_actions":5},"2024-05-02":[]},"3":{"2024-05-01":{"nb_visits":7,"nb_actions":9},"2024-05-02":{"nb_visits":1,"nb_actions":1}}}""",
            Render(Results.TwoSitesTwoDays()));
    }

    [Fact]
    public void Single_values_inside_a_map_are_bare_scalars()
    {
        // Spec 5.2: VisitsSummary.getVisits&idSite=1,3 → {"1":45,"3":7}.
        Assert.Equal("""{"1":45,"3":7}""", Render(Results.VisitsPerSite()));
    }

    [Fact]
    public void Single_value_is_an_object_with_value()
    {
        Assert.Equal("""{"value":4}""", Render(new ApiValue(4)));
    }

    [Fact]
    public void Single_value_false_stays_a_boolean()
    {
        // SitesManager.getSearchCategoryParametersGlobal in the corpus' setup.json.
        Assert.Equal("""{"value":false}""", Render(new ApiValue(false)));
    }

    [Fact]
    public void Success_is_result_success_message_ok()
    {
        Assert.Equal("""{"result":"success","message":"ok"}""", Render(ApiSuccess.Instance));
    }

    [Fact]
    public void Plain_object_is_written_as_it_is()
    {
        Assert.Equal(
            """{"idsite":4,"name":"Conformance","main_url":"http://shop.example.org","ecommerce":1,"sitesearch_keyword_parameters":"","currency":"EUR"}""",
            Render(Results.Site()));
    }

    [Fact]
    public void List_of_plain_objects_is_an_array_of_objects()
    {
        Assert.Equal(
            """[{"idsite":4,"idgoal":1,"name":"Order confirmation page","revenue":12},{"idsite":4,"idgoal":3,"name":"Delivery info viewed","revenue":1.5}]""",
            Render(Results.Goals()));
    }

    [Fact]
    public void List_of_ints_is_an_array_of_numbers()
    {
        Assert.Equal("[1,3,4]", Render(Results.SiteIds()));
    }

    [Fact]
    public void Empty_list_is_an_empty_array()
    {
        Assert.Equal("[]", Render(new List<object?>()));
    }

    [Fact]
    public void Integral_doubles_are_integers_and_other_doubles_keep_every_digit()
    {
        // README of the corpus: "avg_price":239.96999999999997, "nb_conversions_attrib":0.41669999999999996, "revenue":384.
        Assert.Equal(
            """{"avg_price":239.96999999999997,"revenue":384,"nb_conversions_attrib":0.41669999999999996,"revenue_tax":418.34000000000003,"sum":10000000000,"difference":-12.5}""",
            Render(Results.Numbers()));
    }

    [Fact]
    public void Null_column_is_null()
    {
        Assert.Equal("""{"label":null}""", Render(Results.Simple(("label", null))));
    }

    [Fact]
    public void Special_characters_in_text_read_back_unchanged()
    {
        const string Label = "/?mtm_source=partner&mtm_medium=affiliate <\"x\"> 'y' + é \\ /";
        var table = Results.List(new DataRow { Columns = { ["label"] = Label } });

        using var json = JsonDocument.Parse(Render(table));

        Assert.Equal(Label, json.RootElement[0].GetProperty("label").GetString());
    }

    [Fact]
    public void Error_is_result_error_with_the_message()
    {
        var response = s_renderer.RenderError(
            "Unable to authenticate with the provided token. It is either invalid or expired.", 401, new RenderOptions());

        Assert.Equal(
            """{"result":"error","message":"Unable to authenticate with the provided token. It is either invalid or expired."}""",
            response.BodyText);
        Assert.Equal(401, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.ContentType);
    }

    [Fact]
    public void Error_message_newlines_become_spaces()
    {
        var response = s_renderer.RenderError("first line\nsecond line\r\nthird line", 200, new RenderOptions());

        Assert.Equal("""{"result":"error","message":"first line second line third line"}""", response.BodyText);
    }

    [Fact]
    public void Error_message_with_markup_reads_back_as_in_the_corpus()
    {
        // CustomVariables.getCustomVariables in the corpus: Matomo's message already holds "&gt;".
        const string Message = "The plugin CustomVariables is not enabled. You can activate the plugin on Settings &gt; Plugins page in Matomo.";

        using var json = JsonDocument.Parse(s_renderer.RenderError(Message, 200, new RenderOptions()).BodyText);

        Assert.Equal(2, json.RootElement.EnumerateObject().Count());
        Assert.Equal("error", json.RootElement.GetProperty("result").GetString());
        Assert.Equal(Message, json.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public void Callback_wraps_the_answer_as_javascript()
    {
        var response = s_renderer.Render(new ApiValue(4), new RenderOptions { Callback = "handle" });

        Assert.Equal("""handle({"value":4})""", response.BodyText);
        Assert.Equal("application/javascript; charset=utf-8", response.ContentType);
    }
}
