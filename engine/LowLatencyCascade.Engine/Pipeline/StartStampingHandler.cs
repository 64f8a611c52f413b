using System.Diagnostics;
using System.Runtime.CompilerServices;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Ring;

namespace LowLatencyCascade.Engine.Pipeline;

/// <summary>
/// The first handler on a stage thread: stamps when the thread picked the slot up (the start stamp of the thread's
/// first stage), then runs the thread's handler. One clock read per slot per thread, nothing allocated: with the
/// stages' own finish stamps it splits a slot's time in the pipeline into service (a stage working on it) and wait
/// (the slot sitting in the ring behind others, or a thread not yet running), see <see cref="StageLatencies"/>.
/// </summary>
public sealed class StartStampingHandler : IEventHandler<MarketEvent>, ILifecycleAware
{
    private readonly int _stage;
    private readonly IEventHandler<MarketEvent> _inner;

    /// <param name="stage">The thread's first stage: <see cref="StageLatencies.Velocity"/> ... <see cref="StageLatencies.Publish"/>.</param>
    public StartStampingHandler(int stage, IEventHandler<MarketEvent> inner)
    {
        if (stage is < StageLatencies.Velocity or > StageLatencies.Publish) throw new ArgumentOutOfRangeException(nameof(stage), stage, "velocity .. publish");
        ArgumentNullException.ThrowIfNull(inner);
        _stage = stage;
        _inner = inner;
    }

    public IEventHandler<MarketEvent> Inner => _inner;

    public void OnEvent(ref MarketEvent evt, long sequence, bool endOfBatch)
    {
        StartField(ref evt.Stamps, _stage) = Stopwatch.GetTimestamp();
        _inner.OnEvent(ref evt, sequence, endOfBatch);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref long StartField(ref StageStamps s, int stage)
    {
        switch (stage)
        {
            case StageLatencies.Velocity: return ref s.VelocityStart;
            case StageLatencies.Volatility: return ref s.VolatilityStart;
            case StageLatencies.Regime: return ref s.RegimeStart;
            case StageLatencies.Scoring: return ref s.ScoringStart;
            default: return ref s.PublishStart;
        }
    }

    public void OnStart() { if (_inner is ILifecycleAware l) l.OnStart(); }

    public void OnShutdown() { if (_inner is ILifecycleAware l) l.OnShutdown(); }
}
