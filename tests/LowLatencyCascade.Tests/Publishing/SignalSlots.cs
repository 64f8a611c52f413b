using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Tests.Publishing;

/// <summary>Builds scored slots as the scoring stage would leave them for the publish stage.</summary>
internal static class SignalSlots
{
    public const long BaseTimeMs = 1_698_765_432_000;

    public static MarketEvent Signal(int symbolId, SignalLevel level, double probability, long eventTimeMs, double velocity = 41.25)
    {
        var slot = new MarketEvent();
        slot.ResetInput();
        slot.Kind = EventKind.Liquidation;
        slot.Exchange = Exchange.Binance;
        slot.SymbolId = symbolId;
        slot.ExchangeTimeMs = eventTimeMs;
        slot.Price = 43_521.5;
        slot.Quantity = velocity;
        slot.BidQty = 13.08;
        slot.NotionalUsd = 36_050_000.0;
        slot.OpenInterest = 0.0216;
        slot.FundingRate = 0.000189;
        slot.AskQty = 2.83;
        slot.BidPrice = 0.847;
        slot.Signal = new SignalAnnotation { Generated = true, Level = level, Probability = probability };
        return slot;
    }

    /// <summary>A representative probability for a level (inside the spec's band for it).</summary>
    public static double ProbabilityFor(SignalLevel level) => level switch
    {
        SignalLevel.Extreme => 0.95,
        SignalLevel.Critical => 0.75,
        SignalLevel.Alert => 0.6,
        SignalLevel.Watch => 0.4,
        _ => 0.1,
    };
}
