using System.IO.Compression;
using Makoto.Core.DataTables;

namespace Makoto.Core.Tests.DataTables;

public class DataTableSerializerTests
{
    [Fact]
    public void A_table_with_every_kind_of_value_subtables_and_others_survives_the_round_trip()
    {
        var table = new DataTable();
        var row = new DataRow();
        row.Columns["label"] = "Direct Entry";
        row.Columns["nb_visits"] = 48L;
        row.Columns["nb_actions"] = "179";
        row.Columns["revenue"] = 418.34000000000003;
        row.Columns["negative"] = -5L;
        row.Columns["missing"] = null;
        row.Columns["goals"] = new OrderedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["idgoal=1"] = new OrderedDictionary<string, object?>(StringComparer.Ordinal) { ["nb_conversions"] = 3L, ["revenue"] = 36.0 },
        };
        row.Metadata["segment"] = "referrerType==direct";
        row.Metadata["flag"] = true;
        var sub = new DataTable();
        var child = new DataRow();
        child.Columns["label"] = "ünïcödé ☕";
        child.Columns["nb_visits"] = long.MaxValue;
        sub.Rows.Add(child);
        row.Subtable = sub;
        row.IdSubtable = 7;
        table.Rows.Add(row);
        table.SummaryRow = new DataRow();
        table.SummaryRow.Columns["label"] = DataTable.SummaryRowLabel;
        table.SummaryRow.Columns["nb_visits"] = 2L;

        var copy = DataTableSerializer.Deserialize(DataTableSerializer.Serialize(table));

        var r = Assert.Single(copy.Rows);
        Assert.Equal(["label", "nb_visits", "nb_actions", "revenue", "negative", "missing", "goals"], r.Columns.Keys);
        Assert.Equal(48L, r["nb_visits"]);
        Assert.Equal("179", r["nb_actions"]);
        Assert.Equal(418.34000000000003, r["revenue"]);
        Assert.Equal(-5L, r["negative"]);
        Assert.Null(r["missing"]);
        var goal = (OrderedDictionary<string, object?>)((OrderedDictionary<string, object?>)r["goals"]!)["idgoal=1"]!;
        Assert.Equal(3L, goal["nb_conversions"]);
        Assert.Equal(36.0, goal["revenue"]);
        Assert.Equal("referrerType==direct", r.Metadata["segment"]);
        Assert.Equal(true, r.Metadata["flag"]);
        Assert.Equal(7, r.IdSubtable);
        Assert.Equal("ünïcödé ☕", r.Subtable!.Rows[0].Label);
        Assert.Equal(long.MaxValue, r.Subtable.Rows[0]["nb_visits"]);
        Assert.Equal(2L, copy.SummaryRow!["nb_visits"]);
        Assert.False(copy.IsSimple);
    }

    [Fact]
    public void Large_tables_are_compressed()
    {
        var table = new DataTable();
        for (var i = 0; i < 2000; i++)
        {
            var row = new DataRow();
            row.Columns["label"] = $"example.org/blog/article-{i}";
            row.Columns["nb_visits"] = (long)(i % 17);
            row.Columns["nb_hits"] = (long)(i % 23);
            table.Rows.Add(row);
        }

        var blob = DataTableSerializer.Serialize(table);
        Assert.Equal(2, blob[4]); // Zstandard
        Assert.True(blob.Length < 2000 * 10, $"{blob.Length} bytes for 2000 rows");
        var copy = DataTableSerializer.Deserialize(blob);
        Assert.Equal(2000, copy.Rows.Count);
        Assert.Equal("example.org/blog/article-1999", copy.Rows[1999].Label);
        Assert.Equal(1999L % 23, copy.Rows[1999]["nb_hits"]);
    }

    [Fact]
    public void Tables_compress_at_the_day_and_the_period_levels_and_read_the_same()
    {
        var table = new DataTable();
        for (var i = 0; i < 500; i++)
        {
            var row = new DataRow();
            row.Columns["label"] = $"/shop/item-{i}";
            row.Columns["nb_hits"] = (long)i;
            table.Rows.Add(row);
        }

        var day = DataTableSerializer.Serialize(table, DataTableSerializer.DayLevel);
        var period = DataTableSerializer.Serialize(table, DataTableSerializer.PeriodLevel);

        foreach (var blob in new[] { day, period })
        {
            Assert.Equal(2, blob[4]);
            var copy = DataTableSerializer.Deserialize(blob);
            Assert.Equal(500, copy.Rows.Count);
            Assert.Equal("/shop/item-499", copy.Rows[499].Label);
            Assert.Equal(499L, copy.Rows[499]["nb_hits"]);
        }
    }

    [Fact]
    public void A_blob_compressed_with_Brotli_by_an_earlier_Makoto_still_reads()
    {
        var table = new DataTable();
        var row = new DataRow();
        row.Columns["label"] = "/index";
        row.Columns["nb_visits"] = 12L;
        table.Rows.Add(row);
        var stored = DataTableSerializer.Serialize(table);
        Assert.Equal(0, stored[4]); // too small to compress: the body as it is
        var body = new byte[BrotliEncoder.GetMaxCompressedLength(stored.Length)];
        Assert.True(BrotliEncoder.TryCompress(stored.AsSpan(5), body, out var written, quality: 5, window: 22));
        byte[] brotli = [.. stored.AsSpan(0, 4), 1, .. body.AsSpan(0, written)];

        var copy = DataTableSerializer.Deserialize(brotli);

        Assert.Equal("/index", Assert.Single(copy.Rows).Label);
        Assert.Equal(12L, copy.Rows[0]["nb_visits"]);
    }

    [Fact]
    public void A_blob_of_an_unknown_codec_is_refused()
    {
        var blob = DataTableSerializer.Serialize(new DataTable());
        blob[4] = 9;
        Assert.Contains("unknown codec 9", Assert.Throws<InvalidDataException>(() => DataTableSerializer.Deserialize(blob)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("89")]
    [InlineData("16383")]
    [InlineData("16384")]
    [InlineData("99999")]
    [InlineData("007")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("")]
    [InlineData("12a")]
    [InlineData("Überweisung – 5 €")]
    public void Texts_and_decimal_texts_come_back_as_the_same_texts(string text)
    {
        var table = new DataTable();
        var row = new DataRow();
        row.Columns["label"] = text;
        row.Columns["nb_visits"] = text;
        row.Columns["long"] = new string('x', 300) + text;
        table.Rows.Add(row);

        var copy = DataTableSerializer.Deserialize(DataTableSerializer.Serialize(table)).Rows[0];

        Assert.Equal(text, Assert.IsType<string>(copy["label"]));
        Assert.Equal(text, Assert.IsType<string>(copy["nb_visits"]));
        Assert.Equal(new string('x', 300) + text, copy["long"]);
        Assert.False(copy.HasMetadata);
    }

    [Fact]
    public void A_blob_of_another_format_is_refused_with_a_clear_error()
    {
        var error = Assert.Throws<InvalidDataException>(() => DataTableSerializer.Deserialize("a:1:{i:0;}"u8));
        Assert.Contains("not a Makoto report table", error.Message, StringComparison.Ordinal);
        var future = DataTableSerializer.Serialize(new DataTable());
        future[3] = 99;
        Assert.Contains("version 99", Assert.Throws<InvalidDataException>(() => DataTableSerializer.Deserialize(future)).Message, StringComparison.Ordinal);
    }
}
