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
    public void A_body_compressed_with_Brotli_still_reads()
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
    [InlineData("-12")]
    [InlineData("+5")]
    [InlineData("-0")]
    [InlineData("05")]
    [InlineData("9223372036854775807")]
    [InlineData("-9223372036854775808")]
    [InlineData("9223372036854775808")]
    [InlineData("0.5230")]
    [InlineData("-0.5")]
    [InlineData("0.0")]
    [InlineData("-0.0")]
    [InlineData("12.50")]
    [InlineData("1e3")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("00.5")]
    [InlineData("123456789012.345")]
    [InlineData("1234567890.123456")]
    [InlineData("0.0000000000000001")]
    [InlineData("5 ")]
    [InlineData("٣")]
    public void Texts_and_decimal_texts_come_back_as_the_same_texts(string text)
    {
        // Canonical integer and decimal texts are stored as numbers (version 2), the others as texts: each
        // must come back as the same string wherever it is (a column, a goal map, metadata, a label).
        var table = new DataTable();
        var row = new DataRow();
        row.Columns["label"] = text;
        row.Columns["nb_visits"] = text;
        row.Columns["long"] = new string('x', 300) + text;
        row.Columns["goals"] = new OrderedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["idgoal=1"] = new OrderedDictionary<string, object?>(StringComparer.Ordinal) { ["revenue"] = text },
        };
        row.Metadata["segment"] = text;
        table.Rows.Add(row);

        var copy = DataTableSerializer.Deserialize(DataTableSerializer.Serialize(table)).Rows[0];

        Assert.Equal(text, Assert.IsType<string>(copy["label"]));
        Assert.Equal(text, Assert.IsType<string>(copy["nb_visits"]));
        Assert.Equal(new string('x', 300) + text, copy["long"]);
        var goal = (OrderedDictionary<string, object?>)((OrderedDictionary<string, object?>)copy["goals"]!)["idgoal=1"]!;
        Assert.Equal(text, Assert.IsType<string>(goal["revenue"]));
        Assert.Equal(text, Assert.IsType<string>(copy.Metadata["segment"]));
    }

    [Fact]
    public void Canonical_integer_and_decimal_texts_are_written_as_numbers()
    {
        var table = new DataTable();
        var row = new DataRow();
        row.Columns["label"] = "a";
        row.Columns["nb_visits"] = "5";
        row.Columns["revenue"] = "0.5230";
        row.Columns["other"] = "05";
        table.Rows.Add(row);

        var blob = DataTableSerializer.Serialize(table);

        // Header (version 3, stored), flags 0, one row: its shape, new (0, four names, each new: 0, then its length
        // and bytes), then its values: "a" a text (tag 3), "5" an integer text (tag 7, zigzag 10), "0.5230" a decimal
        // text (tag 8, scale 4, digits 5230 zigzag 10460 = 0xDC 0x51 in 7-bit groups), "05" a text; no metadata, no
        // subtable (-1).
        byte[] expected =
        [
            (byte)'M', (byte)'K', (byte)'T', 3, 0,
            0, 1,
            0, 4, 0, 5, .. "label"u8, 0, 9, .. "nb_visits"u8, 0, 7, .. "revenue"u8, 0, 5, .. "other"u8,
            3, 1, (byte)'a',
            7, 10,
            8, 4, 0xDC, 0x51,
            3, 2, (byte)'0', (byte)'5',
            0, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F,
        ];
        Assert.Equal(expected, blob);
    }

    [Fact]
    public void Rows_and_maps_of_the_same_names_share_their_shape()
    {
        var table = new DataTable();
        foreach (var (label, visits) in new[] { ("a", 1L), ("b", 2L) })
        {
            var row = new DataRow();
            row.Columns["label"] = label;
            row.Columns["nb_visits"] = visits;
            row.Columns["goals"] = new OrderedDictionary<string, object?>(StringComparer.Ordinal) { ["nb_visits"] = 3L };
            table.Rows.Add(row);
        }

        var blob = DataTableSerializer.Serialize(table);

        // The first row defines shape 1 (label, nb_visits, goals) and, in its map, shape 2 (nb_visits, a name already
        // written: its number 2); the second row refers to both by number.
        byte[] expected =
        [
            (byte)'M', (byte)'K', (byte)'T', 3, 0,
            0, 2,
            0, 3, 0, 5, .. "label"u8, 0, 9, .. "nb_visits"u8, 0, 5, .. "goals"u8,
            3, 1, (byte)'a', 1, 2, 4, 0, 1, 2, 1, 6,
            0, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F,
            1,
            3, 1, (byte)'b', 1, 4, 4, 2, 1, 6,
            0, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F,
        ];
        Assert.Equal(expected, blob);
        var read = DataTableSerializer.Deserialize(blob);
        Assert.Equal(["a", "b"], read.Rows.Select(r => r.Label));
        Assert.Equal(2L, read.Rows[1]["nb_visits"]);
        Assert.Equal(3L, Assert.IsType<OrderedDictionary<string, object?>>(read.Rows[1]["goals"])["nb_visits"]);
    }

    [Fact]
    public void A_version_2_blob_built_by_hand_still_reads()
    {
        // Version 2 names each value before it (no shapes), with the numeric text tags.
        byte[] blob =
        [
            (byte)'M', (byte)'K', (byte)'T', 2, 0,
            0, 2,
            4, 0, 5, .. "label"u8, 3, 1, (byte)'a', 0, 9, .. "nb_visits"u8, 7, 10, 0, 7, .. "revenue"u8, 8, 4, 0xDC, 0x51,
            0, 5, .. "goals"u8, 4, 1, 2, 1, 6,
            0, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F,
            3, 1, 3, 1, (byte)'b', 2, 1, 4, 4, 4, 1, 2, 1, 2,
            0, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F,
        ];

        var table = DataTableSerializer.Deserialize(blob);
        Assert.Equal(["a", "b"], table.Rows.Select(r => r.Label));
        Assert.Equal("5", table.Rows[0]["nb_visits"]);
        Assert.Equal("0.5230", table.Rows[0]["revenue"]);
        Assert.Equal(3L, Assert.IsType<OrderedDictionary<string, object?>>(table.Rows[0]["goals"])["nb_visits"]);
        Assert.Equal(2L, table.Rows[1]["nb_visits"]);
        Assert.Equal(1L, Assert.IsType<OrderedDictionary<string, object?>>(table.Rows[1]["goals"])["nb_visits"]);

        // And merged in place as its table is, between blobs of version 3 (one merger reads both in turn).
        var merger = new TableMerger();
        merger.AddBlob(blob);
        merger.AddBlob(DataTableSerializer.Serialize(table));
        merger.AddBlob(blob);
        var merged = merger.ToTable();
        Assert.Equal(15L, merged.Rows[0]["nb_visits"]);
        Assert.Equal(6L, merged.Rows[1]["nb_visits"]);
        Assert.Equal(3L, Assert.IsType<OrderedDictionary<string, object?>>(merged.Rows[1]["goals"])["nb_visits"]);
        Assert.Equal(9L, Assert.IsType<OrderedDictionary<string, object?>>(merged.Rows[0]["goals"])["nb_visits"]);
    }

    [Fact]
    public void A_version_1_blob_built_by_hand_still_reads_stored_or_compressed_with_Brotli()
    {
        var stored = Version1Blob();
        var body = new byte[BrotliEncoder.GetMaxCompressedLength(stored.Length)];
        Assert.True(BrotliEncoder.TryCompress(stored.AsSpan(5), body, out var written, quality: 5, window: 22));
        byte[] brotli = [.. stored.AsSpan(0, 4), 1, .. body.AsSpan(0, written)];

        foreach (var blob in new[] { stored, brotli })
        {
            var row = Assert.Single(DataTableSerializer.Deserialize(blob).Rows);
            Assert.Equal("a", row.Label);
            Assert.Equal("5", Assert.IsType<string>(row["nb_visits"]));
            Assert.Equal("0.5230", Assert.IsType<string>(row["revenue"]));
            Assert.Equal(3L, row["nb_hits"]);
        }

        // Merged with a version-2 blob of the same columns: "5" + "7", "0.5230" + "0.25", 3 + "4".
        var day2 = new DataTable();
        var row2 = new DataRow();
        row2.Columns["label"] = "a";
        row2.Columns["nb_visits"] = "7";
        row2.Columns["revenue"] = "0.25";
        row2.Columns["nb_hits"] = "4";
        day2.Rows.Add(row2);
        var merger = new TableMerger();
        merger.AddBlob(brotli);
        merger.AddBlob(DataTableSerializer.Serialize(day2));
        var merged = Assert.Single(merger.ToTable().Rows);
        Assert.Equal(12L, merged["nb_visits"]);
        Assert.Equal(0.523 + 0.25, merged["revenue"]);
        Assert.Equal(7L, merged["nb_hits"]);
    }

    /// <summary>A version-1 blob (stored) as the Makotos before version 2 wrote it: numeric texts as texts (tag 3).</summary>
    private static byte[] Version1Blob() =>
    [
        (byte)'M', (byte)'K', (byte)'T', 1, 0,
        0, 1, 4,
        0, 5, .. "label"u8, 3, 1, (byte)'a',
        0, 9, .. "nb_visits"u8, 3, 1, (byte)'5',
        0, 7, .. "revenue"u8, 3, 6, .. "0.5230"u8,
        0, 7, .. "nb_hits"u8, 1, 6,
        0, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F,
    ];

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
