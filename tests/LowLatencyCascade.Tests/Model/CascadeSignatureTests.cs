using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;
using Xunit;

namespace LowLatencyCascade.Tests.Model;

/// <summary>
/// The cascade signature factors added against volatility shocks (issue 18): the market's side judged on its last
/// ten seconds as well as its minute, the breadth lift only for a one-sided symbol in a one-sided market, and rising
/// open interest damped.
/// </summary>
public sealed class CascadeSignatureTests
{
    // A symbol bursting in a broad market (breadth twice its scale), one-sided, on several venues.
    private static ScoredSlot Broad(double marketShortLongShare = 0.9, double symbolShortLongShare = 0.9)
    {
        var s = new ScoredSlot().Velocity(5).Acceleration(0.5).Volume(100_000);
        ref var v = ref s.Slot.Model.Velocity;
        v.Velocity60s = 1;                // 60 liquidations in the minute
        v.LongShare = 0.9;
        v.LongShareShort = symbolShortLongShare;
        v.Venues10s = 3;
        v.MarketVenues = 3;
        v.MarketBreadth = 50;
        v.MarketUniverse = 200;
        v.MarketBreadthBaseline = 1;
        v.MarketLongShare = 0.9;          // the minute still holds a one-sided cascade
        v.MarketCountMinute = 400;
        v.MarketLongShareShort = marketShortLongShare;
        v.MarketCountShort = 80;
        return s;
    }

    [Fact]
    public void A_two_sided_market_in_its_last_ten_seconds_lifts_no_one_and_is_damped()
    {
        var scorer = new CascadeScorer(ModelFeed.Shipped());
        var cascade = Broad().Score(scorer);
        Assert.True(cascade.Scores.MarketFactor > 1);
        Assert.False(cascade.Scores.Adjustments.HasFlag(ProbabilityAdjustments.MarketTwoSided));

        var shock = Broad(marketShortLongShare: 0.5).Score(scorer);
        Assert.Equal(1.0, shock.Scores.MarketFactor, 9);
        Assert.True(shock.Scores.Adjustments.HasFlag(ProbabilityAdjustments.MarketTwoSided));
        Assert.True(shock.Probability < cascade.Probability);

        // Too few market liquidations in the ten seconds to judge: the minute decides.
        var thin = Broad(marketShortLongShare: 0.5);
        thin.Slot.Model.Velocity.MarketCountShort = ModelFeed.Shipped().Signature.MarketSideMinEventsShort - 1;
        Assert.True(thin.Score(scorer).Scores.MarketFactor > 1);
    }

    [Fact]
    public void A_symbol_liquidated_on_both_sides_is_not_lifted_by_a_broad_market()
    {
        var scorer = new CascadeScorer(ModelFeed.Shipped());
        var s = Broad(symbolShortLongShare: 0.5).Score(scorer);
        Assert.Equal(1.0, s.Scores.MarketFactor, 9);
        Assert.True(s.Scores.Adjustments.HasFlag(ProbabilityAdjustments.TwoSided));
    }

    [Fact]
    public void Rising_open_interest_damps_and_falling_does_not()
    {
        var o = ModelFeed.Shipped();
        var scorer = new CascadeScorer(o);
        var flat = new ScoredSlot().Velocity(0.3).Score(scorer);
        var rising = new ScoredSlot().Velocity(0.3).OiChange(o.Signature.OiRiseFullChange).Score(scorer);
        var falling = new ScoredSlot().Velocity(0.3).OiChange(-0.01).Score(scorer);
        Assert.True(rising.Scores.Adjustments.HasFlag(ProbabilityAdjustments.OiRising));
        Assert.Equal(flat.Probability * o.Signature.OiRiseFloor, rising.Probability, 9);
        Assert.False(falling.Scores.Adjustments.HasFlag(ProbabilityAdjustments.OiRising));
        Assert.True(falling.Probability > flat.Probability); // the oi_change component scores the fall
        Assert.Equal(1.0, CascadeModelOptions.SpecPreset().Signature.OiRiseFactor(0.01), 9); // spec preset: off

        var bad = CascadeModelOptions.Default();
        bad.Signature.OiRiseFloor = 2;
        bad.Signature.MarketSideFullShare = 0.3;
        bad.Signature.OiFallLift = -1;
        var errors = string.Join("\n", bad.Validate());
        Assert.Contains("Signature:OiRiseFloor", errors);
        Assert.Contains("Signature:MarketSideFullShare", errors);
        Assert.Contains("Signature:OiFallLift", errors);
    }
}
