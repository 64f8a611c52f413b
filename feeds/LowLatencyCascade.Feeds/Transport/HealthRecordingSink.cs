using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Health;

namespace LowLatencyCascade.Feeds.Transport;

/// <summary>
/// The sink a connection hands its decoder. The decoder fills a private staging slot; <see cref="Commit"/>
/// then claims the real ring slot, copies the staged event in and publishes it, and records the event's
/// exchange-to-local latency into the connection's health. Staging costs one struct copy per event and buys
/// three things: the latency sample is read without holding a ref across calls, the ring sequence is claimed
/// only for the moment of the copy (other producers' slots are not held up by our parsing), and a decoder
/// that throws between Claim and Commit leaves no hole in the ring.
/// One instance per connection; used only on that connection's receive thread.
/// </summary>
internal sealed class HealthRecordingSink : IMarketEventSink
{
    private readonly IMarketEventSink _ring;
    private readonly ConnectionHealth _health;
    private MarketEvent _staged;

    public HealthRecordingSink(IMarketEventSink ring, ConnectionHealth health)
    {
        _ring = ring;
        _health = health;
    }

    /// <summary>Local receive time of the frame being decoded (Unix ticks): the latency sample's "local" side.</summary>
    public long FrameReceiveTicks { get; set; }

    /// <summary>Monotonic ingress timestamp of the frame being decoded: when a market event last arrived.</summary>
    public long FrameIngressTimestamp { get; set; }

    public ref MarketEvent Claim() => ref _staged;

    public void Commit()
    {
        ref MarketEvent slot = ref _ring.Claim();
        slot = _staged;
        _ring.Commit();
        if (_staged.Kind is EventKind.Rejected or EventKind.Gap or EventKind.None) return;
        _health.OnMarketEvent(FrameIngressTimestamp);
        if (_staged.ExchangeTimeMs != 0)
            _health.OnLatency(FrameReceiveTicks / TimeSpan.TicksPerMillisecond - _staged.ExchangeTimeMs);
    }
}
