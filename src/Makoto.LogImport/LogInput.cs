using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using ICSharpCode.SharpZipLib.BZip2;

namespace Makoto.LogImport;

/// <summary>
/// Opens a log file (or standard input for <c>-</c>) as text: gzip and bzip2 are recognised by their first
/// bytes, whatever the file is called. The bytes read from the file itself (compressed) are counted, for
/// progress against the file's size.
/// </summary>
public static class LogInput
{
    /// <summary>The bytes of a file's beginning that identify it for the import ledger.</summary>
    public const int FingerprintBytes = 64 * 1024;

    static LogInput() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>A reader over <paramref name="path"/> (<c>-</c>: <paramref name="stdin"/>), decompressing when needed.</summary>
    public static StreamReader Open(string path, Encoding encoding, Action<long> bytesRead, Stream? stdin = null)
    {
        Stream raw = path == "-"
            ? stdin ?? Console.OpenStandardInput()
            : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);
        var counted = new CountingStream(raw, bytesRead);
        var head = new byte[3];
        var read = 0;
        while (read < head.Length)
        {
            var n = counted.Read(head, read, head.Length - read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        Stream prefixed = new PrefixedStream(head.AsMemory(0, read), counted);
        Stream text = read >= 2 && head[0] == 0x1f && head[1] == 0x8b ? new GZipStream(prefixed, CompressionMode.Decompress)
            : read == 3 && head[0] == (byte)'B' && head[1] == (byte)'Z' && head[2] == (byte)'h' ? new BZip2InputStream(prefixed)
            : prefixed;
        return new StreamReader(text, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
    }

    /// <summary>The encoding named by <c>--encoding</c>; throws a message for the user when it is unknown.</summary>
    public static Encoding GetEncoding(string name)
    {
        try
        {
            return name.Replace("_", "-", StringComparison.Ordinal).ToLowerInvariant() is "utf8" or "utf-8"
                ? new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false)
                : Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            throw new ImportException($"--encoding {name}: this encoding is not known; use a name such as utf-8, iso-8859-1, windows-1252 or big5.", isUsageError: true);
        }
    }

    /// <summary>
    /// SHA-256 of the file's first <see cref="FingerprintBytes"/> bytes (as stored, compressed or not): the
    /// same log file has the same fingerprint even after lines were appended to it.
    /// </summary>
    public static string Fingerprint(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var buffer = new byte[FingerprintBytes];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = file.Read(buffer, read, buffer.Length - read)) > 0)
        {
            read += n;
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.AsSpan(0, read)));
    }

    /// <summary>A forward-only, read-only stream over <paramref name="inner"/>, which it disposes.</summary>
    private abstract class ReadOnlyWrapper(Stream inner) : Stream
    {
        protected Stream Inner { get; } = inner;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>Counts the bytes read through it.</summary>
    private sealed class CountingStream(Stream inner, Action<long> bytesRead) : ReadOnlyWrapper(inner)
    {
        public override int Read(Span<byte> buffer)
        {
            var n = Inner.Read(buffer);
            bytesRead(n);
            return n;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            bytesRead(n);
            return n;
        }
    }

    /// <summary>Gives back bytes already read from the stream (to recognise compression), then the rest of it.</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream inner) : ReadOnlyWrapper(inner)
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override int Read(Span<byte> buffer)
        {
            if (!_prefix.IsEmpty)
            {
                var n = Math.Min(buffer.Length, _prefix.Length);
                _prefix.Span[..n].CopyTo(buffer);
                _prefix = _prefix[n..];
                return n;
            }

            return Inner.Read(buffer);
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            _prefix.IsEmpty ? Inner.ReadAsync(buffer, cancellationToken) : ValueTask.FromResult(Read(buffer.Span));
    }
}
