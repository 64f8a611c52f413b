using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Health;

namespace LowLatencyCascade.Hosting.Dashboard;

/// <summary>One venue's latest shallow book for a symbol on the dashboard: what the model keeps of it.</summary>
public sealed record BookDepthView
{
    public string Exchange { get; init; } = "";
    public string Symbol { get; init; } = "";
    public int BidLevels { get; init; }
    public int AskLevels { get; init; }
    /// <summary>USD within 10 bps of the mid, bid and ask.</summary>
    public double BidUsd10Bps { get; init; }
    public double AskUsd10Bps { get; init; }
    /// <summary>USD within 50 bps of the mid, bid and ask.</summary>
    public double BidUsd50Bps { get; init; }
    public double AskUsd50Bps { get; init; }
    public long TimeUnixMs { get; init; }
    /// <summary>Fewer than 5 levels on a side: an open insufficient-depth issue.</summary>
    public bool Insufficient { get; init; }
}

internal static class BookDepthViews
{
    /// <summary>At most this many rows (the thinnest books first) so a 200-symbol run keeps the push small.</summary>
    public const int MaxRows = 60;

    public static IReadOnlyList<BookDepthView> From(IReadOnlyList<BookDepthReading> readings) => readings
        .OrderByDescending(r => r.Insufficient).ThenBy(r => r.Symbol, StringComparer.Ordinal).ThenBy(r => r.Exchange)
        .Take(MaxRows)
        .Select(r => new BookDepthView
        {
            Exchange = ExchangeInfo.Name(r.Exchange),
            Symbol = r.Symbol,
            BidLevels = r.Depth.BidLevels,
            AskLevels = r.Depth.AskLevels,
            BidUsd10Bps = r.Depth.BidUsdNear,
            AskUsd10Bps = r.Depth.AskUsdNear,
            BidUsd50Bps = r.Depth.BidUsdWide,
            AskUsd50Bps = r.Depth.AskUsdWide,
            TimeUnixMs = r.TimeMs,
            Insufficient = r.Insufficient,
        }).ToList();
}
