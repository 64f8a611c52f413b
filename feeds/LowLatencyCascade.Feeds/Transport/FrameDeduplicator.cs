using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace LowLatencyCascade.Feeds.Transport;

/// <summary>
/// Tells whether a frame from one of two redundant connections was already delivered by the other: the key is
/// a 64-bit hash of the exact frame bytes and their length, remembered for a short window. Each key counts
/// how often each connection delivered it, so a venue that legitimately repeats identical bytes on one stream
/// still gets every repetition through once (the n-th copy from A is a duplicate only if B already gave its n-th).
/// Preallocated to its capacity (a <see cref="Dictionary{TKey,TValue}"/> reuses freed entries): no
/// allocation per frame. Both connections' threads call it, under a short lock.
/// </summary>
internal sealed class FrameDeduplicator
{
    private struct Seen
    {
        public int BySource0;
        public int BySource1;
    }

    private readonly Dictionary<ulong, Seen> _seen;
    private readonly ulong[] _orderKeys;     // insertion order, for eviction
    private readonly long[] _orderTicks;
    private readonly long _windowTicks;
    private int _head;
    private int _count;
    private long _duplicates;

    public FrameDeduplicator(TimeSpan window, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 16);
        _seen = new Dictionary<ulong, Seen>(capacity);
        _orderKeys = new ulong[capacity];
        _orderTicks = new long[capacity];
        _windowTicks = window.Ticks;
    }

    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <param name="source">0 or 1: which connection delivered the frame.</param>
    /// <param name="receiveTicks">Local receive time (Unix ticks), for the window.</param>
    public bool IsDuplicate(ReadOnlySpan<byte> frame, int source, long receiveTicks)
    {
        ulong key = Hash(frame);
        lock (_seen)
        {
            while (_count > 0 && (_count == _orderKeys.Length || receiveTicks - _orderTicks[_head] > _windowTicks))
            {
                _seen.Remove(_orderKeys[_head]);
                _head = (_head + 1) % _orderKeys.Length;
                _count--;
            }
            ref Seen seen = ref CollectionsMarshal.GetValueRefOrAddDefault(_seen, key, out bool exists);
            if (!exists)
            {
                int tail = (_head + _count) % _orderKeys.Length;
                _orderKeys[tail] = key;
                _orderTicks[tail] = receiveTicks;
                _count++;
            }
            bool duplicate = source == 0 ? ++seen.BySource0 <= seen.BySource1 : ++seen.BySource1 <= seen.BySource0;
            if (duplicate) _duplicates++;
            return duplicate;
        }
    }

    /// <summary>A 64-bit multiply-rotate hash over 8-byte words, finished with the murmur3 mixer.</summary>
    internal static ulong Hash(ReadOnlySpan<byte> bytes)
    {
        const ulong p1 = 0x9E3779B97F4A7C15, p2 = 0xC2B2AE3D27D4EB4F;
        ulong h = p1 ^ (ulong)bytes.Length;
        while (bytes.Length >= 8)
        {
            h = BitOperations.RotateLeft(h ^ (BinaryPrimitives.ReadUInt64LittleEndian(bytes) * p2), 31) * p1;
            bytes = bytes[8..];
        }
        ulong tail = 0;
        for (int i = 0; i < bytes.Length; i++) tail |= (ulong)bytes[i] << (8 * i);
        h = BitOperations.RotateLeft(h ^ (tail * p2), 31) * p1;
        h ^= h >> 33; h *= 0xff51afd7ed558ccd;
        h ^= h >> 33; h *= 0xc4ceb9fe1a85ec53;
        return h ^ (h >> 33);
    }
}
