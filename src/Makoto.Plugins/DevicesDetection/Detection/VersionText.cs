using System.Text;
using System.Text.RegularExpressions;

namespace Makoto.Plugins.DevicesDetection.Detection;

/// <summary>
/// The text rules of the device detector's database: templates with <c>$1</c>…<c>$9</c> filled from a
/// match, versions with <c>_</c> read as <c>.</c> and cut to <c>major.minor</c> (the detector's default
/// "minor" truncation, which Matomo keeps: Chrome <c>118.0.5993.111</c> is stored as <c>118.0</c>),
/// and version comparison with PHP's <c>version_compare</c> semantics, which the derivation rules use.
/// </summary>
internal static class VersionText
{
    /// <summary>Fills <c>$1</c>…<c>$9</c> with the groups of <paramref name="match"/> (missing groups are empty) and trims.</summary>
    public static string Fill(string template, Match? match)
    {
        if (template.IndexOf('$') < 0)
        {
            return template.Trim();
        }

        var result = new StringBuilder(template.Length + 16);
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '$' && i + 1 < template.Length && template[i + 1] is >= '1' and <= '9')
            {
                var group = template[i + 1] - '0';
                if (match is not null && group < match.Groups.Count && match.Groups[group].Success)
                {
                    result.Append(match.Groups[group].ValueSpan);
                }

                i++;
                continue;
            }

            result.Append(c);
        }

        return result.ToString().Trim();
    }

    /// <summary>A version from a template: filled, <c>_</c> as <c>.</c>, at most <c>major.minor</c>, trimmed of spaces and dots.</summary>
    public static string Version(string template, Match? match) => Truncate(Fill(template, match).Replace('_', '.'));

    /// <summary>Keeps at most two dot-separated parts, then trims spaces and dots at both ends.</summary>
    public static string Truncate(string version)
    {
        var firstDot = version.IndexOf('.');
        if (firstDot >= 0)
        {
            var secondDot = version.IndexOf('.', firstDot + 1);
            if (secondDot >= 0)
            {
                version = version[..secondDot];
            }
        }

        return version.Trim(' ', '.');
    }

    /// <summary>A model name from a template: filled, <c>_</c> as space, a trailing <c> TD</c> removed; "Build" means none.</summary>
    public static string Model(string template, Match? match)
    {
        var model = Fill(template, match).Replace('_', ' ');
        if (model.EndsWith(" TD", StringComparison.OrdinalIgnoreCase))
        {
            model = model[..^3];
        }

        model = model.Trim();
        return model == "Build" ? "" : model;
    }

    /// <summary>The major version as a number (the digits before the first dot), or -1.</summary>
    public static int Major(string version)
    {
        var end = 0;
        while (end < version.Length && char.IsAsciiDigit(version[end]))
        {
            end++;
        }

        return end > 0 && end < 9 ? int.Parse(version.AsSpan(0, end), System.Globalization.CultureInfo.InvariantCulture) : -1;
    }

    /// <summary>
    /// Compares two versions as PHP's <c>version_compare</c> does: parts split at <c>. _ - +</c> and at
    /// changes between digits and letters; numbers compare as numbers; words rank
    /// <c>dev &lt; alpha = a &lt; beta = b &lt; RC = rc &lt; # (a number) &lt; pl = p</c>, other words below <c>dev</c>.
    /// </summary>
    public static int Compare(string left, string right)
    {
        var a = Parts(left);
        var b = Parts(right);
        var count = Math.Max(a.Count, b.Count);
        for (var i = 0; i < count; i++)
        {
            int result;
            if (i >= a.Count)
            {
                // The longer version wins when its extra part is a number, loses when it is a word.
                result = IsNumber(b[i]) ? -1 : Rank(b[i]) >= Rank("#") ? -1 : 1;
            }
            else if (i >= b.Count)
            {
                result = IsNumber(a[i]) ? 1 : Rank(a[i]) >= Rank("#") ? 1 : -1;
            }
            else
            {
                result = ComparePart(a[i], b[i]);
            }

            if (result != 0)
            {
                return result;
            }
        }

        return 0;
    }

    private static int ComparePart(string a, string b)
    {
        var aNumber = IsNumber(a);
        var bNumber = IsNumber(b);
        if (aNumber && bNumber)
        {
            var x = a.TrimStart('0');
            var y = b.TrimStart('0');
            return x.Length != y.Length ? x.Length.CompareTo(y.Length) : Math.Sign(string.CompareOrdinal(x, y));
        }

        return Rank(aNumber ? "#" : a).CompareTo(Rank(bNumber ? "#" : b));
    }

    private static int Rank(string part) => part switch
    {
        "dev" => 0,
        "alpha" or "a" => 1,
        "beta" or "b" => 2,
        "RC" or "rc" => 3,
        "#" => 4,
        "pl" or "p" => 5,
        _ => -1,
    };

    private static bool IsNumber(string part) => part.Length > 0 && part.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0;

    private static List<string> Parts(string version)
    {
        var parts = new List<string>(4);
        var current = new StringBuilder();
        var currentIsDigit = false;
        foreach (var c in version)
        {
            if (c is '.' or '_' or '-' or '+')
            {
                Flush();
                continue;
            }

            var isDigit = char.IsAsciiDigit(c);
            if (current.Length > 0 && isDigit != currentIsDigit)
            {
                Flush();
            }

            currentIsDigit = isDigit;
            current.Append(c);
        }

        Flush();
        return parts;

        void Flush()
        {
            if (current.Length > 0)
            {
                parts.Add(current.ToString());
                current.Clear();
            }
        }
    }
}
