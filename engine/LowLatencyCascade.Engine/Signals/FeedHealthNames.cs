using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Signals;

/// <summary>
/// The signal's <c>feeds</c> object:
/// <c>"feeds":{"fresh":["binance","bybit"],"degraded":true,"reasons":["okx:red","okx:gap"]}</c>.
/// <c>fresh</c> lists venues in <see cref="Exchange"/> order; <c>reasons</c> lists, per venue in that order, <c>red</c>,
/// <c>stale</c> and <c>gap</c> as <c>venue:reason</c>; <c>degraded</c> is true exactly when <c>reasons</c> is not empty.
/// </summary>
public static class FeedHealthNames
{
    public const byte Red = 1, Stale = 2, Gap = 4;

    public static ReadOnlySpan<byte> Reason(Exchange exchange, byte reason) => (exchange, reason) switch
    {
        (Exchange.Binance, Red) => "binance:red"u8,
        (Exchange.Binance, Stale) => "binance:stale"u8,
        (Exchange.Binance, Gap) => "binance:gap"u8,
        (Exchange.Bybit, Red) => "bybit:red"u8,
        (Exchange.Bybit, Stale) => "bybit:stale"u8,
        (Exchange.Bybit, Gap) => "bybit:gap"u8,
        (Exchange.Okx, Red) => "okx:red"u8,
        (Exchange.Okx, Stale) => "okx:stale"u8,
        (Exchange.Okx, Gap) => "okx:gap"u8,
        _ => "unknown"u8,
    };

    /// <summary>Whether <paramref name="exchange"/> has <paramref name="reason"/> (<see cref="Red"/>, <see cref="Stale"/>, <see cref="Gap"/>) in <paramref name="feeds"/>.</summary>
    public static bool Has(in FeedHealthAnnotation feeds, Exchange exchange, byte reason)
    {
        byte mask = reason switch { Red => feeds.Red, Stale => feeds.Stale, _ => feeds.Gap };
        return (mask & FeedHealthAnnotation.Bit(exchange)) != 0;
    }
}
