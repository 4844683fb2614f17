using Makoto.Core.DataTables;
using Makoto.Core.Segments;
using Makoto.Plugins.Actions.RecordBuilders;
using Makoto.Reporting.Rendering;
using Makoto.Reporting.Reports;

namespace Makoto.Plugins.Actions.Api;

/// <summary>
/// The <c>segment</c> metadata of the Actions reports' rows, as Matomo's Actions filter and its
/// segment filters write them: a page row selects its URL (<c>pageUrl==…</c>, or <c>entryPageUrl</c> /
/// <c>exitPageUrl</c> in the entry and exit reports), a folder row every URL below it
/// (<c>pageUrl=^…</c>), a title row its title; the value is URL-encoded twice. Keywords and
/// categories are encoded once.
/// </summary>
internal static class ActionSegments
{
    /// <summary>
    /// Sets the segments of a page URL table, and of its subtables when <paramref name="subtables"/>
    /// (leaves get none without <paramref name="leafSegment"/>).
    /// </summary>
    public static void PageUrls(DataTable table, string mainUrl, string? leafSegment, bool subtables = true) =>
        PageUrls(table, mainUrl.TrimEnd('/') + "/", mainUrl, leafSegment, subtables);

    /// <summary>
    /// Sets the segments of a page title table, and of its subtables when <paramref name="subtables"/>
    /// (leaves get none without <paramref name="leafSegment"/>).
    /// </summary>
    public static void PageTitles(DataTable table, string? leafSegment, bool subtables = true)
    {
        foreach (var row in table.AllRows)
        {
            if (ReferenceEquals(row, table.SummaryRow) || row.Label is not { } label)
            {
                continue;
            }

            // Matomo stores titles HTML-escaped and builds the segment from the stored text.
            var value = ActionLabels.PhpTrim(PhpUrl.Decode(XmlRenderer.Escape(label), PhpUrl.Utf8));
            if (row.Subtable is { } subtable)
            {
                row.Metadata["segment"] = "pageTitle=^" + Twice(value);
                if (subtables)
                {
                    PageTitles(subtable, leafSegment);
                }
            }
            else if (leafSegment is not null)
            {
                row.Metadata["segment"] = leafSegment + "==" + Twice(value);
            }
        }
    }

    /// <summary>Sets the segments of the URL rows of a downloads or outlinks table (host rows have none).</summary>
    public static void Links(DataTable table, string leafSegment, bool subtables = true)
    {
        foreach (var row in table.AllRows)
        {
            if (row.Metadata.GetValueOrDefault("url") is string { Length: > 0 } url)
            {
                row.Metadata["segment"] = leafSegment + "==" + Twice(PhpUrl.Decode(url, PhpUrl.Utf8));
            }

            if (subtables && row.Subtable is { } subtable)
            {
                Links(subtable, leafSegment);
            }
        }
    }

    /// <summary>Sets <c>name==urlencode(label)</c> on the rows of a flat table (keywords, categories).</summary>
    public static void ByLabel(DataTable table, string name) => SegmentMetadata.Add(table, name);

    private static void PageUrls(DataTable table, string folderStart, string mainUrl, string? leafSegment, bool subtables)
    {
        foreach (var row in table.AllRows)
        {
            var label = row.Label ?? "";
            if (row.Metadata.GetValueOrDefault("url") is string { Length: > 0 } url)
            {
                // The following-search reports' dimension has no segment: their pages get none.
                if (leafSegment is not null)
                {
                    row.Metadata["segment"] = leafSegment + "==" + Twice(PhpUrl.Decode(url, PhpUrl.Utf8));
                }
            }
            else if (row.Subtable is { } subtable)
            {
                var folder = folderStart + label;
                row.Metadata["segment"] = "pageUrl=^" + Twice(folder);
                if (subtables)
                {
                    PageUrls(subtable, folder + "/", mainUrl, leafSegment, subtables);
                }
            }
            else
            {
                // Rows without a URL ("Page URL not defined"): Matomo's fallback for folders of old archives.
                row.Metadata["segment"] = "pageUrl=^" + Twice(mainUrl + "/" + label);
            }
        }
    }

    private static string Twice(string value) => PhpUrl.Encode(PhpUrl.Encode(value));
}
