using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Ring;

namespace LowLatencyCascade.Engine.Health;

/// <summary>
/// Runs on the pipeline thread just before publish and writes <see cref="SignalAnnotation.Feeds"/> on every slot
/// that carries a generated signal: which venues were fresh, which were RED, stale or gapped.
/// <list type="bullet">
/// <item>Fresh / stale: from the slots themselves, on the event clock (the latest event time seen): a venue whose
/// last market event is within <see cref="FeedHealthOptions.FreshWindow"/> of the clock is fresh; one that delivered
/// before but not within the window is stale; one that delivered nothing yet is neither (unknown).</item>
/// <item>Gap: a <see cref="EventKind.Gap"/> slot (a live disconnect, or a capture's disconnect marker in replay) marks
/// its venue until the venue delivers again and for <see cref="FeedHealthOptions.GapHold"/> of event time after.</item>
/// <item>RED: read from the <see cref="FeedStatusBoard"/> the live feeds write (none in replay: never RED there).</item>
/// </list>
/// Fresh, stale and gap depend only on the slots, so a replay marks the same signals at any speed. Plain fields,
/// one writer (this stage's thread); counters readable from any thread. No allocation.
/// </summary>
public sealed class FeedHealthStage : IEventHandler<MarketEvent>
{
    /// <summary>Gap markers are counted per connection id below this bound (live ids are small and dense).</summary>
    public const int MaxCountedConnections = 256;

    private readonly FeedStatusBoard? _board;
    private readonly long _freshMs;
    private readonly long _gapHoldMs;
    private readonly long[] _lastEventMs = new long[ExchangeInfo.Count];
    private readonly bool[] _gapPending = new bool[ExchangeInfo.Count];
    private readonly long[] _gapUntilMs = new long[ExchangeInfo.Count];
    private readonly long[] _gapsByConnection = new long[MaxCountedConnections];
    private long _clockMs = long.MinValue;
    private long _signals;
    private long _degraded;

    public FeedHealthStage(FeedHealthOptions? options = null, FeedStatusBoard? board = null)
    {
        options ??= new FeedHealthOptions();
        if (options.FreshWindow <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(options), "FreshWindow must be positive");
        if (options.GapHold < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(options), "GapHold must not be negative");
        _board = board;
        _freshMs = (long)options.FreshWindow.TotalMilliseconds;
        _gapHoldMs = (long)options.GapHold.TotalMilliseconds;
        Array.Fill(_lastEventMs, long.MinValue);
        Array.Fill(_gapUntilMs, long.MinValue);
    }

    public FeedStatusBoard? Board => _board;

    /// <summary>Signals annotated.</summary>
    public long Signals => Volatile.Read(ref _signals);

    /// <summary>Signals annotated as computed from a degraded view.</summary>
    public long DegradedSignals => Volatile.Read(ref _degraded);

    /// <summary>Gap markers that reached the pipeline from one connection (capture file or live connection id).</summary>
    public long GapsOf(int connectionId) => (uint)connectionId < MaxCountedConnections ? Volatile.Read(ref _gapsByConnection[connectionId]) : 0;

    public void OnEvent(ref MarketEvent slot, long sequence, bool endOfBatch)
    {
        int e = (int)slot.Exchange;
        switch (slot.Kind)
        {
            case EventKind.Gap:
                if ((uint)e < (uint)ExchangeInfo.Count) _gapPending[e] = true;
                if ((uint)slot.ConnectionId < MaxCountedConnections)
                    Volatile.Write(ref _gapsByConnection[slot.ConnectionId], _gapsByConnection[slot.ConnectionId] + 1);
                return;
            case EventKind.None:
            case EventKind.Rejected:
                return;
        }
        long t = slot.EventTimeMs;
        if (t > _clockMs) _clockMs = t;
        if ((uint)e < (uint)ExchangeInfo.Count)
        {
            if (t > _lastEventMs[e]) _lastEventMs[e] = t;
            if (_gapPending[e])
            {
                _gapPending[e] = false;
                _gapUntilMs[e] = t + _gapHoldMs;
            }
        }
        if (!slot.Signal.Generated) return;
        slot.Signal.Feeds = Assess();
        Volatile.Write(ref _signals, _signals + 1);
        if (slot.Signal.Feeds.Degraded) Volatile.Write(ref _degraded, _degraded + 1);
    }

    /// <summary>The venues' health as of the slots seen so far (this stage's thread only).</summary>
    public FeedHealthAnnotation Assess()
    {
        var a = new FeedHealthAnnotation { Red = _board?.RedMask() ?? 0 };
        for (int e = 0; e < ExchangeInfo.Count; e++)
        {
            byte bit = (byte)(1 << e);
            long last = _lastEventMs[e];
            if (last != long.MinValue)
            {
                if (_clockMs - last <= _freshMs) a.Fresh |= bit;
                else a.Stale |= bit;
            }
            if (_gapPending[e] || _clockMs < _gapUntilMs[e]) a.Gap |= bit;
        }
        return a;
    }
}
