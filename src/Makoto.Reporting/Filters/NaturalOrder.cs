namespace Makoto.Reporting.Filters;

/// <summary>
/// PHP's <c>strnatcasecmp</c> over UTF-8 bytes, the order Matomo sorts labels in: runs of digits
/// compare as numbers (<c>page2</c> before <c>page10</c>), runs starting with 0 digit by digit,
/// blanks are skipped, ASCII letters compare without case, other bytes by value.
/// </summary>
internal static class NaturalOrder
{
    public static int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return a.Length == b.Length ? 0 : (a.Length > b.Length ? 1 : -1);
        }

        var ai = 0;
        var bi = 0;

        // Leading zeros before a digit are skipped once, at the start.
        while (At(a, ai) == '0' && IsDigit(At(a, ai + 1)))
        {
            ai++;
        }

        while (At(b, bi) == '0' && IsDigit(At(b, bi + 1)))
        {
            bi++;
        }

        while (true)
        {
            while (IsSpace(At(a, ai)))
            {
                ai++;
            }

            while (IsSpace(At(b, bi)))
            {
                bi++;
            }

            var ca = At(a, ai);
            var cb = At(b, bi);
            if (IsDigit(ca) && IsDigit(cb))
            {
                var result = ca == '0' || cb == '0'
                    ? CompareLeftAligned(a, ref ai, b, ref bi)
                    : CompareRightAligned(a, ref ai, b, ref bi);
                if (result != 0)
                {
                    return result;
                }

                if (ai >= a.Length && bi >= b.Length)
                {
                    return 0;
                }

                if (ai >= a.Length)
                {
                    return -1;
                }

                if (bi >= b.Length)
                {
                    return 1;
                }

                ca = At(a, ai);
                cb = At(b, bi);
            }

            ca = ToUpper(ca);
            cb = ToUpper(cb);
            if (ca != cb)
            {
                return ca < cb ? -1 : 1;
            }

            ai++;
            bi++;
            if (ai >= a.Length && bi >= b.Length)
            {
                return 0;
            }

            if (ai >= a.Length)
            {
                return -1;
            }

            if (bi >= b.Length)
            {
                return 1;
            }
        }
    }

    /// <summary>Numbers without leading zero: the longer run wins, else the first differing digit.</summary>
    private static int CompareRightAligned(ReadOnlySpan<byte> a, ref int ai, ReadOnlySpan<byte> b, ref int bi)
    {
        var bias = 0;
        for (; ; ai++, bi++)
        {
            var da = IsDigit(At(a, ai));
            var db = IsDigit(At(b, bi));
            if (!da && !db)
            {
                return bias;
            }

            if (!da)
            {
                return -1;
            }

            if (!db)
            {
                return 1;
            }

            if (bias == 0 && a[ai] != b[bi])
            {
                bias = a[ai] < b[bi] ? -1 : 1;
            }
        }
    }

    /// <summary>Runs with a leading zero compare as fractions: the first differing digit wins.</summary>
    private static int CompareLeftAligned(ReadOnlySpan<byte> a, ref int ai, ReadOnlySpan<byte> b, ref int bi)
    {
        for (; ; ai++, bi++)
        {
            var da = IsDigit(At(a, ai));
            var db = IsDigit(At(b, bi));
            if (!da && !db)
            {
                return 0;
            }

            if (!da)
            {
                return -1;
            }

            if (!db)
            {
                return 1;
            }

            if (a[ai] != b[bi])
            {
                return a[ai] < b[bi] ? -1 : 1;
            }
        }
    }

    private static byte At(ReadOnlySpan<byte> s, int i) => i < s.Length ? s[i] : (byte)0;

    private static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';

    private static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';

    private static byte ToUpper(byte c) => c is >= (byte)'a' and <= (byte)'z' ? (byte)(c - 32) : c;
}
