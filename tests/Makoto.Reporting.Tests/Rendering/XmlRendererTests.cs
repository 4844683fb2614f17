using Makoto.Core.DataTables;
using Makoto.Reporting.Api;
using Makoto.Reporting.Rendering;

namespace Makoto.Reporting.Tests.Rendering;

/// <summary>
/// <c>format=xml</c> against spec §4.4–4.5 and Matomo's layout in the corpus (tab indentation, no
/// newline after the root element), compared as exact strings.
/// </summary>
public class XmlRendererTests
{
    private const string Declaration = "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n";

    private static readonly XmlRenderer s_renderer = new();

    private static string Render(object result, RenderOptions? options = null) =>
        s_renderer.Render(result, options ?? new RenderOptions()).BodyText;

    [Fact]
    public void Simple_table_is_one_element_per_metric_as_in_the_corpus()
    {
        var response = s_renderer.Render(Results.VisitsSummary(), new RenderOptions());

        Assert.Equal(
            Declaration +
            "<result>\n" +
            "\t<nb_uniq_visitors>95</nb_uniq_visitors>\n" +
            "\t<nb_users>3</nb_users>\n" +
            "\t<nb_visits>136</nb_visits>\n" +
            "\t<nb_actions>550</nb_actions>\n" +
            "\t<nb_visits_converted>37</nb_visits_converted>\n" +
            "\t<bounce_count>28</bounce_count>\n" +
            "\t<sum_visit_length>43537</sum_visit_length>\n" +
            "\t<max_actions>16</max_actions>\n" +
            "\t<bounce_rate>21%</bounce_rate>\n" +
            "\t<nb_actions_per_visit>4</nb_actions_per_visit>\n" +
            "\t<avg_time_on_site>320</avg_time_on_site>\n" +
            "</result>",
            response.BodyText);
        Assert.Equal("text/xml; charset=utf-8", response.ContentType);
    }

    [Fact]
    public void Empty_simple_table_is_an_empty_result()
    {
        Assert.Equal(Declaration + "<result />", Render(Results.EmptySimple()));
    }

    [Fact]
    public void Empty_list_table_is_an_empty_result()
    {
        Assert.Equal(Declaration + "<result />", Render(Results.List()));
    }

    [Fact]
    public void List_table_has_a_row_per_row_with_goal_rows_keyed_by_idgoal_then_metadata_then_idsubdatatable()
    {
        Assert.Equal(
            Declaration +
            "<result>\n" +
            "\t<row>\n" +
            "\t\t<label>Direct Entry</label>\n" +
            "\t\t<nb_visits>48</nb_visits>\n" +
            "\t\t<nb_actions>179</nb_actions>\n" +
            "\t\t<goals>\n" +
            "\t\t\t<row idgoal='ecommerceOrder'>\n" +
            "\t\t\t\t<nb_conversions>3</nb_conversions>\n" +
            "\t\t\t\t<revenue>210.26</revenue>\n" +
            "\t\t\t</row>\n" +
            "\t\t\t<row idgoal='1'>\n" +
            "\t\t\t\t<nb_conversions>3</nb_conversions>\n" +
            "\t\t\t\t<revenue>36</revenue>\n" +
            "\t\t\t</row>\n" +
            "\t\t</goals>\n" +
            "\t\t<nb_conversions>6</nb_conversions>\n" +
            "\t\t<revenue>246.26</revenue>\n" +
            "\t\t<segment>referrerType==direct</segment>\n" +
            "\t\t<referrer_type>1</referrer_type>\n" +
            "\t</row>\n" +
            "\t<row>\n" +
            "\t\t<label>Search Engines</label>\n" +
            "\t\t<nb_visits>45</nb_visits>\n" +
            "\t\t<nb_actions>193</nb_actions>\n" +
            "\t\t<goals>\n" +
            "\t\t\t<row idgoal='1'>\n" +
            "\t\t\t\t<nb_conversions>2</nb_conversions>\n" +
            "\t\t\t\t<revenue>24</revenue>\n" +
            "\t\t\t</row>\n" +
            "\t\t\t<row idgoal='2'>\n" +
            "\t\t\t\t<nb_conversions>7</nb_conversions>\n" +
            "\t\t\t\t<revenue>21</revenue>\n" +
            "\t\t\t</row>\n" +
            "\t\t</goals>\n" +
            "\t\t<nb_conversions>9</nb_conversions>\n" +
            "\t\t<revenue>45</revenue>\n" +
            "\t\t<segment>referrerType==search</segment>\n" +
            "\t\t<referrer_type>2</referrer_type>\n" +
            "\t\t<idsubdatatable>2</idsubdatatable>\n" +
            "\t</row>\n" +
            "</result>",
            Render(Results.ReferrerTypes()));
    }

    [Fact]
    public void Rows_with_subtables_carry_idsubdatatable_but_no_subtable_unless_expanded()
    {
        Assert.Equal(
            Declaration +
            "<result>\n" +
            "\t<row>\n" +
            "\t\t<label>blog</label>\n" +
            "\t\t<nb_visits>12</nb_visits>\n" +
            "\t\t<nb_hits>20</nb_hits>\n" +
            "\t\t<segment>pageUrl=^https%253A%252F%252Fexample.org%252Fblog%252F</segment>\n" +
            "\t\t<idsubdatatable>7</idsubdatatable>\n" +
            "\t</row>\n" +
            "\t<row>\n" +
            "\t\t<label>/index</label>\n" +
            "\t\t<nb_visits>30</nb_visits>\n" +
            "\t\t<nb_hits>41</nb_hits>\n" +
            "\t\t<url>https://example.org/</url>\n" +
            "\t\t<segment>pageUrl==https%253A%252F%252Fexample.org%252F</segment>\n" +
            "\t</row>\n" +
            "</result>",
            Render(Results.PageUrlsWithSubtables()));
    }

    [Fact]
    public void Expanded_nests_subtable_rows_one_level_deeper_after_idsubdatatable()
    {
        Assert.Equal(
            Declaration +
            "<result>\n" +
            "\t<row>\n" +
            "\t\t<label>blog</label>\n" +
            "\t\t<nb_visits>12</nb_visits>\n" +
            "\t\t<nb_hits>20</nb_hits>\n" +
            "\t\t<segment>pageUrl=^https%253A%252F%252Fexample.org%252Fblog%252F</segment>\n" +
            "\t\t<idsubdatatable>7</idsubdatatable>\n" +
            "\t\t<subtable>\n" +
            "\t\t\t<row>\n" +
            "\t\t\t\t<label>/my-post</label>\n" +
            "\t\t\t\t<nb_visits>5</nb_visits>\n" +
            "\t\t\t\t<nb_hits>8</nb_hits>\n" +
            "\t\t\t\t<url>https://example.org/blog/my-post</url>\n" +
            "\t\t\t</row>\n" +
            "\t\t\t<row>\n" +
            "\t\t\t\t<label>2024</label>\n" +
            "\t\t\t\t<nb_visits>2</nb_visits>\n" +
            "\t\t\t\t<nb_hits>3</nb_hits>\n" +
            "\t\t\t\t<idsubdatatable>9</idsubdatatable>\n" +
            "\t\t\t\t<subtable>\n" +
            "\t\t\t\t\t<row>\n" +
            "\t\t\t\t\t\t<label>/archive</label>\n" +
            "\t\t\t\t\t\t<nb_visits>2</nb_visits>\n" +
            "\t\t\t\t\t\t<nb_hits>3</nb_hits>\n" +
            "\t\t\t\t\t\t<url>https://example.org/blog/2024/archive</url>\n" +
            "\t\t\t\t\t</row>\n" +
            "\t\t\t\t</subtable>\n" +
            "\t\t\t</row>\n" +
            "\t\t</subtable>\n" +
            "\t</row>\n" +
            "\t<row>\n" +
            "\t\t<label>/index</label>\n" +
            "\t\t<nb_visits>30</nb_visits>\n" +
            "\t\t<nb_hits>41</nb_hits>\n" +
            "\t\t<url>https://example.org/</url>\n" +
            "\t\t<segment>pageUrl==https%253A%252F%252Fexample.org%252F</segment>\n" +
            "\t</row>\n" +
            "</result>",
            Render(Results.PageUrlsWithSubtables(), new RenderOptions { Expanded = true }));
    }

    [Fact]
    public void Flat_hides_idsubdatatable()
    {
        var xml = Render(Results.PageUrlsWithSubtables(), new RenderOptions { HideIdSubtable = true });

        Assert.DoesNotContain("idsubdatatable", xml, StringComparison.Ordinal);
        Assert.Contains(
            "\t\t<segment>pageUrl=^https%253A%252F%252Fexample.org%252Fblog%252F</segment>\n\t</row>\n",
            xml,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Multi_period_map_is_results_with_a_result_per_date_and_an_empty_result_for_a_day_without_data()
    {
        Assert.Equal(
            Declaration +
            "<results>\n" +
            "\t<result date=\"2024-05-01\">\n" +
            "\t\t<nb_visits>33</nb_visits>\n" +
            "\t\t<nb_actions>90</nb_actions>\n" +
            "\t\t<bounce_rate>45%</bounce_rate>\n" +
            "\t\t<nb_actions_per_visit>2.7</nb_actions_per_visit>\n" +
            "\t</result>\n" +
            "\t<result date=\"2024-05-02\" />\n" +
            "\t<result date=\"2024-05-03\">\n" +
            "\t\t<nb_visits>45</nb_visits>\n" +
            "\t\t<nb_actions>131</nb_actions>\n" +
            "\t\t<bounce_rate>42%</bounce_rate>\n" +
            "\t\t<nb_actions_per_visit>2.9</nb_actions_per_visit>\n" +
            "\t</result>\n" +
            "</results>",
            Render(Results.ThreeDays()));
    }

    [Fact]
    public void Multi_period_map_of_list_tables_indents_rows_inside_each_result()
    {
        Assert.Equal(
            Declaration +
            "<results>\n" +
            "\t<result date=\"2024-05-01\">\n" +
            "\t\t<row>\n" +
            "\t\t\t<label>Direct Entry</label>\n" +
            "\t\t\t<nb_visits>22</nb_visits>\n" +
            "\t\t</row>\n" +
            "\t\t<row>\n" +
            "\t\t\t<label>Websites</label>\n" +
            "\t\t\t<nb_visits>3</nb_visits>\n" +
            "\t\t</row>\n" +
            "\t</result>\n" +
            "\t<result date=\"2024-05-02\" />\n" +
            "</results>",
            Render(Results.TwoDaysOfReferrerTypes()));
    }

    [Fact]
    public void Multi_site_map_of_multi_period_maps_nests_date_results_inside_idsite_results()
    {
        Assert.Equal(
            Declaration +
            "<results>\n" +
            "\t<result idSite=\"1\">\n" +
            "\t\t<result date=\"2024-05-01\">\n" +
            "\t\t\t<nb_visits>3</nb_visits>\n" +
            "\t\t\t<nb_actions>5</nb_actions>\n" +
            "\t\t</result>\n" +
            "\t\t<result date=\"2024-05-02\" />\n" +
            "\t</result>\n" +
            "\t<result idSite=\"3\">\n" +
            "\t\t<result date=\"2024-05-01\">\n" +
            "\t\t\t<nb_visits>7</nb_visits>\n" +
            "\t\t\t<nb_actions>9</nb_actions>\n" +
            "\t\t</result>\n" +
            "\t\t<result date=\"2024-05-02\">\n" +
            "\t\t\t<nb_visits>1</nb_visits>\n" +
            "\t\t\t<nb_actions>1</nb_actions>\n" +
            "\t\t</result>\n" +
            "\t</result>\n" +
            "</results>",
            Render(Results.TwoSitesTwoDays()));
    }

    [Fact]
    public void Single_values_inside_a_map_are_the_text_of_each_result()
    {
        Assert.Equal(
            Declaration +
            "<results>\n" +
            "\t<result idSite=\"1\">45</result>\n" +
            "\t<result idSite=\"3\">7</result>\n" +
            "</results>",
            Render(Results.VisitsPerSite()));
    }

    [Fact]
    public void Single_value_is_the_text_of_result()
    {
        Assert.Equal(Declaration + "<result>4</result>", Render(new ApiValue(4)));
    }

    [Fact]
    public void Single_value_text_is_escaped()
    {
        Assert.Equal(Declaration + "<result>a &amp; b</result>", Render(new ApiValue("a & b")));
    }

    [Fact]
    public void Success_is_a_success_element()
    {
        Assert.Equal(Declaration + "<result>\n\t<success message=\"ok\" />\n</result>", Render(ApiSuccess.Instance));
    }

    [Fact]
    public void Plain_object_of_scalars_is_wrapped_in_a_row_with_empty_values_as_empty_elements()
    {
        Assert.Equal(
            Declaration +
            "<result>\n" +
            "\t<row>\n" +
            "\t\t<idsite>4</idsite>\n" +
            "\t\t<name>Conformance</name>\n" +
            "\t\t<main_url>http://shop.example.org</main_url>\n" +
            "\t\t<ecommerce>1</ecommerce>\n" +
            "\t\t<sitesearch_keyword_parameters />\n" +
            "\t\t<currency>EUR</currency>\n" +
            "\t</row>\n" +
            "</result>",
            Render(Results.Site()));
    }

    [Fact]
    public void List_of_plain_objects_is_a_row_per_object()
    {
        Assert.Equal(
            Declaration +
            "<result>\n" +
            "\t<row>\n" +
            "\t\t<idsite>4</idsite>\n" +
            "\t\t<idgoal>1</idgoal>\n" +
            "\t\t<name>Order confirmation page</name>\n" +
            "\t\t<revenue>12</revenue>\n" +
            "\t</row>\n" +
            "\t<row>\n" +
            "\t\t<idsite>4</idsite>\n" +
            "\t\t<idgoal>3</idgoal>\n" +
            "\t\t<name>Delivery info viewed</name>\n" +
            "\t\t<revenue>1.5</revenue>\n" +
            "\t</row>\n" +
            "</result>",
            Render(Results.Goals()));
    }

    [Fact]
    public void List_of_ints_is_a_row_per_value()
    {
        Assert.Equal(
            Declaration + "<result>\n\t<row>1</row>\n\t<row>3</row>\n\t<row>4</row>\n</result>",
            Render(Results.SiteIds()));
    }

    [Fact]
    public void Empty_list_is_an_empty_result()
    {
        Assert.Equal(Declaration + "<result />", Render(new List<object?>()));
    }

    [Fact]
    public void Doubles_are_written_with_fourteen_significant_digits_as_in_the_corpus()
    {
        // Referrers.getReferrerType day 2026-10-12: JSON "revenue":418.34000000000003, XML <revenue>418.34</revenue>.
        Assert.Equal(
            Declaration +
            "<result>\n" +
            "\t<avg_price>239.97</avg_price>\n" +
            "\t<revenue>384</revenue>\n" +
            "\t<nb_conversions_attrib>0.4167</nb_conversions_attrib>\n" +
            "\t<revenue_tax>418.34</revenue_tax>\n" +
            "\t<sum>10000000000</sum>\n" +
            "\t<difference>-12.5</difference>\n" +
            "</result>",
            Render(Results.Numbers()));
    }

    [Fact]
    public void Ampersand_angle_brackets_and_double_quotes_are_escaped_but_apostrophes_are_not()
    {
        var table = Results.List(new DataRow
        {
            Columns = { ["label"] = "/?mtm_source=partner&mtm_medium=affiliate <b>\"quoted\"</b> 'single'" },
            Metadata = { ["url"] = "http://shop.example.org/?a=1&b=2" },
        });

        Assert.Equal(
            Declaration +
            "<result>\n" +
            "\t<row>\n" +
            "\t\t<label>/?mtm_source=partner&amp;mtm_medium=affiliate &lt;b&gt;&quot;quoted&quot;&lt;/b&gt; 'single'</label>\n" +
            "\t\t<url>http://shop.example.org/?a=1&amp;b=2</url>\n" +
            "\t</row>\n" +
            "</result>",
            Render(table));
    }

    [Fact]
    public void Column_names_that_are_not_xml_names_use_col_name()
    {
        var table = Results.List(new DataRow { Columns = { ["label"] = "x", ["1st place"] = 3, ["a&b"] = "" } });

        Assert.Equal(
            Declaration +
            "<result>\n" +
            "\t<row>\n" +
            "\t\t<label>x</label>\n" +
            "\t\t<col name=\"1st place\">3</col>\n" +
            "\t\t<col name=\"a&amp;b\" />\n" +
            "\t</row>\n" +
            "</result>",
            Render(table));
    }

    [Fact]
    public void Empty_and_null_values_are_empty_elements()
    {
        var table = Results.List(new DataRow { Columns = { ["label"] = "x", ["empty"] = "", ["missing"] = null } });

        Assert.Equal(
            Declaration + "<result>\n\t<row>\n\t\t<label>x</label>\n\t\t<empty />\n\t\t<missing />\n\t</row>\n</result>",
            Render(table));
    }

    [Fact]
    public void Error_is_an_error_element_with_the_escaped_message()
    {
        var response = s_renderer.RenderError("Value <b> & \"c\" is not valid", 403, new RenderOptions());

        Assert.Equal(
            Declaration + "<result>\n\t<error message=\"Value &lt;b&gt; &amp; &quot;c&quot; is not valid\" />\n</result>",
            response.BodyText);
        Assert.Equal(403, response.StatusCode);
        Assert.Equal("text/xml; charset=utf-8", response.ContentType);
    }
}
