using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;

namespace LowLatencyCascade.Tests.Model;

/// <summary>
/// A slot whose upstream annotations (velocity, volatility, regime) are set by hand, scored by the scorer
/// alone: the way to pin down each scoring rule in isolation.
/// </summary>
internal sealed class ScoredSlot
{
    public MarketEvent Slot;
    internal readonly SymbolScoringState State = new(new WindowOptions());

    public ScoredSlot()
    {
        Slot.Kind = EventKind.Liquidation;
        Slot.SymbolId = 0;
        Slot.ExchangeTimeMs = ModelFeed.Start;
        Slot.Model.Volatility.RiskMultiplier = 1;       // neutral: the spec's volatility adjustment is then ×1
        Slot.Model.Regime.VelocityMultiplier = 1;
        Slot.Model.Regime.VolumeMultiplier = 1;
        Slot.Model.Regime.CascadeSensitivity = 1;
        Slot.Model.Velocity.MarketBreadth = 0;
    }

    public ScoredSlot Velocity(double eventsPerSecond) { Slot.Model.Velocity.Velocity10s = eventsPerSecond; return this; }
    public ScoredSlot Acceleration(double eventsPerSecond2) { Slot.Model.Velocity.Acceleration = eventsPerSecond2; return this; }
    public ScoredSlot Volume(double usdPerSecond) { Slot.Model.Velocity.VolumeUsdPerSec = usdPerSecond; return this; }
    public ScoredSlot Correlation(double r) { Slot.Model.Velocity.ExchangeCorrelation = r; return this; }
    public ScoredSlot RiskMultiplier(double m) { Slot.Model.Volatility.RiskMultiplier = m; return this; }
    public ScoredSlot Funding(double rate) { State.FundingRate = rate; return this; }
    public ScoredSlot Sensitivity(double s) { Slot.Model.Regime.CascadeSensitivity = s; return this; }

    public ScoredSlot OiChange(double fraction)
    {
        State.OpenInterest.Add(Exchange.Binance, ModelFeed.Start - 120_000, 1000);
        State.OpenInterest.Add(Exchange.Binance, ModelFeed.Start, 1000 * (1 + fraction));
        return this;
    }

    public ScoredSlot Score(CascadeScorer scorer, bool warm = true)
    {
        scorer.Score(ref Slot, State, warm);
        return this;
    }

    public ScoreSnapshot Scores => Slot.Model.Score;
    public double Probability => Slot.Signal.Probability;
    public SignalLevel Level => Slot.Signal.Level;
}
