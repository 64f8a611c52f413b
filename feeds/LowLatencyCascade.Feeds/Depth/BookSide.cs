using System.Text.Json;
using LowLatencyCascade.Feeds.Venues;

namespace LowLatencyCascade.Feeds.Depth;

/// <summary>
/// One side of a shallow book as flat, preallocated price and size arrays (unsorted: the summary needs only the best
/// price and sums by distance). Used as the decoders' scratch for a frame's levels and as Bybit's merged per-symbol
/// book. Sizes are base units (OKX contracts already multiplied by the contract value).
/// </summary>
internal sealed class BookSide
{
    private readonly double[] _prices;
    private readonly double[] _sizes;

    public BookSide(int capacity)
    {
        _prices = new double[capacity];
        _sizes = new double[capacity];
    }

    public int Count { get; private set; }
    public int Capacity => _prices.Length;
    public ReadOnlySpan<double> Prices => _prices.AsSpan(0, Count);
    public ReadOnlySpan<double> Sizes => _sizes.AsSpan(0, Count);

    public void Clear() => Count = 0;

    /// <summary>Appends a level as sent (a frame's list); levels beyond the capacity are dropped (deeper than any shallow book).</summary>
    public void Add(double price, double size)
    {
        if (Count == _prices.Length) return;
        _prices[Count] = price;
        _sizes[Count] = size;
        Count++;
    }

    /// <summary>
    /// Reads a <c>[[price, size, ...], ...]</c> array (the reader on its StartArray) into this side, sizes times
    /// <paramref name="sizeMultiplier"/>. False when a level is unreadable (the reader is still left past the array).
    /// </summary>
    public bool Read(ref Utf8JsonReader reader, double sizeMultiplier)
    {
        Clear();
        if (reader.TokenType != JsonTokenType.StartArray) { reader.Skip(); return false; }
        bool ok = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (FrameJson.PriceLevel(ref reader, out double price, out double size) != FieldStatus.Ok || price <= 0 || size < 0) { ok = false; continue; }
            Add(price, size * sizeMultiplier);
        }
        return ok;
    }

    /// <summary>
    /// Applies a delta level (Bybit's rule): size 0 deletes the price, an unknown price is inserted, a known one
    /// updated. When the side is full, a new level replaces the worst one only if it is better (closer to the touch).
    /// </summary>
    public void Apply(double price, double size, bool bids)
    {
        int count = Count;
        for (int i = 0; i < count; i++)
        {
            if (_prices[i] != price) continue;
            if (size == 0)
            {
                Count = --count;
                _prices[i] = _prices[count];
                _sizes[i] = _sizes[count];
            }
            else
            {
                _sizes[i] = size;
            }
            return;
        }
        if (size == 0) return;
        if (count < _prices.Length) { Add(price, size); return; }
        int worst = 0;
        for (int i = 1; i < count; i++)
        {
            if (bids ? _prices[i] < _prices[worst] : _prices[i] > _prices[worst]) worst = i;
        }
        if (bids ? price > _prices[worst] : price < _prices[worst])
        {
            _prices[worst] = price;
            _sizes[worst] = size;
        }
    }

    public void CopyFrom(BookSide other)
    {
        other.Prices.CopyTo(_prices);
        other.Sizes.CopyTo(_sizes);
        Count = Math.Min(other.Count, _prices.Length);
    }
}
