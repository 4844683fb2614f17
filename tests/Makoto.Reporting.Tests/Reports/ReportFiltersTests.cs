using Makoto.Core.DataTables;
using Makoto.Reporting.Reports;

namespace Makoto.Reporting.Tests.Reports;

/// <summary>The filters report methods share: Matomo's GroupBy and the segment metadata of rows.</summary>
public sealed class ReportFiltersTests
{
    private static DataRow Row(string label, object visits, object actions, string? segment = null)
    {
        var row = new DataRow();
        row.Label = label;
        row["nb_visits"] = visits;
        row["nb_actions"] = actions;
        row["max_actions"] = 3L;
        if (segment is not null)
        {
            row.Metadata["segment"] = segment;
        }

        return row;
    }

    [Fact]
    public void GroupBy_sums_rows_that_get_the_same_label_into_the_first()
    {
        var table = new DataTable();
        table.Rows.Add(Row("IOS;17.0", 3L, "7", "ios"));
        table.Rows.Add(Row("WIN;10", 5L, "9", "win"));
        table.Rows.Add(Row("IPA;17.0", 1L, "2", "ipad"));
        table.Rows.Add(Row("IPH;17.0", 4L, "4", "iphone"));

        table.GroupByLabel(label => label.StartsWith('W') ? "Windows" : "iOS");

        Assert.Equal(["iOS", "Windows"], table.Rows.Select(r => r.Label));
        var ios = table.Rows[0];

        // 3 + 1 + 4 visits; "7" + "2" + "4" actions become the number 13; max_actions takes the maximum.
        Assert.Equal(8L, ios["nb_visits"]);
        Assert.Equal(13L, ios["nb_actions"]);
        Assert.Equal(3L, ios["max_actions"]);

        // The first row summed in (with visits) gives its metadata; later ones do not.
        Assert.Equal("ipad", ios.Metadata["segment"]);

        // A row alone in its group keeps its values as they were.
        Assert.Equal("9", table.Rows[1]["nb_actions"]);
    }

    [Fact]
    public void GroupBy_takes_metadata_only_from_rows_with_visits_unless_the_kept_row_has_none()
    {
        var table = new DataTable();
        table.Rows.Add(Row("a", 2L, "2"));
        table.Rows.Add(Row("b", 0L, "0", "empty"));
        table.Rows.Add(Row("c", 0L, "0", "later"));
        table.Rows.Add(Row("d", 1L, "1", "visited"));

        table.GroupByLabel(_ => "all");

        // "b" fills the kept row's empty metadata without visits, so "d" (with visits) still replaces it.
        Assert.Equal("visited", Assert.Single(table.Rows).Metadata["segment"]);
    }

    [Theory]
    [InlineData("1366x768", "1366x768")]
    [InlineData("car browser", "car+browser")]
    [InlineData("Mobile Safari/17.0", "Mobile+Safari%2F17.0")]
    [InlineData("Bayern;de", "Bayern%3Bde")]
    [InlineData("Zürich", "Z%C3%BCrich")]
    [InlineData("a-b_c.d~e", "a-b_c.d%7Ee")]
    public void Segment_values_are_encoded_as_php_urlencode(string value, string encoded) =>
        Assert.Equal("name==" + encoded, SegmentMetadata.Condition("name", value));

    [Fact]
    public void Segment_values_become_segments_of_the_dimension()
    {
        var table = new DataTable();
        var first = Row("CH", 1L, "1");
        first.Metadata["logo"] = "ch.png";
        first.Metadata[ReportFilters.SegmentValue] = "CH";
        var second = Row("x", 1L, "1", "already");
        second.Metadata[ReportFilters.SegmentValue] = "x";
        table.Rows.Add(first);
        table.Rows.Add(second);

        table.AddSegmentFromSegmentValue("browserCode");

        Assert.Equal(["logo", "segment"], first.Metadata.Keys);
        Assert.Equal("browserCode==CH", first.Metadata["segment"]);
        Assert.Equal(["segment"], second.Metadata.Keys);
        Assert.Equal("already", second.Metadata["segment"]);
    }
}
