using System.Buffers.Binary;
using System.Data.Common;
using System.Numerics;
using Makoto.Storage;

namespace Makoto.Tracking.Visits;

/// <summary>
/// A Bloom filter of the visitor ids and configuration fingerprints of every row of <c>log_visit</c>, so
/// that the writer does not query the store for a visitor that was never seen: "not in the filter" means
/// "no visit has this key", "in the filter" means "ask the store" (about 1 % of new visitors are asked
/// anyway). The rows already stored are read once, on a background thread, after the start; until then
/// every lookup asks the store. Every visit the writer inserts or updates is added, so the filter never
/// misses a row — which requires the tracking writer to be the only writer of <c>log_visit</c>.
/// </summary>
internal sealed class KnownVisitKeys
{
    /// <summary>Bits per stored key at the size chosen at start (1 % false positives with 4 probes at 10).</summary>
    private const int BitsPerKey = 10;

    private const int Probes = 4;

    private const long MinBits = 1L << 24;

    private const long MaxBits = 1L << 27;

    private readonly long[] _bits;
    private readonly long _mask;
    private volatile bool _ready;

    private KnownVisitKeys(long bits)
    {
        _bits = new long[bits / 64];
        _mask = bits - 1;
    }

    /// <summary>True once the rows stored before the start are in the filter.</summary>
    public bool IsReady => _ready;

    /// <summary>
    /// A filter sized for twice the visits stored now (2 MB to 16 MB; the highest <c>idvisit</c> stands for
    /// their number), loaded in the background from
    /// <paramref name="database"/>; <paramref name="failed"/> is told when loading fails (the filter then
    /// stays not ready and every lookup asks the store).
    /// </summary>
    public static KnownVisitKeys StartLoading(IDatabase database, Action<Exception> failed)
    {
        long visits;
        using (var connection = database.Open())
        {
            visits = connection.Scalar($"SELECT MAX(idvisit) FROM {database.Dialect.Table("log_visit")}") is { } max and not DBNull
                ? Convert.ToInt64(max, System.Globalization.CultureInfo.InvariantCulture)
                : 0;
        }

        var bits = (long)BitOperations.RoundUpToPowerOf2((ulong)Math.Max(1, visits * 2 * 2 * BitsPerKey));
        var keys = new KnownVisitKeys(Math.Clamp(bits, MinBits, MaxBits));
        var loader = new Thread(() =>
        {
            try
            {
                keys.Load(database);
                keys._ready = true;
            }
            catch (DbException error)
            {
                failed(error);
            }
        })
        {
            Name = "Makoto visit keys",
            IsBackground = true,
        };
        loader.Start();
        return keys;
    }

    /// <summary>Adds a visit's keys (thread-safe: the loader and the writer add at the same time).</summary>
    public void Add(int idSite, byte[] idVisitor, byte[] configId)
    {
        Add(Hash(idSite, idVisitor, 0x9E3779B97F4A7C15));
        Add(Hash(idSite, configId, 0xC2B2AE3D27D4EB4F));
    }

    /// <summary>False only when no stored visit of the site has this visitor id.</summary>
    public bool MayHaveVisitor(int idSite, byte[] idVisitor) => !_ready || Contains(Hash(idSite, idVisitor, 0x9E3779B97F4A7C15));

    /// <summary>False only when no stored visit of the site has this configuration fingerprint.</summary>
    public bool MayHaveConfig(int idSite, byte[] configId) => !_ready || Contains(Hash(idSite, configId, 0xC2B2AE3D27D4EB4F));

    private void Load(IDatabase database)
    {
        var table = database.Dialect.Table("log_visit");
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT idsite, idvisitor, config_id FROM {table}";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var idSite = (int)reader.GetInt64(0);
            Add(idSite, (byte[])reader.GetValue(1), (byte[])reader.GetValue(2));
        }
    }

    private void Add(ulong hash)
    {
        var step = (hash >> 32) | 1;
        for (var i = 0; i < Probes; i++, hash += step)
        {
            var bit = (long)hash & _mask;
            Interlocked.Or(ref _bits[bit >> 6], 1L << (int)(bit & 63));
        }
    }

    private bool Contains(ulong hash)
    {
        var step = (hash >> 32) | 1;
        for (var i = 0; i < Probes; i++, hash += step)
        {
            var bit = (long)hash & _mask;
            if ((Volatile.Read(ref _bits[bit >> 6]) & (1L << (int)(bit & 63))) == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>SplitMix64 over the key's 8 bytes, the site and the kind of key.</summary>
    private static ulong Hash(int idSite, byte[] id, ulong kind)
    {
        var value = id.Length >= 8 ? BinaryPrimitives.ReadUInt64LittleEndian(id) : Short(id);
        var z = value ^ kind ^ ((ulong)(uint)idSite * 0xBF58476D1CE4E5B9);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    private static ulong Short(byte[] id)
    {
        ulong value = (ulong)id.Length << 56;
        for (var i = 0; i < id.Length; i++)
        {
            value |= (ulong)id[i] << (8 * i);
        }

        return value;
    }
}
