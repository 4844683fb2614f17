using System.Security.Cryptography;
using System.Text;

namespace Makoto.Core.Segments;

/// <summary>
/// A parsed segment definition: AND terms of OR conditions (<see cref="SegmentParser"/>), with the
/// definition it was parsed from and Matomo's hash of it, which keys its archives
/// (<c>done</c> + hash, metrics-and-archiving.md §6.2). <see cref="None"/> is "all visits".
/// </summary>
public sealed class Segment
{
    private const int MaxLength = 8192;

    private Segment(string definition, IReadOnlyList<IReadOnlyList<SegmentCondition>> terms)
    {
        Definition = definition;
        Terms = terms;
        Hash = terms.Count == 0 ? "" : HashOf(definition);
    }

    /// <summary>No segment: every visit.</summary>
    public static Segment None { get; } = new("", []);

    /// <summary>The definition as used (after Matomo's choice between the given and the URL-decoded text).</summary>
    public string Definition { get; }

    /// <summary><c>md5(urldecode(definition))</c>, empty for <see cref="None"/>.</summary>
    public string Hash { get; }

    /// <summary>The AND terms, each a non-empty list of OR conditions.</summary>
    public IReadOnlyList<IReadOnlyList<SegmentCondition>> Terms { get; }

    public bool IsEmpty => Terms.Count == 0;

    /// <summary>
    /// Parses a definition as Matomo does: a definition may arrive URL-encoded once more than needed, and
    /// both forms usually parse, so when URL-decoding changes it both are tried and the one with more
    /// usable conditions wins (the decoded one on a tie). <paramref name="usableConditions"/> counts the
    /// conditions the sites support and throws <see cref="SegmentException"/> when one is not; the error of
    /// the chosen form is the one reported.
    /// </summary>
    public static Segment Parse(string? definition, Func<IReadOnlyList<IReadOnlyList<SegmentCondition>>, int> usableConditions)
    {
        var raw = (definition ?? "").Trim([' ', '\t', '\n', '\r', '\0', '\x0B']);
        var decoded = PhpUrl.Decode(raw);
        var decodedCount = 0;
        if (decoded != raw)
        {
            decodedCount = Count(decoded, usableConditions);
        }

        if (Count(raw, usableConditions) > decodedCount)
        {
            return Build(raw, usableConditions);
        }

        return Build(decoded, usableConditions);
    }

    /// <summary>Matomo's segment hash: <c>md5(urldecode(definition))</c> in lower-case hex.</summary>
    public static string HashOf(string definition) =>
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(PhpUrl.Decode(definition))));

    public override string ToString() => Definition;

    private static Segment Build(string definition, Func<IReadOnlyList<IReadOnlyList<SegmentCondition>>, int> usableConditions)
    {
        // Matomo keeps the first 8 KB of a definition.
        if (definition.Length > MaxLength)
        {
            definition = definition[..MaxLength];
        }

        var terms = SegmentParser.Parse(definition);
        if (terms.Count == 0)
        {
            return None;
        }

        usableConditions(terms);
        return new Segment(definition, terms);
    }

    private static int Count(string definition, Func<IReadOnlyList<IReadOnlyList<SegmentCondition>>, int> usableConditions)
    {
        try
        {
            return usableConditions(SegmentParser.Parse(definition));
        }
        catch (SegmentException)
        {
            return 0;
        }
    }
}
