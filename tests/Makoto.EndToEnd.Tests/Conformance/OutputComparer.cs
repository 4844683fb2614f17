using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;

namespace Makoto.EndToEnd.Tests.Conformance;

/// <summary>
/// How many of the expected values one output reproduces; <paramref name="Approximate"/> of the
/// matched ones only within the tolerance. <paramref name="Note"/> says why nothing could match
/// (an error answer, an unreadable output).
/// </summary>
internal sealed record FileScore(string File, int Matched, int Total, int Approximate, string? Note)
{
    /// <summary>The report group: the file name up to <c>__</c>, e.g. <c>Actions.getPageUrls~flat</c>.</summary>
    public string Group => File.IndexOf("__", StringComparison.Ordinal) is var end and > 0 ? File[..end] : File;
}

/// <summary>
/// Compares an API output of Makoto with the reference output of Matomo value by value. Every output
/// (JSON, XML, CSV, TSV) is turned into the same tree (objects, arrays, leaf values) and the trees are
/// walked together from the expected side: each expected leaf counts once, and counts as matched when
/// our tree has an equal value at the same place. Only the expected side counts, so extra values in
/// our output cost nothing.
/// </summary>
/// <remarks>
/// Places: object members by name; arrays of rows by the row's identity (<c>label</c>, or
/// <c>uniqueId</c> in API.getReportMetadata, or the <c>idgoal</c> attribute of the goal rows in XML,
/// the n-th occurrence of a repeated identity with the n-th occurrence on our side), other arrays by
/// position. An empty expected array or object counts as one value (matched by an empty one), so an
/// empty report is not free. Values: numbers within 0.5 % (exactly when expected is 0); strings
/// equal, or both numeric (like <c>"21%"</c> or any value of XML and CSV) and within 0.5 %; a JSON
/// number never equals a JSON string.
/// </remarks>
internal sealed class OutputComparer
{
    /// <summary>The site id of the reference run; <c>idSite</c>/<c>idsite</c> values equal to it stand for our site id.</summary>
    public const int ReferenceSiteId = 4;

    private const double Tolerance = 0.005;
    private const int MaxMismatchesPerFile = 25;

    private static readonly string[] s_rowIdentities = ["label", "uniqueId", "idgoal"];

    /// <summary>
    /// Members that no other server can reproduce, skipped on both sides. Live: <c>idVisit</c> and the
    /// other auto-increment ids of the reference database (<c>pageId</c>, <c>pageIdAction</c>,
    /// <c>goalPageId</c>) and <c>fingerprint</c> (salted with the installation's secret). Report
    /// metadata: the ImageGraph URLs, which embed the caller's token and the server's current date.
    /// </summary>
    private static readonly (string FilePrefix, string[] Members)[] s_unreproducible =
    [
        ("Live.getLastVisitsDetails", ["idVisit", "fingerprint", "pageId", "pageIdAction", "goalPageId"]),
        ("API.getReportMetadata", ["imageGraphUrl", "imageGraphEvolutionUrl"]),
    ];

    private readonly HashSet<string> _skipped;
    private readonly int _siteId;
    private readonly List<string> _mismatches = [];
    private readonly List<string> _approximations = [];
    private int _mismatchCount;
    private int _approximateCount;

    private OutputComparer(string file, int siteId)
    {
        _siteId = siteId;
        _skipped = new HashSet<string>(
            s_unreproducible.Where(u => file.StartsWith(u.FilePrefix, StringComparison.Ordinal)).SelectMany(u => u.Members),
            StringComparer.Ordinal);
    }

    /// <summary>
    /// Scores our output of <paramref name="file"/> (by its extension) against the reference output;
    /// also returns the first differences, and the first values that match only within the tolerance.
    /// </summary>
    public static (FileScore Score, IReadOnlyList<string> Differences) Compare(string file, byte[] expected, byte[]? actual, int siteId, string? failure = null)
    {
        var format = Path.GetExtension(file).TrimStart('.');
        var expectedTree = Parse(format, expected);
        var comparer = new OutputComparer(file, siteId);
        JsonNode? actualTree = null;
        var note = failure;
        var present = false;
        if (actual is not null && note is null)
        {
            try
            {
                if (format is "csv" or "tsv" && Decode(actual).StartsWith("Error: ", StringComparison.Ordinal))
                {
                    // CSV and TSV errors are plain text.
                    note = "error: " + Decode(actual)["Error: ".Length..];
                }
                else
                {
                    actualTree = Parse(format, actual);
                    Materialize(actualTree);
                    present = true;
                }
            }
            catch (Exception error) when (error is JsonException or XmlException or FormatException or ArgumentException)
            {
                note = $"our output is not valid {format}: {error.Message}";
            }
        }

        if (present && ErrorMessage(actualTree) is { } message && ErrorMessage(expectedTree) is null)
        {
            // An error answer reproduces nothing, even if some of its members happen to look alike.
            note = "error: " + message;
            present = false;
        }

        var (matched, total) = comparer.Score(expectedTree, actualTree, present, "$");
        if (note is not null)
        {
            return (new FileScore(file, 0, total, 0, note), [note]);
        }

        var differences = comparer._mismatches;
        if (comparer._mismatchCount > differences.Count)
        {
            differences.Add($"… and {comparer._mismatchCount - differences.Count} more differences");
        }

        differences.AddRange(comparer._approximations);
        if (comparer._approximateCount > comparer._approximations.Count)
        {
            differences.Add($"… and {comparer._approximateCount - comparer._approximations.Count} more values within the tolerance only");
        }

        return (new FileScore(file, matched, total, comparer._approximateCount, null), differences);
    }

    /// <summary>Reads an output into the common tree; CSV and TSV may be UTF-16 (with BOM) or UTF-8.</summary>
    public static JsonNode? Parse(string format, byte[] bytes)
    {
        var text = Decode(bytes);
        return format switch
        {
            "json" => JsonNode.Parse(text),
            "xml" => FromXml(XDocument.Parse(text).Root!),
            "csv" => FromSeparated(text, ','),
            "tsv" => FromSeparated(text, '\t'),
            _ => throw new FormatException($"No comparison for the format '{format}'."),
        };
    }

    /// <summary>The error message when a tree is Matomo's error shape (JSON <c>result: error</c>, XML <c>&lt;error message=…/&gt;</c>).</summary>
    public static string? ErrorMessage(JsonNode? tree)
    {
        if (tree is not JsonObject root)
        {
            return null;
        }

        if (root["result"] is JsonValue result && result.GetValueKind() == JsonValueKind.String && result.GetValue<string>() == "error")
        {
            return root["message"]?.ToString() ?? "";
        }

        return root.Count == 1 && root["error"] is JsonObject error ? error["message"]?.ToString() ?? "" : null;
    }

    /// <summary>Visits every node now, so a defect that JsonNode finds lazily (a repeated member name) surfaces here.</summary>
    private static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var member in o)
                {
                    Materialize(member.Value);
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Materialize(item);
                }

                break;
        }
    }

    private static string Decode(byte[] bytes)
    {
        if (bytes is [0xFF, 0xFE, ..])
        {
            return Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
        }

        if (bytes is [0xFE, 0xFF, ..])
        {
            return Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2);
        }

        return bytes is [0xEF, 0xBB, 0xBF, ..] ? Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3) : Encoding.UTF8.GetString(bytes);
    }

    /// <summary>
    /// XML as Matomo writes it: an element whose children are all <c>row</c> is an array; other
    /// elements with children or attributes are objects (attributes become members, so
    /// <c>&lt;row idgoal='1'&gt;</c> has an <c>idgoal</c> member); childless elements are strings.
    /// </summary>
    private static JsonNode? FromXml(XElement element)
    {
        if (!element.HasElements && !element.HasAttributes)
        {
            return JsonValue.Create(element.Value);
        }

        if (element.HasElements && !element.HasAttributes && element.Elements().All(e => e.Name.LocalName == "row"))
        {
            return new JsonArray([.. element.Elements().Select(FromXml)]);
        }

        var result = new JsonObject();
        foreach (var attribute in element.Attributes())
        {
            result[attribute.Name.LocalName] = attribute.Value;
        }

        if (!element.HasElements && element.Value.Length > 0)
        {
            result["#text"] = element.Value;
        }

        foreach (var child in element.Elements())
        {
            var name = child.Name.LocalName;
            for (var n = 2; result.ContainsKey(name); n++)
            {
                name = $"{child.Name.LocalName}#{n}";
            }

            result[name] = FromXml(child);
        }

        return result;
    }

    /// <summary>CSV/TSV: an array of rows keyed by the header; empty cells are absent values.</summary>
    private static JsonArray FromSeparated(string text, char separator)
    {
        var records = SplitRecords(text, separator);
        var rows = new JsonArray();
        if (records.Count == 0)
        {
            return rows;
        }

        var header = records[0];
        foreach (var record in records.Skip(1))
        {
            var row = new JsonObject();
            for (var i = 0; i < record.Count; i++)
            {
                var column = i < header.Count ? header[i] : $"#column{i + 1}";
                if (record[i].Length > 0 && !row.ContainsKey(column))
                {
                    row[column] = record[i];
                }
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>RFC 4180 records: fields may be quoted with <c>"</c>, quotes doubled inside.</summary>
    private static List<List<string>> SplitRecords(string text, char separator)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var started = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }

                continue;
            }

            if (c == '"' && field.Length == 0)
            {
                quoted = true;
                started = true;
            }
            else if (c == separator)
            {
                record.Add(field.ToString());
                field.Clear();
                started = true;
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                if (started || field.Length > 0)
                {
                    record.Add(field.ToString());
                    records.Add(record);
                }

                record = [];
                field.Clear();
                started = false;
            }
            else
            {
                field.Append(c);
                started = true;
            }
        }

        if (started || field.Length > 0)
        {
            record.Add(field.ToString());
            records.Add(record);
        }

        return records;
    }

    /// <summary>Walks the expected tree; <paramref name="present"/> says whether our side has a value here at all.</summary>
    private (int Matched, int Total) Score(JsonNode? expected, JsonNode? actual, bool present, string path)
    {
        switch (expected)
        {
            case JsonObject expectedObject:
            {
                var members = expectedObject.Where(m => !_skipped.Contains(m.Key)).ToList();
                if (members.Count == 0)
                {
                    return Leaf(present && actual is JsonObject o && o.All(m => _skipped.Contains(m.Key)) ? Match.Exact : Match.None, expected, actual, present, path);
                }

                var actualObject = present ? actual as JsonObject : null;
                int matched = 0, total = 0;
                foreach (var (name, value) in members)
                {
                    var expectedValue = IsReferenceSiteId(name, value) ? JsonNode.Parse(_siteId.ToString(CultureInfo.InvariantCulture)) : value;
                    JsonNode? actualValue = null;
                    var has = actualObject is not null && actualObject.TryGetPropertyValue(name, out actualValue);
                    var (m, t) = Score(expectedValue, actualValue, has, $"{path}.{name}");
                    matched += m;
                    total += t;
                }

                return (matched, total);
            }

            case JsonArray expectedArray:
            {
                if (expectedArray.Count == 0)
                {
                    return Leaf(present && actual is JsonArray { Count: 0 } ? Match.Exact : Match.None, expected, actual, present, path);
                }

                var actualArray = present ? actual as JsonArray : null;
                var identity = s_rowIdentities.FirstOrDefault(key => expectedArray.All(row => row is JsonObject o && o.ContainsKey(key)));
                int matched = 0, total = 0;
                if (identity is null)
                {
                    for (var i = 0; i < expectedArray.Count; i++)
                    {
                        var has = actualArray is not null && i < actualArray.Count;
                        var (m, t) = Score(expectedArray[i], has ? actualArray![i] : null, has, $"{path}[{i}]");
                        matched += m;
                        total += t;
                    }

                    return (matched, total);
                }

                var actualRows = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
                foreach (var (key, row) in RowKeys(actualArray, identity))
                {
                    actualRows.TryAdd(key, row);
                }

                foreach (var (key, row) in RowKeys(expectedArray, identity))
                {
                    var has = actualRows.TryGetValue(key, out var actualRow);
                    var (m, t) = Score(row, actualRow, has, $"{path}[{identity}={key}]");
                    matched += m;
                    total += t;
                }

                return (matched, total);
            }

            default:
                return Leaf(present ? LeafMatch(expected, actual) : Match.None, expected, actual, present, path);
        }
    }

    private bool IsReferenceSiteId(string name, JsonNode? value) =>
        name is "idSite" or "idsite"
        && value is JsonValue v
        && v.GetValueKind() == JsonValueKind.Number
        && ToDouble(v) == ReferenceSiteId;

    /// <summary>Each row with its identity, the n-th repeat of an identity suffixed with <c>#n</c>.</summary>
    private static IEnumerable<(string Key, JsonNode Row)> RowKeys(JsonArray? rows, string identity)
    {
        if (rows is null)
        {
            yield break;
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row is not JsonObject o || !o.TryGetPropertyValue(identity, out var id))
            {
                continue;
            }

            var key = KeyText(id);
            var n = seen[key] = seen.GetValueOrDefault(key) + 1;
            yield return (n == 1 ? key : $"{key}#{n}", row);
        }
    }

    private static string KeyText(JsonNode? id) => id switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => id.ToJsonString(),
    };

    private (int Matched, int Total) Leaf(Match match, JsonNode? expected, JsonNode? actual, bool present, string path)
    {
        switch (match)
        {
            case Match.None:
                _mismatchCount++;
                if (_mismatches.Count < MaxMismatchesPerFile)
                {
                    _mismatches.Add($"{path}: expected {Show(expected)}, got {(present ? Show(actual) : "(missing)")}");
                }

                return (0, 1);
            case Match.Close:
                _approximateCount++;
                if (_approximations.Count < MaxMismatchesPerFile)
                {
                    _approximations.Add($"≈ {path}: expected {Show(expected)}, got {Show(actual)} (within {Tolerance:P1})");
                }

                return (1, 1);
            default:
                return (1, 1);
        }
    }

    private static string Show(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length > 120 ? text[..117] + "…" : text;
    }

    private static Match LeafMatch(JsonNode? expected, JsonNode? actual)
    {
        if (expected is null || actual is null)
        {
            return expected is null && actual is null ? Match.Exact : Match.None;
        }

        if (expected is not JsonValue e || actual is not JsonValue a)
        {
            return Match.None;
        }

        var kind = e.GetValueKind();
        if (kind != a.GetValueKind())
        {
            return Match.None;
        }

        switch (kind)
        {
            case JsonValueKind.Number:
                return CompareNumbers(ToDouble(e), ToDouble(a));
            case JsonValueKind.String:
            {
                var expectedText = e.GetValue<string>();
                var actualText = a.GetValue<string>();
                if (expectedText == actualText)
                {
                    return Match.Exact;
                }

                return Numeric(expectedText, out var x, out var xPercent) && Numeric(actualText, out var y, out var yPercent) && xPercent == yPercent
                    ? CompareNumbers(x, y)
                    : Match.None;
            }

            default:
                return kind is JsonValueKind.True or JsonValueKind.False ? Match.Exact : Match.None;
        }
    }

    private static double ToDouble(JsonValue number) => double.Parse(number.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static bool Numeric(string text, out double value, out bool percent)
    {
        percent = text.EndsWith('%');
        var number = percent ? text[..^1] : text;
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    /// <summary>
    /// Exact also covers the last-digit noise of floating-point sums (Matomo prints
    /// <c>239.96999999999997</c> where a decimal sum gives 239.97); Close is within the tolerance.
    /// </summary>
    private static Match CompareNumbers(double expected, double actual)
    {
        var difference = Math.Abs(actual - expected);
        if (difference <= 1e-9 * Math.Abs(expected))
        {
            return Match.Exact;
        }

        return expected != 0 && difference <= Tolerance * Math.Abs(expected) ? Match.Close : Match.None;
    }

    private enum Match
    {
        None,
        Close,
        Exact,
    }
}
