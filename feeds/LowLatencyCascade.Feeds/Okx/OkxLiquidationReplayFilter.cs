namespace LowLatencyCascade.Feeds.Okx;

/// <summary>
/// Remembers the OKX liquidations one decoder has published, so that the liquidations OKX sends again when the
/// channel is (re)subscribed are not counted twice. A liquidation is identified by the raw bytes of its instId,
/// side, posSide, bkPx and sz and by its ts: a replay is byte-for-byte the same detail.
/// <para>
/// Bounded and allocation-free: a set-associative table of <see cref="Buckets"/> × <see cref="Ways"/> entries
/// (64-bit key hash and ts, 256 KB), allocated once; a lookup scans one bucket of 8. An entry counts only while
/// its ts is within <see cref="WindowMs"/> of the newest liquidation ts this filter has seen (venue time, not the
/// local clock); a full bucket evicts its oldest entry. A replay older than the window, or pushed out by more than <see cref="Ways"/> newer liquidations
/// hashing to the same bucket, is not recognized and is counted again.
/// </para>
/// Not thread-safe: a decoder serves one connection's receive loop.
/// </summary>
internal sealed class OkxLiquidationReplayFilter
{
    public const int Buckets = 2048;
    public const int Ways = 8;
    /// <summary>How far back in venue time a liquidation is remembered: 5 minutes.</summary>
    public const long WindowMs = 5 * 60_000;

    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    private readonly ulong[] _hashes = new ulong[Buckets * Ways];
    private readonly long[] _times = new long[Buckets * Ways];
    private long _newestMs = long.MinValue;

    /// <summary>
    /// True when this liquidation was seen before (within the window); otherwise it is remembered and false is returned.
    /// </summary>
    public bool SeenBefore(ReadOnlySpan<byte> instId, ReadOnlySpan<byte> side, ReadOnlySpan<byte> posSide,
        ReadOnlySpan<byte> bankruptcyPrice, ReadOnlySpan<byte> size, long timeMs)
    {
        ulong hash = FnvOffset;
        hash = Mix(hash, instId);
        hash = Mix(hash, side);
        hash = Mix(hash, posSide);
        hash = Mix(hash, bankruptcyPrice);
        hash = Mix(hash, size);
        if (hash == 0) hash = 1; // 0 marks an empty entry

        if (timeMs > _newestMs) _newestMs = timeMs;
        long oldestLive = _newestMs - WindowMs;
        int start = (int)(Spread(hash ^ (ulong)timeMs) % Buckets) * Ways;
        int victim = start;
        long victimTime = long.MaxValue;
        for (int i = start; i < start + Ways; i++)
        {
            bool live = _hashes[i] != 0 && _times[i] >= oldestLive;
            if (live && _hashes[i] == hash && _times[i] == timeMs) return true;
            long age = live ? _times[i] : long.MinValue; // empty or expired entries are taken first
            if (age < victimTime)
            {
                victimTime = age;
                victim = i;
            }
        }
        _hashes[victim] = hash;
        _times[victim] = timeMs;
        return false;
    }

    /// <summary>MurmurHash3's 64-bit finalizer: FNV-1a's low bits are not spread well enough to pick a bucket.</summary>
    private static ulong Spread(ulong x)
    {
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53UL;
        return x ^ (x >> 33);
    }

    /// <summary>FNV-1a over the field, then 0xFF as a separator (a byte valid UTF-8 never contains), so field boundaries count.</summary>
    private static ulong Mix(ulong hash, ReadOnlySpan<byte> field)
    {
        foreach (byte b in field) hash = (hash ^ b) * FnvPrime;
        return (hash ^ 0xFF) * FnvPrime;
    }
}
