using System.Diagnostics;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Engine.Ring;

namespace LowLatencyCascade.Engine.Stages;

/// <summary>
/// Feeds BTC trades and mark prices (with their venue: the engine takes one reference venue) to the volatility engine, moves its clock with every modelled slot, and
/// annotates the slot with the BTC volatility snapshot. Runs in parallel with <see cref="VelocityStage"/>:
/// writes only <c>Model.Volatility</c> and <c>Stamps.Volatility</c>.
/// </summary>
public sealed class VolatilityStage : ModelStage, IEventHandler<MarketEvent>
{
    private readonly VolatilityEngine _engine;
    private readonly int _btcId;

    public VolatilityStage(VolatilityEngine engine, int btcSymbolId, int capacity) : base(ModelStateCapture.VolatilityPart, capacity)
    {
        _engine = engine;
        _btcId = btcSymbolId;
    }

    public VolatilityEngine Engine => _engine;

    private protected override void WritePart(BinaryWriter w, int symbols) => _engine.WriteState(w);
    private protected override void ReadPart(BinaryReader r, int[] map) => _engine.ReadState(r);

    public void OnEvent(ref MarketEvent e, long sequence, bool endOfBatch)
    {
        bool modelled = Enter(ref e, sequence);
        if (e.Kind == EventKind.Depth) { e.Stamps.Volatility = Stopwatch.GetTimestamp(); return; } // measured, not an input
        if (!modelled) return;
        long t = e.EventTimeMs;
        if (e.SymbolId == _btcId && e.Kind is EventKind.Trade or EventKind.MarkPrice)
        {
            _engine.OnPrice(t, e.Price, isTrade: e.Kind == EventKind.Trade, e.Exchange);
        }
        else
        {
            _engine.AdvanceTo(t);
        }
        _engine.Snapshot(ref e.Model.Volatility);
        e.Stamps.Volatility = Stopwatch.GetTimestamp();
    }
}
