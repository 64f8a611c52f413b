namespace LowLatencyCascade.Engine.Events;

/// <summary>
/// The health of the feeds behind a signal, written by the feed-health stage (just before publish) on slots that
/// carry a generated signal: one bit per <see cref="Exchange"/> (bit <c>1 &lt;&lt; (int)exchange</c>) in each mask.
/// A signal is <see cref="Degraded"/> when any venue is RED, stale or within its gap hold. All zero (the default):
/// no health stage ran (benchmark harnesses), which the encoder writes as nothing fresh and not degraded.
/// </summary>
public struct FeedHealthAnnotation
{
    /// <summary>Venues that delivered a market event within the freshness window of the pipeline's event clock.</summary>
    public byte Fresh;
    /// <summary>Venues with a connection route RED right now (live only: disconnected, silent, streams stale, latency critical).</summary>
    public byte Red;
    /// <summary>Venues that had delivered events before but none within the freshness window.</summary>
    public byte Stale;
    /// <summary>Venues whose connection lost data (a gap marker) recently: until they deliver again, and for the gap hold after.</summary>
    public byte Gap;

    public readonly bool Degraded => (Red | Stale | Gap) != 0;

    public static byte Bit(Exchange exchange) => (byte)(1 << (int)exchange);
}
