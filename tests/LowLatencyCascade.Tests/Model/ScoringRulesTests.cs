using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;
using Xunit;

namespace LowLatencyCascade.Tests.Model;

/// <summary>The spec's scoring rules, one by one, on the spec preset.</summary>
public class ScoringRulesTests
{
    private static readonly CascadeScorer Spec = new(CascadeModelOptions.SpecPreset());

    // The volatility component at the neutral multiplier 1: score 1/5, weight 0.10.
    private const double NeutralVolatility = 0.2 * 0.10;

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(25, 0.5)]
    [InlineData(50, 1.0)]
    [InlineData(120, 1.0)]
    public void Velocity_score_is_events_per_second_over_50_capped_at_1(double velocity, double expected) =>
        Assert.Equal(expected, new ScoredSlot().Velocity(velocity).Score(Spec).Scores.Velocity, 12);

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(10, 0.5)]
    [InlineData(-10, 0.5)]
    [InlineData(20, 1.0)]
    [InlineData(-45, 1.0)]
    public void Acceleration_score_is_absolute_acceleration_over_20(double acceleration, double expected) =>
        Assert.Equal(expected, new ScoredSlot().Acceleration(acceleration).Score(Spec).Scores.Acceleration, 12);

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(25_000_000, 0.5)]
    [InlineData(50_000_000, 1.0)]
    [InlineData(90_000_000, 1.0)]
    public void Volume_score_is_usd_per_second_over_50_million(double usd, double expected) =>
        Assert.Equal(expected, new ScoredSlot().Volume(usd).Score(Spec).Scores.Volume, 12);

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.025, 0.5)]
    [InlineData(-0.025, 0.5)]
    [InlineData(0.08, 1.0)]
    public void Oi_change_score_is_absolute_one_minute_change_over_5_percent(double change, double expected) =>
        Assert.Equal(expected, new ScoredSlot().OiChange(change).Score(Spec).Scores.OiChange, 9);

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.0005, 0.5)]
    [InlineData(-0.0005, 0.5)]
    [InlineData(0.002, 1.0)]
    public void Funding_score_is_absolute_rate_over_0_1_percent(double rate, double expected) =>
        Assert.Equal(expected, new ScoredSlot().Funding(rate).Score(Spec).Scores.Funding, 12);

    [Theory]
    [InlineData(1.0, 0.2)]
    [InlineData(2.5, 0.5)]
    [InlineData(5.0, 1.0)]
    [InlineData(7.0, 1.0)]
    public void Volatility_score_is_risk_multiplier_over_5(double multiplier, double expected) =>
        Assert.Equal(expected, new ScoredSlot().RiskMultiplier(multiplier).Score(Spec).Scores.Volatility, 12);

    [Fact]
    public void Probability_is_the_weighted_sum_with_the_default_weights()
    {
        var s = new ScoredSlot().Velocity(25).Acceleration(5).Volume(10_000_000).Funding(0.0002).OiChange(0.01).Score(Spec);
        double expected = 0.25 * 0.5 + 0.20 * 0.25 + 0.20 * 0.2 + 0.15 * 0.2 + 0.10 * 0.2 + NeutralVolatility;
        Assert.Equal(expected, s.Scores.WeightedSum, 9);
        Assert.Equal(expected, s.Probability, 9);
    }

    [Fact]
    public void Nonlinear_boost_multiplies_by_1_5_when_acceleration_score_above_0_8_and_velocity_score_above_0_7()
    {
        var boosted = new ScoredSlot().Velocity(40).Acceleration(18).Score(Spec);        // 0.8 and 0.9
        double sum = 0.25 * 0.8 + 0.20 * 0.9 + NeutralVolatility;
        Assert.Equal(sum * 1.5, boosted.Probability, 9);
        Assert.True(boosted.Scores.Adjustments.HasFlag(ProbabilityAdjustments.Nonlinear));

        var atEdge = new ScoredSlot().Velocity(35).Acceleration(18).Score(Spec);          // velocity score exactly 0.7: not above
        Assert.Equal(0.25 * 0.7 + 0.20 * 0.9 + NeutralVolatility, atEdge.Probability, 9);
        Assert.False(atEdge.Scores.Adjustments.HasFlag(ProbabilityAdjustments.Nonlinear));
    }

    [Fact]
    public void Exchange_correlation_above_0_7_boosts_by_1_2()
    {
        var plain = new ScoredSlot().Velocity(20).Correlation(0.7).Score(Spec);
        var boosted = new ScoredSlot().Velocity(20).Correlation(0.71).Score(Spec);
        Assert.Equal(plain.Probability * 1.2, boosted.Probability, 9);
        Assert.True(boosted.Scores.Adjustments.HasFlag(ProbabilityAdjustments.ExchangeCorrelation));
        Assert.False(plain.Scores.Adjustments.HasFlag(ProbabilityAdjustments.ExchangeCorrelation));
    }

    [Fact]
    public void Volatility_adjustment_multiplies_by_the_risk_multiplier_then_clamps_to_1()
    {
        var half = new ScoredSlot().Velocity(20).RiskMultiplier(0.5).Score(Spec);
        Assert.Equal((0.25 * 0.4 + 0.10 * 0.1) * 0.5, half.Probability, 9);
        Assert.True(half.Scores.Adjustments.HasFlag(ProbabilityAdjustments.VolatilityDown));

        var high = new ScoredSlot().Velocity(40).Acceleration(10).RiskMultiplier(2.83).Score(Spec);
        double sum = 0.25 * 0.8 + 0.20 * 0.5 + 0.10 * (2.83 / 5);
        Assert.Equal(Math.Min(1, sum * 2.83), high.Probability, 9);
        Assert.Equal(1.0, high.Probability);
        Assert.True(high.Scores.Adjustments.HasFlag(ProbabilityAdjustments.Clamped));
    }

    [Theory]
    [InlineData(0.29, SignalLevel.None)]
    [InlineData(0.30, SignalLevel.Watch)]
    [InlineData(0.49, SignalLevel.Watch)]
    [InlineData(0.50, SignalLevel.Alert)]
    [InlineData(0.70, SignalLevel.Critical)]
    [InlineData(0.89, SignalLevel.Critical)]
    [InlineData(0.90, SignalLevel.Extreme)]
    public void Signal_thresholds_are_30_50_70_90_percent(double probability, SignalLevel expected) =>
        Assert.Equal(expected, Spec.LevelFor(probability, sensitivity: 1.0));

    [Theory]
    [InlineData(1.5, 0.25, SignalLevel.Watch)]     // DORMANT: watch at 0.20, alert at 0.333
    [InlineData(1.5, 0.34, SignalLevel.Alert)]
    [InlineData(0.5, 0.59, SignalLevel.None)]      // EXTREME: watch at 0.60, alert and above at 1.0
    [InlineData(0.5, 0.60, SignalLevel.Watch)]
    [InlineData(0.5, 1.00, SignalLevel.Extreme)]
    public void Regime_adjusted_thresholds_divide_by_the_cascade_sensitivity(double sensitivity, double probability, SignalLevel expected)
    {
        Assert.Equal(expected, Spec.LevelFor(probability, sensitivity));
        Assert.Equal(Math.Min(1, 0.5 / sensitivity), CascadeScorer.AdjustedThreshold(0.5, sensitivity), 12);
    }

    [Fact]
    public void Critical_override_velocity_above_50_and_acceleration_above_20_lifts_a_low_probability()
    {
        var o = CascadeModelOptions.SpecPreset();
        o.Weights = new ScoringWeights { Velocity = 0, Acceleration = 0, Volume = 0, OiChange = 0, Funding = 1, Volatility = 0 };
        var scorer = new CascadeScorer(o);
        var lifted = new ScoredSlot().Velocity(51).Acceleration(21).Score(scorer);
        Assert.Equal(SignalLevel.Critical, lifted.Level);
        Assert.Equal(LevelOverride.CriticalVelocity, lifted.Scores.Override);
        Assert.Equal(0, lifted.Probability);
        var notQuite = new ScoredSlot().Velocity(51).Acceleration(20).Score(scorer);
        Assert.Equal(SignalLevel.None, notQuite.Level);
        Assert.Equal(LevelOverride.None, notQuite.Scores.Override);
    }

    [Fact]
    public void Extreme_override_velocity_above_100_and_acceleration_above_40()
    {
        var o = CascadeModelOptions.SpecPreset();
        o.Weights = new ScoringWeights { Velocity = 0, Acceleration = 0, Volume = 0, OiChange = 0, Funding = 1, Volatility = 0 };
        var scorer = new CascadeScorer(o);
        var s = new ScoredSlot().Velocity(101).Acceleration(41).Score(scorer);
        Assert.Equal(SignalLevel.Extreme, s.Level);
        Assert.Equal(LevelOverride.ExtremeVelocity, s.Scores.Override);
        Assert.Equal(SignalLevel.Critical, new ScoredSlot().Velocity(101).Acceleration(39).Score(scorer).Level);
    }

    [Fact]
    public void Warm_up_caps_the_level_at_watch()
    {
        var cold = new ScoredSlot().Velocity(60).Acceleration(30).Volume(60_000_000).Score(Spec, warm: false);
        Assert.Equal(SignalLevel.Watch, cold.Level);
        Assert.Equal(LevelOverride.WarmupCap, cold.Scores.Override);
        Assert.Equal(SignalLevel.Extreme, new ScoredSlot().Velocity(60).Acceleration(30).Volume(60_000_000).Score(Spec).Level);
    }

    [Fact]
    public void Drivers_name_the_components_that_carry_the_score()
    {
        var s = new ScoredSlot().Velocity(50).Acceleration(20).Funding(0.0001).Score(Spec);
        Assert.Equal(ScoreComponents.Velocity | ScoreComponents.Acceleration, s.Scores.Drivers);
    }

    [Fact]
    public void Probability_stays_in_0_1_for_any_inputs()
    {
        var rng = new Random(7);
        foreach (var options in new[] { CascadeModelOptions.SpecPreset(), CascadeModelOptions.Default() })
        {
            var scorer = new CascadeScorer(options);
            for (int i = 0; i < 3000; i++)
            {
                var s = new ScoredSlot()
                    .Velocity(rng.NextDouble() * 200).Acceleration((rng.NextDouble() - 0.5) * 100).Volume(rng.NextDouble() * 1e8)
                    .Correlation(rng.NextDouble() * 2 - 1).RiskMultiplier(rng.NextDouble() * 10).Funding((rng.NextDouble() - 0.5) * 0.01)
                    .Sensitivity(0.5 + rng.NextDouble());
                s.Slot.Model.Velocity.MarketBreadth = rng.Next(0, 200);
                s.Score(scorer);
                Assert.InRange(s.Probability, 0.0, 1.0);
            }
        }
    }

    [Fact]
    public void More_velocity_never_lowers_the_probability()
    {
        var rng = new Random(11);
        foreach (var options in new[] { CascadeModelOptions.SpecPreset(), CascadeModelOptions.Default() })
        {
            var scorer = new CascadeScorer(options);
            for (int i = 0; i < 300; i++)
            {
                double acceleration = rng.NextDouble() * 40, volume = rng.NextDouble() * 6e7, risk = rng.NextDouble() * 6, corr = rng.NextDouble();
                int breadth = rng.Next(0, 100);
                double previous = -1;
                for (double velocity = 0; velocity <= 120; velocity += 0.7)
                {
                    var s = new ScoredSlot().Velocity(velocity).Acceleration(acceleration).Volume(volume).RiskMultiplier(risk).Correlation(corr);
                    s.Slot.Model.Velocity.MarketBreadth = breadth;
                    s.Score(scorer);
                    Assert.True(s.Probability >= previous, $"velocity {velocity}: {s.Probability} < {previous}");
                    previous = s.Probability;
                }
            }
        }
    }
}
