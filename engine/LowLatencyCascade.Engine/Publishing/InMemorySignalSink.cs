using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Publishing;

/// <summary>
/// Keeps the last <see cref="Capacity"/> signals in memory: for tests, tools and as the zero-I/O baseline in the
/// benchmarks. Entries are reused, so a steady stream of signals of similar size allocates nothing.
/// </summary>
public sealed class InMemorySignalSink : ISignalSink
{
    private readonly object _lock = new();
    private readonly Entry[] _ring;
    private long _count;

    public InMemorySignalSink(int capacity = 4096, string name = "memory")
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "capacity must be at least 1");
        _ring = new Entry[capacity];
        Name = name;
    }

    public string Name { get; }
    public int Capacity => _ring.Length;

    /// <summary>Signals written since the start (including those no longer retained).</summary>
    public long Count { get { lock (_lock) return _count; } }

    public SinkStats Stats => new(Count, 0);

    public void Write(in SignalMessage message)
    {
        lock (_lock)
        {
            ref Entry e = ref _ring[_count % _ring.Length];
            // Rounded up to a power of two (at least 1 KiB, a signal's usual size): an entry grows a handful of
            // times at most, not each time a slightly longer message lands on it.
            if (e.Json is null || e.Json.Length < message.Json.Length)
                e.Json = new byte[System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(message.Json.Length, 1024))];
            message.Json.CopyTo(e.Json);
            e.Length = message.Json.Length;
            e.SymbolId = message.SymbolId;
            e.Level = message.Level;
            e.Probability = message.Probability;
            e.EventTimeMs = message.EventTimeMs;
            _count++;
            Monitor.PulseAll(_lock);
        }
    }

    public void Flush() { }

    /// <summary>Waits until at least <paramref name="count"/> signals have been written in total.</summary>
    public bool WaitForCount(long count, TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_lock)
        {
            while (_count < count)
            {
                long left = deadline - Environment.TickCount64;
                if (left <= 0) return false;
                Monitor.Wait(_lock, (int)Math.Min(left, int.MaxValue));
            }
            return true;
        }
    }

    /// <summary>Copies of the retained signals, oldest first.</summary>
    public IReadOnlyList<CapturedSignal> Snapshot()
    {
        lock (_lock)
        {
            long first = Math.Max(0, _count - _ring.Length);
            var list = new List<CapturedSignal>((int)(_count - first));
            for (long i = first; i < _count; i++)
            {
                ref readonly Entry e = ref _ring[i % _ring.Length];
                list.Add(new CapturedSignal(e.Json![..e.Length], e.SymbolId, e.Level, e.Probability, e.EventTimeMs));
            }
            return list;
        }
    }

    private struct Entry
    {
        public byte[]? Json;
        public int Length;
        public int SymbolId;
        public SignalLevel Level;
        public double Probability;
        public long EventTimeMs;
    }
}
