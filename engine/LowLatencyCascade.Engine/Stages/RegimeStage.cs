using System.Diagnostics;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Engine.Ring;

namespace LowLatencyCascade.Engine.Stages;

/// <summary>
/// After velocity and volatility: feeds BTC trade volume and best bid/ask to the regime detector and annotates
/// the slot with the composite regime and its thresholds. Writes <c>Model.Regime</c> and <c>Stamps.Regime</c>.
/// </summary>
public sealed class RegimeStage : ModelStage, IEventHandler<MarketEvent>
{
    private readonly MarketRegimeDetector _detector;
    private readonly int _btcId;

    public RegimeStage(MarketRegimeDetector detector, int btcSymbolId, int capacity) : base(ModelStateCapture.RegimePart, capacity)
    {
        _detector = detector;
        _btcId = btcSymbolId;
    }

    public MarketRegimeDetector Detector => _detector;

    private protected override void WritePart(BinaryWriter w, int symbols) => _detector.WriteState(w);
    private protected override void ReadPart(BinaryReader r, int[] map) => _detector.ReadState(r);

    public void OnEvent(ref MarketEvent e, long sequence, bool endOfBatch)
    {
        bool modelled = Enter(ref e, sequence);
        if (e.Kind == EventKind.Depth)
        {
            // BTC's books feed the liquidity regime (depth and spread); a book is not classified or scored itself.
            if (e.SymbolId == _btcId) _detector.OnDepth(e.EventTimeMs, e.Exchange, in e.Depth, e.BidPrice, e.AskPrice);
            e.Stamps.Regime = Stopwatch.GetTimestamp();
            return;
        }
        if (!modelled) return;
        long t = e.EventTimeMs;
        if (e.SymbolId == _btcId)
        {
            if (e.Kind == EventKind.Trade) _detector.OnTrade(t, e.NotionalUsd > 0 ? e.NotionalUsd : e.Price * e.Quantity);
            else if (e.Kind == EventKind.BookTicker) _detector.OnBook(e.BidPrice, e.AskPrice);
        }
        _detector.Classify(t, in e.Model.Volatility, ref e.Model.Regime);
        e.Stamps.Regime = Stopwatch.GetTimestamp();
    }
}
