using System.IO.Hashing;
using System.Text;

namespace Makoto.Storage.Logs;

/// <summary>The <c>hash</c> column of <c>log_action</c>: MySQL's <c>CRC32()</c> of the name's UTF-8 bytes (the unsigned IEEE CRC).</summary>
public static class LogActionHash
{
    public static uint Of(string name)
    {
        Span<byte> stack = stackalloc byte[256];
        var max = Encoding.UTF8.GetMaxByteCount(name.Length);
        var buffer = max <= stack.Length ? stack : new byte[max];
        var length = Encoding.UTF8.GetBytes(name, buffer);
        return Crc32.HashToUInt32(buffer[..length]);
    }
}
