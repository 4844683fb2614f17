using System.Text;

namespace Makoto.EndToEnd.Tests.Conformance;

/// <summary>The conformance harness itself: the comparison rules and the parameter rewriting, on hand-made outputs.</summary>
public sealed class OutputComparerTests
{
    private static readonly string s_expected = Path.Combine(AppContext.BaseDirectory, "Conformance", "Data", "expected");

    private static FileScore Score(string file, string expected, string actual) =>
        OutputComparer.Compare(file, Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual), siteId: 1).Score;

    [Fact]
    public void Every_reference_file_matches_itself_completely()
    {
        foreach (var path in Directory.GetFiles(s_expected).Where(p => Path.GetFileName(p) != "index.json"))
        {
            var bytes = File.ReadAllBytes(path);
            var (score, differences) = OutputComparer.Compare(Path.GetFileName(path), bytes, bytes, OutputComparer.ReferenceSiteId);
            Assert.True(score.Total > 0, path);
            Assert.True(score.Matched == score.Total && score.Approximate == 0, $"{path}: {string.Join("; ", differences)}");
        }
    }

    [Fact]
    public void Rows_are_matched_by_label_and_only_expected_values_count()
    {
        // 2 rows × 2 values + the empty "goals" object; ours has the rows swapped and an extra column.
        var expected = """[{"label":"a","nb_visits":10},{"label":"b","nb_visits":20,"goals":{}}]""";
        var actual = """[{"label":"b","nb_visits":20,"goals":{},"extra":1},{"label":"a","nb_visits":11}]""";
        var score = Score("X.get__day__2026-10-12.json", expected, actual);
        Assert.Equal((4, 5), (score.Matched, score.Total)); // a.nb_visits 11 ≠ 10 (10 %)
    }

    [Fact]
    public void Numbers_and_percent_strings_match_within_half_a_percent_and_types_must_agree()
    {
        var expected = """{"a":1000,"b":"21%","c":0,"d":"21%","e":5,"f":"x"}""";
        var actual = """{"a":1004.9,"b":"21.1%","c":0.001,"d":"21","e":"5","f":"x"}""";
        var score = Score("X.get__day__2026-10-12.json", expected, actual);
        Assert.Equal((3, 6, 2), (score.Matched, score.Total, score.Approximate)); // a, b approximately; f exactly
    }

    [Fact]
    public void An_error_answer_matches_nothing_unless_the_reference_is_an_error_too()
    {
        var error = """{"result":"error","message":"The plugin Actions is not enabled."}""";
        var score = Score("X.get__day__2026-10-12.json", """{"nb_visits":3,"nb_actions":4}""", error);
        Assert.Equal((0, 2), (score.Matched, score.Total));
        Assert.NotNull(score.Note);

        score = Score("X.get__day__2026-10-12.json", """{"result":"error","message":"The plugin X is not enabled."}""", error);
        Assert.Equal((1, 2), (score.Matched, score.Total));
    }

    [Fact]
    public void Our_output_with_a_repeated_member_name_is_scored_without_crashing()
    {
        var score = Score("X.get__day__2026-10-12.json", """{"a":1}""", """{"a":1,"a":1}""");
        Assert.Equal(1, score.Total);
    }

    [Fact]
    public void Csv_cells_are_keyed_by_label_and_header_and_quoted_fields_are_read()
    {
        var expected = "label,nb_visits,url\n\"a, b\",3,\"say \"\"hi\"\"\"\nc,4,\n";
        var actual = "label,url,nb_visits\nc,,4\n\"a, b\",\"say \"\"hi\"\"\",3\n";
        var score = Score("X.get__day__2026-10-12.csv", expected, actual);
        Assert.Equal((5, 5), (score.Matched, score.Total)); // the empty cell is no value
    }

    [Fact]
    public void Xml_goal_rows_are_matched_by_their_idgoal_attribute()
    {
        var expected = "<result><row><label>x</label><goals><row idgoal='1'><revenue>3</revenue></row><row idgoal='2'><revenue>4</revenue></row></goals></row></result>";
        var actual = "<result><row><label>x</label><goals><row idgoal='2'><revenue>4</revenue></row><row idgoal='1'><revenue>3</revenue></row></goals></row></result>";
        var score = Score("X.get__day__2026-10-12.xml", expected, actual);
        Assert.Equal((5, 5), (score.Matched, score.Total));
    }

    [Fact]
    public void Unreproducible_members_are_not_counted_and_the_reference_site_id_stands_for_ours()
    {
        var expected = """[{"idSite":4,"idVisit":97735,"fingerprint":"fc62","visitorId":"3678"}]""";
        var actual = """[{"idSite":1,"idVisit":12,"fingerprint":"00aa","visitorId":"3678"}]""";
        var score = Score("Live.getLastVisitsDetails~limit5__day__2026-10-12.json", expected, actual);
        Assert.Equal((2, 2), (score.Matched, score.Total));
    }

    [Fact]
    public void Rewriting_touches_only_the_named_parameters()
    {
        var line = "?idsite=4&url=http%3A%2F%2Fx.org%2F%3Fidsite%3D4%26token_auth%3Dabc&token_auth=abc&r=1";
        var rewritten = QueryRewriter.Replace(line, new() { ["idsite"] = "7", ["token_auth"] = "secret" });
        Assert.Equal("?idsite=7&url=http%3A%2F%2Fx.org%2F%3Fidsite%3D4%26token_auth%3Dabc&token_auth=secret&r=1", rewritten);
        Assert.Equal("http://x.org/?idsite=4&token_auth=abc", QueryRewriter.Get(rewritten, "url"));
    }
}
