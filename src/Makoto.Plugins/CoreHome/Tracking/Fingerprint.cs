using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Makoto.Core.Sites;
using Makoto.Storage.Options;
using Makoto.Tracking.Pipeline;

namespace Makoto.Plugins.CoreHome.Tracking;

/// <summary>
/// The configuration fingerprint <c>config_id</c> (tracking-api.md §6.2): the first 8 bytes of an MD5
/// over the OS, browser and version, plugin flags, IP (<see cref="HitContext.EnrichmentIp"/>: the anonymized one when
/// the privacy settings use it for enrichment), browser language list, the instance's salt, a
/// per-day salt (visits end at midnight) and the site. When the device was not detected the raw
/// User-Agent stands in for the OS and browser.
/// </summary>
internal sealed class Fingerprint(OptionStore options) : ITrackingProcessor
{
    private readonly Lazy<string> _salt = new(() => options.GetOrCreate("makoto_fingerprint_salt", () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))));

    public string Name => "fingerprint";

    public int Order => TrackingStage.Fingerprint;

    public void Process(HitContext hit)
    {
        var request = hit.Request;
        var visit = hit.Visit;
        var day = SiteTimeZones.LocalDate(request.Timestamp, request.Site.TimeZone);
        var device = visit.ConfigOs is null && visit.ConfigBrowserName is null;
        var language = VisitConfiguration.BrowserLanguage(request.BrowserLanguage);
        var salt = _salt.Value;

        // The text is written into a buffer on the stack (or a pooled one for a long User-Agent), not a string.
        var longest = (device ? request.UserAgent?.Length ?? 0 : (visit.ConfigOs?.Length ?? 0) + (visit.ConfigBrowserName?.Length ?? 0) + (visit.ConfigBrowserVersion?.Length ?? 0))
            + language.Length + salt.Length + (10 * 11) + 64 + (2 * 11);
        char[]? rentedChars = null;
        var chars = longest <= 512 ? stackalloc char[512] : (rentedChars = ArrayPool<char>.Shared.Rent(longest));
        var length = 0;
        if (device)
        {
            Append(chars, ref length, request.UserAgent);
        }
        else
        {
            Append(chars, ref length, visit.ConfigOs);
            Append(chars, ref length, visit.ConfigBrowserName);
            Append(chars, ref length, visit.ConfigBrowserVersion);
        }

        Append(chars, ref length, visit.ConfigFlash);
        Append(chars, ref length, visit.ConfigJava);
        Append(chars, ref length, 0);
        Append(chars, ref length, visit.ConfigQuicktime);
        Append(chars, ref length, visit.ConfigRealplayer);
        Append(chars, ref length, visit.ConfigPdf);
        Append(chars, ref length, visit.ConfigWindowsmedia);
        Append(chars, ref length, 0);
        Append(chars, ref length, visit.ConfigSilverlight);
        Append(chars, ref length, visit.ConfigCookie);
        if (!hit.EnrichmentIp.TryFormat(chars[length..], out var written))
        {
            throw new InvalidOperationException("An IP address did not fit its buffer.");
        }

        length += written;
        Append(chars, ref length, language);
        Append(chars, ref length, salt);
        Append(chars, ref length, day.DayNumber);
        Append(chars, ref length, request.IdSite);

        var text = chars[..length];
        var byteCount = Encoding.UTF8.GetByteCount(text);
        byte[]? rentedBytes = null;
        var bytes = byteCount <= 1024 ? stackalloc byte[1024] : (rentedBytes = ArrayPool<byte>.Shared.Rent(byteCount));
        Encoding.UTF8.GetBytes(text, bytes);
        Span<byte> hash = stackalloc byte[16];
        MD5.HashData(bytes[..byteCount], hash);
        hit.ConfigId = hash[..8].ToArray();
        if (rentedChars is not null)
        {
            ArrayPool<char>.Shared.Return(rentedChars);
        }

        if (rentedBytes is not null)
        {
            ArrayPool<byte>.Shared.Return(rentedBytes);
        }
    }

    private static void Append(Span<char> chars, ref int length, string? value)
    {
        value.AsSpan().CopyTo(chars[length..]);
        length += value?.Length ?? 0;
    }

    /// <summary>A number in invariant digits; nothing for null (as a text concatenation of a PHP null).</summary>
    private static void Append(Span<char> chars, ref int length, int? value)
    {
        if (value is { } number)
        {
            number.TryFormat(chars[length..], out var written, provider: CultureInfo.InvariantCulture);
            length += written;
        }
    }
}
