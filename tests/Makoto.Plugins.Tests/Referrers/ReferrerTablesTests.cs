using Makoto.Core.DataTables;
using Makoto.Plugins.Referrers.Api;

namespace Makoto.Plugins.Tests.Referrers;

/// <summary>
/// How the Referrers API presents archived tables: labels and metadata built from stored values, on
/// small hand-built tables; expected values follow Matomo's rules (reporting-api.md §5.4, Matomo's
/// Referrers API and the search engine list's backlinks).
/// </summary>
public class ReferrerTablesTests
{
    private static DataRow Row(string label, long visits, DataTable? subtable = null, int? idSubtable = null)
    {
        var row = new DataRow { Subtable = subtable, IdSubtable = idSubtable };
        row.Columns["label"] = label;
        row.Columns["nb_visits"] = visits;
        return row;
    }

    private static DataTable Table(params DataRow[] rows)
    {
        var table = new DataTable();
        table.Rows.AddRange(rows);
        return table;
    }

    [Fact]
    public void Keywords_name_the_empty_keyword_and_link_engines_to_their_results()
    {
        var table = Table(
            Row("", 3, Table(Row("Google", 3))),
            Row("c++ & tea", 2, Table(Row("Bing", 1), Row("Some Unlisted Engine", 1))));

        ReferrerTables.Keywords(table);

        var notDefined = table.Rows[0];
        Assert.Equal("Keyword not defined", notDefined.Label);
        Assert.Equal("referrerType==search;referrerKeyword==", notDefined.Metadata["segment"]);
        Assert.Equal(ReferrerTables.KeywordNotDefinedHelp, notDefined.Subtable!.Rows[0].Metadata["url"]);

        var tea = table.Rows[1];
        Assert.Equal("referrerType==search;referrerKeyword==c%2B%2B+%26+tea", tea.Metadata["segment"]);
        var bing = tea.Subtable!.Rows[0];
        Assert.Equal(["segment", "url", "logo"], bing.Metadata.Keys);
        Assert.Equal("referrerKeyword==c++ & tea;referrerType==search;referrerName==Bing", bing.Metadata["segment"]);

        // urlencode, then "%2B" written back as "+": Matomo's backlink for "c++ & tea".
        Assert.Equal("http://bing.com/search?q=c+++%26+tea", bing.Metadata["url"]);
        Assert.Equal("plugins/Morpheus/icons/dist/searchEngines/bing.com.png", bing.Metadata["logo"]);

        var unlisted = tea.Subtable.Rows[1];
        // An engine that is not in the list has no URL, so no backlink either.
        Assert.Equal(false, unlisted.Metadata["url"]);
        Assert.Equal("plugins/Morpheus/icons/dist/searchEngines/xx.png", unlisted.Metadata["logo"]);
    }

    [Fact]
    public void Websites_label_their_urls_by_path_and_query()
    {
        var table = Table(Row("blog.example.net", 4, Table(
            Row("https://blog.example.net/", 1),
            Row("https://blog.example.net/a/b?x=1&amp;y=2#top", 1),
            Row("https://blog.example.net", 1),
            Row("https://blog.example.net?q=1", 1))));

        ReferrerTables.Websites(table);

        var urls = table.Rows[0].Subtable!.Rows;
        Assert.Equal(["index", "a/b?x=1&y=2", "index", "?q=1"], urls.Select(r => r.Label));
        Assert.Equal("https://blog.example.net/a/b?x=1&y=2#top", urls[1].Metadata["url"]);
        Assert.Equal("referrerUrl==https%3A%2F%2Fblog.example.net%2F", urls[0].Metadata["segment"]);
        Assert.Equal("referrerName==blog.example.net", table.Rows[0].Metadata["segment"]);
    }

    [Fact]
    public void Both_writings_of_instagram_become_one_row()
    {
        var table = Table(
            Row("instagram", 2, Table(Row("https://l.instagram.com/", 2)), idSubtable: 1),
            Row("Twitter", 1, Table(Row("https://t.co/abc", 1)), idSubtable: 2),
            Row("Instagram", 3, null));
        table.Rows[0].Columns["max_actions"] = 4L;
        table.Rows[2].Columns["max_actions"] = 7L;

        ReferrerTables.Socials(table);

        Assert.Equal(["Instagram", "Twitter"], table.Rows.Select(r => r.Label));
        var instagram = table.Rows[0];
        Assert.Equal(5L, instagram["nb_visits"]);
        Assert.Equal(7L, instagram["max_actions"]);
        Assert.Equal(["url", "logo", "segment"], instagram.Metadata.Keys);
        Assert.Equal("instagram.com", instagram.Metadata["url"]);
        Assert.Equal("plugins/Morpheus/icons/dist/socials/instagram.com.png", instagram.Metadata["logo"]);
        Assert.Equal(1, instagram.IdSubtable);

        var url = table.Rows[1].Subtable!.Rows[0];
        Assert.Equal("t.co/abc", url.Label);
        Assert.Equal("https://t.co/abc", url.Metadata["url"]);
        Assert.Equal("referrerUrl==https%3A%2F%2Ft.co%2Fabc", url.Metadata["segment"]);
    }

    [Fact]
    public void Referrer_types_take_their_names_and_their_reports()
    {
        var table = Table(Row("1", 5), Row("2", 4), Row("9", 1));
        var keywords = Table(Row("tea", 4, Table(Row("Google", 4)), idSubtable: 1));

        ReferrerTables.ReferrerTypes(table, type => type == 2 ? keywords : null);

        Assert.Equal(["Direct Entry", "Search Engines", "Others"], table.Rows.Select(r => r.Label));
        Assert.Equal("referrerType==direct", table.Rows[0].Metadata["segment"]);
        Assert.Equal(1L, table.Rows[0].Metadata["referrer_type"]);
        Assert.Null(table.Rows[0].IdSubtable);
        Assert.Equal(2, table.Rows[1].IdSubtable);
        Assert.Same(keywords, table.Rows[1].Subtable);
        Assert.Null(keywords.Rows[0].Subtable);
        Assert.False(table.Rows[2].Metadata.ContainsKey("segment"));

        var all = ReferrerTables.All(table);
        var tea = Assert.Single(all.Rows);
        Assert.Equal(2L, tea.Metadata["referer_type"]);
    }

    [Theory]
    [InlineData("https://example.com/a/b", "a/b")]
    [InlineData("https://example.com/a/b?c=d#e", "a/b?c=d")]
    [InlineData("https://example.com/", "index")]
    [InlineData("https://example.com", "index")]
    [InlineData("https://example.com#frag", "index")]
    public void Paths_of_referrer_urls(string url, string path) =>
        Assert.Equal(path, ReferrerTables.PathAndQuery(url));

    [Theory]
    [InlineData("https://t.co/x", "t.co/x")]
    [InlineData("android-app://com.example", "com.example")]
    [InlineData("t.co/x", "t.co/x")]
    public void Urls_without_their_scheme(string url, string expected) =>
        Assert.Equal(expected, ReferrerTables.WithoutScheme(url));
}
