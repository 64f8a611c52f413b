using System.Diagnostics;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Engine.Ring;

namespace LowLatencyCascade.Engine.Stages;

/// <summary>
/// Counts liquidations (once: duplicates are marked <see cref="ModelAnnotations.Duplicate"/> and skipped) and
/// annotates every modelled slot with its symbol's and the market's velocity as of the slot's event time.
/// Runs in parallel with <see cref="VolatilityStage"/>: writes only <c>Model.Duplicate</c>, <c>Model.Velocity</c>
/// and <c>Stamps.Velocity</c>.
/// </summary>
public sealed class VelocityStage : ModelStage, IEventHandler<MarketEvent>
{
    private readonly VelocityTracker _tracker;
    private long _duplicates;
    private long _outOfRange;

    public VelocityStage(VelocityTracker tracker) : base(ModelStateCapture.VelocityPart, tracker.Capacity) => _tracker = tracker;

    public VelocityTracker Tracker => _tracker;
    /// <summary>Liquidations recognized as duplicates and not counted.</summary>
    public long Duplicates => Volatile.Read(ref _duplicates);
    /// <summary>Slots whose symbol id is beyond the model's capacity (not modelled).</summary>
    public long OutOfRange => Volatile.Read(ref _outOfRange);

    private protected override void WritePart(BinaryWriter w, int symbols) => _tracker.WriteState(w, symbols);
    private protected override void ReadPart(BinaryReader r, int[] map) => _tracker.ReadState(r, map);

    public void OnEvent(ref MarketEvent e, long sequence, bool endOfBatch)
    {
        bool modelled = Enter(ref e, sequence);
        if (e.Kind == EventKind.Depth)
        {
            // A book is not a velocity input; stamped so every slot is measured at every stage.
            e.Stamps.Velocity = Stopwatch.GetTimestamp();
            return;
        }
        if (!modelled)
        {
            if (e.Kind is not (EventKind.None or EventKind.Rejected or EventKind.Gap)) Volatile.Write(ref _outOfRange, _outOfRange + 1);
            return;
        }
        e.Model.Duplicate = false;
        if (e.Kind == EventKind.Liquidation && !_tracker.AddLiquidation(ref e))
        {
            e.Model.Duplicate = true;
            Volatile.Write(ref _duplicates, _duplicates + 1);
        }
        _tracker.Snapshot(e.SymbolId, e.EventTimeMs, ref e.Model.Velocity);
        e.Stamps.Velocity = Stopwatch.GetTimestamp();
    }
}
