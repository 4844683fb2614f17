using System.Text;
using System.Text.RegularExpressions;

namespace Makoto.Plugins.DevicesDetection.Detection;

/// <summary>
/// One regular expression of the device detector's database, matched the way the detector documents:
/// case-insensitively, and only where it starts a token of the User-Agent (at the start, or after a
/// character that is not a letter, digit, <c>-</c> or <c>_</c>, or after such a character and an
/// underscore, or after <c>sprd-</c> / <c>MZ-</c>). The database is written for PCRE; the pattern is
/// translated to .NET syntax once (<see cref="Translate"/>) and compiled on first use, so the few
/// thousand model patterns that are rarely reached cost nothing until they are.
/// </summary>
internal sealed class UaPattern
{
    /// <summary>
    /// Bounds the time of one match, so a pathological User-Agent cannot stall a tracking thread. It is wall
    /// time: on a loaded 2-core machine a thread can wait a few hundred milliseconds for a core, so the bound
    /// is generous (250 ms misdetected ordinary iPhones under load).
    /// </summary>
    internal static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    [ThreadStatic]
    private static int s_timeoutsOnThread;

    /// <summary>
    /// How many matches timed out on this thread so far. A detection during which it grows may be wrong
    /// (a busy machine can stall a match past the timeout), so its result is not cached.
    /// </summary>
    internal static int TimeoutsOnThisThread => s_timeoutsOnThread;

    /// <summary>
    /// Where a pattern may start, as a look-behind: the detector writes it as a consumed prefix
    /// <c>(?:^|[^A-Z0-9\-_]|[^A-Z0-9\-]_|sprd-|MZ-)</c>; as a look-behind the same patterns match, with the
    /// same groups, and the engine can still search for the pattern's own leading text, which is many
    /// times faster.
    /// </summary>
    private const string TokenStart = @"(?<=^|[^A-Z0-9\-_]|[^A-Z0-9\-]_|sprd-|MZ-)";

    private readonly string _pattern;
    private readonly bool _compiled;
    private Regex? _regex;

    /// <param name="pattern">The pattern as the database writes it (PCRE syntax).</param>
    /// <param name="compiled">True for patterns tried on most User-Agents (compiled to IL); false for the rest (interpreted).</param>
    public UaPattern(string pattern, bool compiled)
    {
        Source = pattern;
        _pattern = TokenStart + "(?:" + Translate(pattern) + ")";
        _compiled = compiled;
    }

    /// <summary>The pattern as the database writes it.</summary>
    public string Source { get; }

    public Regex Regex => _regex ?? Create();

    /// <summary>The match, or null when the pattern does not match (or the match timed out).</summary>
    public Match? Match(string userAgent)
    {
        try
        {
            var match = Regex.Match(userAgent);
            return match.Success ? match : null;
        }
        catch (RegexMatchTimeoutException)
        {
            s_timeoutsOnThread++;
            return null;
        }
    }

    public bool IsMatch(string userAgent)
    {
        try
        {
            return Regex.IsMatch(userAgent);
        }
        catch (RegexMatchTimeoutException)
        {
            s_timeoutsOnThread++;
            return false;
        }
    }

    /// <summary>Compiles the pattern now (for start-up warm-up and for tests that check the whole database).</summary>
    public void EnsureCreated() => _ = Regex;

    private Regex Create()
    {
        var options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | (_compiled ? RegexOptions.Compiled : RegexOptions.None);
        var regex = new Regex(_pattern, options, MatchTimeout);

        // Benign race: two threads may both build the regex; either instance is correct.
        _regex = regex;
        return regex;
    }

    /// <summary>
    /// Translates the PCRE constructs that .NET does not accept: escaped characters that .NET does not
    /// know (<c>\_</c>, <c>\h</c>, <c>\R</c>…), Python-style named groups <c>(?P&lt;name&gt;…)</c>,
    /// <c>\x{…}</c> code points, POSIX classes such as <c>[[:alpha:]]</c>, and possessive quantifiers
    /// (<c>a++</c> becomes the greedy <c>a+</c>, which can only widen what matches).
    /// </summary>
    public static string Translate(string pcre)
    {
        var result = new StringBuilder(pcre.Length + 8);
        var inClass = false;
        for (var i = 0; i < pcre.Length; i++)
        {
            var c = pcre[i];
            if (c == '\\' && i + 1 < pcre.Length)
            {
                i = TranslateEscape(pcre, i, result, inClass);
                continue;
            }

            if (inClass)
            {
                if (c == '[' && i + 1 < pcre.Length && pcre[i + 1] == ':' && TryPosixClass(pcre, i, result, out var end))
                {
                    i = end;
                    continue;
                }

                if (c == ']')
                {
                    inClass = false;
                }

                result.Append(c);
                continue;
            }

            switch (c)
            {
                case '[':
                    inClass = true;
                    result.Append(c);
                    if (i + 1 < pcre.Length && pcre[i + 1] == '^')
                    {
                        result.Append('^');
                        i++;
                    }

                    // A ']' right after '[' or '[^' is a literal in PCRE; .NET reads it the same way.
                    if (i + 1 < pcre.Length && pcre[i + 1] == ']')
                    {
                        result.Append(']');
                        i++;
                    }

                    break;
                case '(' when i + 3 < pcre.Length && pcre[i + 1] == '?' && pcre[i + 2] == 'P' && pcre[i + 3] == '<':
                    result.Append("(?<");
                    i += 3;
                    break;
                case '+' when i > 0 && IsQuantifierEnd(pcre, i - 1):
                    // Possessive quantifier: drop the '+', making the quantifier greedy.
                    break;
                default:
                    result.Append(c);
                    break;
            }
        }

        return result.ToString();
    }

    /// <summary>True when position <paramref name="i"/> ends a quantifier (so a following '+' is possessive).</summary>
    private static bool IsQuantifierEnd(string pcre, int i)
    {
        var c = pcre[i];
        if (c is not ('*' or '+' or '?' or '}'))
        {
            return false;
        }

        // An escaped character is an atom, not a quantifier.
        var backslashes = 0;
        for (var j = i - 1; j >= 0 && pcre[j] == '\\'; j--)
        {
            backslashes++;
        }

        if (backslashes % 2 == 1)
        {
            return false;
        }

        // "(?" and "(*" open groups; '?' after '(' is not a quantifier.
        return i == 0 || pcre[i - 1] != '(';
    }

    private static int TranslateEscape(string pcre, int i, StringBuilder result, bool inClass)
    {
        var next = pcre[i + 1];
        switch (next)
        {
            // Escapes that mean the same in .NET.
            case 'd' or 'D' or 'w' or 'W' or 's' or 'S' or 'b' or 'B' or 'A' or 'z' or 'Z' or 'G'
                or 'n' or 'r' or 't' or 'f' or 'v' or 'e' or 'a' or 'p' or 'P' or 'u' or 'c' or 'k':
                result.Append('\\').Append(next);
                return i + 1;
            case 'x' when i + 2 < pcre.Length && pcre[i + 2] == '{':
                {
                    var close = pcre.IndexOf('}', i + 3);
                    if (close > 0 && int.TryParse(pcre.AsSpan(i + 3, close - i - 3), System.Globalization.NumberStyles.HexNumber, null, out var code) && code <= 0xFFFF)
                    {
                        result.Append("\\u").Append(code.ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
                        return close;
                    }

                    result.Append("\\x");
                    return i + 1;
                }

            case 'x':
                result.Append("\\x");
                return i + 1;
            case 'h':
                result.Append(inClass ? @" \t" : @"[ \t]");
                return i + 1;
            case 'R' when !inClass:
                result.Append(@"(?:\r\n|\n|\r)");
                return i + 1;
            default:
                if (char.IsAsciiDigit(next) && !inClass)
                {
                    // Back-reference (or octal in a class): same syntax.
                    result.Append('\\').Append(next);
                    return i + 1;
                }

                if (char.IsAsciiLetterOrDigit(next) || next == '_')
                {
                    // PCRE treats an unknown escaped letter or '_' as the character itself; .NET rejects it.
                    result.Append(next);
                    return i + 1;
                }

                // Escaped punctuation: valid in both.
                result.Append('\\').Append(next);
                return i + 1;
        }
    }

    private static bool TryPosixClass(string pcre, int i, StringBuilder result, out int end)
    {
        end = pcre.IndexOf(":]", i + 2, StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }

        var name = pcre.AsSpan(i + 2, end - i - 2);
        string? set = name switch
        {
            "alpha" => "a-zA-Z",
            "digit" => "0-9",
            "alnum" => "a-zA-Z0-9",
            "upper" => "A-Z",
            "lower" => "a-z",
            "space" => @"\s",
            "xdigit" => "0-9A-Fa-f",
            "punct" => @"!-/:-@\[-`{-~",
            "word" => @"\w",
            _ => null,
        };
        if (set is null)
        {
            return false;
        }

        result.Append(set);
        end++;
        return true;
    }
}
