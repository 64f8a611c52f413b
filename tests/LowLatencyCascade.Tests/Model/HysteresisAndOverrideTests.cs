using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Engine.Stages;
using Xunit;

namespace LowLatencyCascade.Tests.Model;

/// <summary>The shipped additions to the spec's level rule: hysteresis on the way down, and overrides that need some probability.</summary>
public class HysteresisAndOverrideTests
{
    private const string Symbol = "XUSDT";

    private static CascadeModelOptions WithHysteresis(double holdSeconds, double margin)
    {
        var o = CascadeModelOptions.SpecPreset();
        o.Hysteresis.HoldSeconds = holdSeconds;
        o.Hysteresis.Margin = margin;
        return o;
    }

    private sealed class Stage(CascadeModelOptions options)
    {
        private static readonly SymbolTable Symbols = new();
        private readonly ScoringStage _stage = new(new CascadeScorer(options), Symbols, 16, options, null);

        // Spec scales: velocity 50/s and acceleration 20/s² score 1; 50 M USD/s of volume scores 1.
        public (SignalLevel Level, LevelOverride Reason) At(double seconds, double velocity, double acceleration, double volumeUsd)
        {
            var slot = new ScoredSlot().Velocity(velocity).Acceleration(acceleration).Volume(volumeUsd).Slot;
            slot.SymbolId = Symbols.GetOrAdd(Symbol);
            slot.ExchangeTimeMs = ModelFeed.Start + (long)(seconds * 1000);
            _stage.OnEvent(ref slot, 0, true);
            return (slot.Signal.Level, slot.Model.Score.Override);
        }
    }

    [Fact]
    public void A_level_is_held_for_the_hold_time_after_its_support_ends_then_falls()
    {
        var stage = new Stage(WithHysteresis(5, 0));
        Assert.Equal(SignalLevel.Alert, stage.At(0, 40, 20, 0).Level);           // (0.20 + 0.20 + 0.02 volatility) × 1.5 = 0.63
        var held = stage.At(1, 0, 0, 0);
        Assert.Equal((SignalLevel.Alert, LevelOverride.Hold), held);
        Assert.Equal(SignalLevel.Alert, stage.At(4.9, 0, 0, 0).Level);
        Assert.Equal((SignalLevel.None, LevelOverride.None), stage.At(5.1, 0, 0, 0));
        Assert.Equal(SignalLevel.Alert, stage.At(6, 40, 20, 0).Level);           // up again at once
    }

    [Fact]
    public void The_margin_keeps_a_level_whose_probability_hovers_just_below_its_threshold()
    {
        var stage = new Stage(WithHysteresis(5, 0.05));
        Assert.Equal(SignalLevel.Alert, stage.At(0, 40, 20, 0).Level);
        for (double t = 1; t <= 30; t += 0.5)
        {
            // 0.25 + 0.20 + 0.02 = 0.47: WATCH alone, but within the margin of ALERT's 0.5.
            Assert.Equal(SignalLevel.Alert, stage.At(t, 50, 0, 50_000_000).Level);
        }
        // 0.25 + 0.05 + 0.02 = 0.32: support gone after t = 30; ALERT is held five seconds, then falls to WATCH, not to NONE.
        Assert.Equal(SignalLevel.Alert, stage.At(31, 50, 0, 12_500_000).Level);
        Assert.Equal(SignalLevel.Alert, stage.At(34.9, 50, 0, 12_500_000).Level);
        Assert.Equal(SignalLevel.Watch, stage.At(35.1, 50, 0, 12_500_000).Level);
    }

    [Fact]
    public void Without_hysteresis_the_level_follows_the_probability_at_once()
    {
        var stage = new Stage(CascadeModelOptions.SpecPreset());
        Assert.Equal(SignalLevel.Alert, stage.At(0, 40, 20, 0).Level);
        Assert.Equal(SignalLevel.None, stage.At(0.1, 0, 0, 0).Level);
    }

    [Fact]
    public void Overrides_need_the_minimum_probability()
    {
        var o = CascadeModelOptions.SpecPreset();
        // Velocity and acceleration carry little weight here: (0.05 + 0.05) × 1.5 = 0.15 with both saturated.
        o.Weights = new ScoringWeights { Velocity = 0.05, Acceleration = 0.05, Volume = 0.9, OiChange = 0, Funding = 0, Volatility = 0 };
        var slot = new ScoredSlot().Velocity(60).Acceleration(25);
        Assert.Equal(SignalLevel.Critical, slot.Score(new CascadeScorer(o)).Level);
        Assert.Equal(LevelOverride.CriticalVelocity, slot.Scores.Override);

        o.Overrides.MinProbability = 0.5;
        var damped = new ScoredSlot().Velocity(60).Acceleration(25).Score(new CascadeScorer(o));
        Assert.Equal(SignalLevel.None, damped.Level);
        Assert.Equal(LevelOverride.None, damped.Scores.Override);
    }

    [Fact]
    public void Shipped_defaults_have_hysteresis_and_overrides_from_alert_while_the_spec_preset_has_neither()
    {
        var shipped = CascadeModelOptions.Default();
        Assert.True(shipped.Hysteresis.HoldSeconds > 0 && shipped.Hysteresis.Margin > 0);
        Assert.Equal(shipped.Thresholds.Alert, shipped.Overrides.MinProbability);
        var spec = CascadeModelOptions.SpecPreset();
        Assert.Equal((0.0, 0.0, 0.0), (spec.Hysteresis.HoldSeconds, spec.Hysteresis.Margin, spec.Overrides.MinProbability));
        Assert.Contains(CascadeModelOptions.Default().With(o => o.Hysteresis.Margin = 0.9).Validate(), e => e.StartsWith("Hysteresis:Margin", StringComparison.Ordinal));
    }
}

internal static class OptionsEditing
{
    public static CascadeModelOptions With(this CascadeModelOptions options, Action<CascadeModelOptions> edit)
    {
        edit(options);
        return options;
    }
}
