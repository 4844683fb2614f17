using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;

namespace Makoto.Web.Tracker;

/// <summary>
/// A script embedded in the server at build (the tracker, the opt-out form), kept in memory with its
/// gzip and brotli variants compressed once at start, and an entity tag per variant.
/// </summary>
public sealed class StaticScript
{
    private StaticScript(byte[] content)
    {
        Content = content;
        Gzip = Compress(content, stream => new GZipStream(stream, CompressionLevel.SmallestSize, leaveOpen: true));
        Brotli = Compress(content, stream => new BrotliStream(stream, CompressionLevel.SmallestSize, leaveOpen: true));
        Tag = Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 12));
    }

    /// <summary>The script's bytes (UTF-8).</summary>
    public byte[] Content { get; }

    public byte[] Gzip { get; }

    public byte[] Brotli { get; }

    /// <summary>A hash of the content; the entity tags are this tag with the encoding appended.</summary>
    public string Tag { get; }

    /// <summary>Loads an embedded resource of this assembly; the build puts the tracker's files there.</summary>
    public static StaticScript FromResource(string logicalName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(logicalName)
            ?? throw new InvalidOperationException(
                $"The embedded resource {logicalName} is missing: the build of Makoto.Web builds the JavaScript tracker in tracker/ (npm ci, node build.mjs). Build again with Node.js and npm installed.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return new StaticScript(buffer.ToArray());
    }

    /// <summary>This script with <paramref name="first"/> run before it.</summary>
    public StaticScript Prepend(StaticScript first) => new([.. first.Content, .. Content]);

    private static byte[] Compress(byte[] content, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var compression = compressor(output))
        {
            compression.Write(content);
        }

        return output.ToArray();
    }
}

/// <summary>
/// The scripts the server serves: <c>/matomo.js</c> (and its variant for <c>PrivacyManager.forceCookielessTracking</c>)
/// and the opt-out form of <c>optOutJS</c>.
/// </summary>
public sealed class TrackerScripts
{
    public TrackerScripts()
    {
        Tracker = StaticScript.FromResource("Makoto.Web.Tracker.matomo.js");
        // Run before the tracker, as Matomo inserts plugins' tracker files ahead of the tracker's start (tracker/src/force-cookieless.js).
        CookielessTracker = Tracker.Prepend(StaticScript.FromResource("Makoto.Web.Tracker.force-cookieless.js"));
    }

    public StaticScript Tracker { get; }

    /// <summary>The tracker served while <c>PrivacyManager.forceCookielessTracking</c> is on.</summary>
    public StaticScript CookielessTracker { get; }

    public StaticScript OptOutForm { get; } = StaticScript.FromResource("Makoto.Web.Tracker.optout.js");
}
