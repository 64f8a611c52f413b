namespace LowLatencyCascade.Feeds.Binance;

/// <summary>Settings of <see cref="BinanceOpenInterestPoller"/>.</summary>
public sealed record BinanceOpenInterestPollerOptions
{
    public static Uri DefaultBaseAddress { get; } = new("https://fapi.binance.com");

    /// <summary>REST base address; the poller appends <c>/fapi/v1/openInterest?symbol=X</c>.</summary>
    public Uri BaseAddress { get; init; } = DefaultBaseAddress;

    /// <summary>
    /// Time between two requests (one symbol each, round-robin). The endpoint weighs 1 of the 2400 per minute an IP
    /// may spend; one request every 2 s leaves nearly all of it to everything else on the box.
    /// </summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest one request may take before it counts as a failure.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Connection id written into the slots, so the poller shows up as its own producer.</summary>
    public int ConnectionId { get; init; }
}
