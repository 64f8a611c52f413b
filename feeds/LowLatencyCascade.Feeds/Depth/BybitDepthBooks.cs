namespace LowLatencyCascade.Feeds.Depth;

/// <summary>
/// Bybit's <c>orderbook.50</c> merged per symbol: a snapshot (or a message with <c>u</c> = 1, Bybit's "service
/// restarted" snapshot) replaces the symbol's book, a delta applies level by level (size 0 deletes, an unknown price
/// is inserted, a known one updated). A symbol's book is taken on its first snapshot from books made with the decoder
/// (<see cref="Preallocated"/>; beyond them it is allocated once) and reused for ever after.
/// </summary>
internal sealed class BybitDepthBooks
{
    /// <summary>Bybit's shallow linear book: 50 levels (linear offers 1, 50, 200 and 1000; checked 2026-12-06).</summary>
    public const int Levels = 50;

    /// <summary>Books made with the decoder (about 2 KiB each), so the first snapshots of up to this many symbols allocate nothing.</summary>
    public const int Preallocated = 256;

    private readonly DepthScratch?[] _books;
    private readonly Stack<DepthScratch> _spare;

    public BybitDepthBooks(int symbolCapacity)
    {
        _books = new DepthScratch?[symbolCapacity];
        int spare = Math.Min(symbolCapacity, Preallocated);
        _spare = new Stack<DepthScratch>(spare);
        for (int i = 0; i < spare; i++) _spare.Push(new DepthScratch());
    }

    /// <summary>Deltas that arrived for a symbol before any snapshot (nothing to merge into): dropped and counted.</summary>
    public long DeltasWithoutSnapshot { get; private set; }

    /// <summary>Merges the frame's levels (in <paramref name="frame"/>) into the symbol's book; null when there is no book to merge into yet.</summary>
    public DepthScratch? Merge(int symbolId, bool reset, DepthScratch frame)
    {
        ref var book = ref _books[symbolId];
        if (reset)
        {
            book ??= _spare.Count > 0 ? _spare.Pop() : new DepthScratch();
            book.Bids.CopyFrom(frame.Bids);
            book.Asks.CopyFrom(frame.Asks);
            return book;
        }
        if (book is null) { DeltasWithoutSnapshot++; return null; }
        var bids = frame.Bids;
        for (int i = 0; i < bids.Count; i++) book.Bids.Apply(bids.Prices[i], bids.Sizes[i], bids: true);
        var asks = frame.Asks;
        for (int i = 0; i < asks.Count; i++) book.Asks.Apply(asks.Prices[i], asks.Sizes[i], bids: false);
        return book;
    }
}
