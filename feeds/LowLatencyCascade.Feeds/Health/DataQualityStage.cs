using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Ring;

namespace LowLatencyCascade.Feeds.Health;

/// <summary>
/// The data quality checks as a ring stage: reads BookTicker and Depth slots into the <see cref="DataQualityMonitor"/>
/// and, at the end of a batch, looks for symbols gone stale, at most once per second of event time (event
/// time, so a replay finds the same stale symbols at any speed). Allocation-free while the data is good.
/// </summary>
public sealed class DataQualityStage : IEventHandler<MarketEvent>
{
    private const long StaleCheckEveryMs = 1000;

    private readonly DataQualityMonitor _monitor;
    private long _latestEventMs;
    private long _lastStaleCheckMs;

    public DataQualityStage(DataQualityMonitor monitor) => _monitor = monitor;

    public void OnEvent(ref MarketEvent evt, long sequence, bool endOfBatch)
    {
        if (evt.Kind == EventKind.BookTicker)
        {
            _monitor.OnBookTicker(evt.Exchange, evt.SymbolId, evt.BidPrice, evt.AskPrice, evt.ExchangeTimeMs,
                evt.ReceiveTimeTicks / TimeSpan.TicksPerMillisecond);
        }
        else if (evt.Kind == EventKind.Depth)
        {
            _monitor.OnDepth(evt.Exchange, evt.SymbolId, in evt.Depth, evt.EventTimeMs);
        }
        if (evt.Kind is not (EventKind.None or EventKind.Rejected or EventKind.Gap))
            _latestEventMs = Math.Max(_latestEventMs, evt.EventTimeMs);
        if (endOfBatch && _latestEventMs - _lastStaleCheckMs >= StaleCheckEveryMs)
        {
            _lastStaleCheckMs = _latestEventMs;
            _monitor.CheckStale(_latestEventMs);
        }
    }
}
