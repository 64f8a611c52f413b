using System.Text;

namespace LowLatencyCascade.Engine.Events;

/// <summary>
/// Canonical symbol names (upper-case base + quote, e.g. <c>BTCUSDT</c>; OKX's <c>BTC-USDT-SWAP</c> is mapped
/// to it by the OKX decoder) to small dense integer ids, so no string travels on the hot path.
/// <para>
/// Lookups are lock-free and allocation-free (open addressing over a fixed table, names in a preallocated
/// byte arena). Adding a symbol takes a lock and happens once per symbol, typically at start-up or the
/// first time a venue mentions it; producers on several threads may add concurrently.
/// </para>
/// </summary>
public sealed class SymbolTable
{
    public const int DefaultCapacity = 2048;
    public const int MaxNameLength = 32;

    private readonly int _capacity;
    private readonly int[] _slots;          // id + 1, 0 = empty; length is a power of two >= 2 * capacity
    private readonly int _mask;
    private readonly byte[] _arena;         // capacity * MaxNameLength
    private readonly byte[] _lengths;
    private readonly string?[] _names;
    private readonly object _addLock = new();
    private int _count;

    public SymbolTable(int capacity = DefaultCapacity)
    {
        if (capacity <= 0) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "capacity must be positive");
        _capacity = capacity;
        int size = 1;
        while (size < capacity * 2) size <<= 1;
        _slots = new int[size];
        _mask = size - 1;
        _arena = new byte[capacity * MaxNameLength];
        _lengths = new byte[capacity];
        _names = new string?[capacity];
    }

    /// <summary>A table with the given symbols added in order (ids 0, 1, 2, ...).</summary>
    public static SymbolTable Of(params string[] symbols)
    {
        var t = new SymbolTable(Math.Max(DefaultCapacity, symbols.Length));
        foreach (var s in symbols) t.GetOrAdd(s);
        return t;
    }

    public int Count => Volatile.Read(ref _count);
    public int Capacity => _capacity;

    /// <summary>Finds a symbol's id; allocation-free and lock-free.</summary>
    public bool TryGet(ReadOnlySpan<byte> utf8Name, out int id)
    {
        if (utf8Name.Length == 0 || utf8Name.Length > MaxNameLength) { id = -1; return false; }
        int i = (int)Hash(utf8Name) & _mask;
        while (true)
        {
            int v = Volatile.Read(ref _slots[i]);
            if (v == 0) { id = -1; return false; }
            int candidate = v - 1;
            if (NameMatches(candidate, utf8Name)) { id = candidate; return true; }
            i = (i + 1) & _mask;
        }
    }

    /// <summary>
    /// Finds or adds a symbol. Returns -1 when the name is empty, longer than <see cref="MaxNameLength"/>
    /// or the table is full (callers reject the frame with <see cref="RejectReason.SymbolTableFull"/>).
    /// Allocates only the first time a symbol is seen.
    /// </summary>
    public int GetOrAdd(ReadOnlySpan<byte> utf8Name)
    {
        if (TryGet(utf8Name, out int id)) return id;
        if (utf8Name.Length == 0 || utf8Name.Length > MaxNameLength) return -1;
        lock (_addLock)
        {
            if (TryGet(utf8Name, out id)) return id;
            int n = _count;
            if (n >= _capacity) return -1;
            utf8Name.CopyTo(_arena.AsSpan(n * MaxNameLength));
            _lengths[n] = (byte)utf8Name.Length;
            _names[n] = Encoding.UTF8.GetString(utf8Name);
            int i = (int)Hash(utf8Name) & _mask;
            while (_slots[i] != 0) i = (i + 1) & _mask;
            Volatile.Write(ref _count, n + 1);
            Volatile.Write(ref _slots[i], n + 1); // publish last: readers see a complete entry
            return n;
        }
    }

    public int GetOrAdd(string name)
    {
        Span<byte> buf = stackalloc byte[MaxNameLength * 4];
        int len = Encoding.UTF8.GetBytes(name.AsSpan().Trim(), buf);
        Span<byte> upper = buf[..len];
        for (int k = 0; k < upper.Length; k++) if (upper[k] is >= (byte)'a' and <= (byte)'z') upper[k] -= 32;
        return GetOrAdd(upper);
    }

    public bool TryGet(string name, out int id)
    {
        Span<byte> buf = stackalloc byte[MaxNameLength * 4];
        int len = Encoding.UTF8.GetBytes(name.AsSpan().Trim(), buf);
        Span<byte> upper = buf[..len];
        for (int k = 0; k < upper.Length; k++) if (upper[k] is >= (byte)'a' and <= (byte)'z') upper[k] -= 32;
        return TryGet(upper, out id);
    }

    /// <summary>The symbol's canonical name (a string made once, when the symbol was added).</summary>
    public string NameOf(int id) => (uint)id < (uint)Count ? _names[id]! : "UNKNOWN";

    /// <summary>The symbol's canonical name as UTF-8, straight from the arena (no allocation).</summary>
    public ReadOnlySpan<byte> Utf8NameOf(int id) =>
        (uint)id < (uint)Count ? new ReadOnlySpan<byte>(_arena, id * MaxNameLength, _lengths[id]) : "UNKNOWN"u8;

    private bool NameMatches(int id, ReadOnlySpan<byte> name) =>
        _lengths[id] == name.Length && new ReadOnlySpan<byte>(_arena, id * MaxNameLength, name.Length).SequenceEqual(name);

    private static uint Hash(ReadOnlySpan<byte> s)
    {
        uint h = 2166136261;
        foreach (byte b in s) { h ^= b; h *= 16777619; }
        return h ^ (h >> 15);
    }
}
