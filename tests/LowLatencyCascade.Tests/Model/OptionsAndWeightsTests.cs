using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;
using Microsoft.Extensions.Configuration;
using Xunit;
using LowLatencyCascade.Engine.Stages;

namespace LowLatencyCascade.Tests.Model;

public class OptionsAndWeightsTests
{
    [Fact]
    public void Spec_preset_carries_the_spec_numbers()
    {
        var o = CascadeModelOptions.SpecPreset();
        Assert.Equal((0.25, 0.20, 0.20, 0.15, 0.10, 0.10), (o.Weights.Velocity, o.Weights.Acceleration, o.Weights.Volume, o.Weights.OiChange, o.Weights.Funding, o.Weights.Volatility));
        Assert.Equal((0.30, 0.50, 0.70, 0.90), (o.Thresholds.Watch, o.Thresholds.Alert, o.Thresholds.Critical, o.Thresholds.Extreme));
        Assert.Equal((50.0, 20.0, 50_000_000.0, 0.05, 0.001, 5.0), (o.Scales.Velocity, o.Scales.Acceleration, o.Scales.VolumeUsd, o.Scales.OiChange, o.Scales.Funding, o.Scales.VolRiskMultiplier));
        Assert.Equal((100.0, 40.0, 50.0, 20.0), (o.Overrides.ExtremeVelocity, o.Overrides.ExtremeAcceleration, o.Overrides.CriticalVelocity, o.Overrides.CriticalAcceleration));
        Assert.Equal(100, o.SignalIntervalMs);
        Assert.Equal("BTCUSDT", o.BtcSymbol);
        Assert.False(o.Baseline.Enabled);
        Assert.Empty(o.Validate());
        Assert.Empty(CascadeModelOptions.Default().Validate());
        Assert.True(CascadeModelOptions.Default().Baseline.Enabled);
    }

    [Fact]
    public void Validate_names_the_key_and_the_reason()
    {
        var o = CascadeModelOptions.Default();
        o.Weights.Velocity = -0.1;
        o.Thresholds.Alert = 0.2;
        o.Scales.Funding = 0;
        o.RegimeTable.High.CascadeSensitivity = 0;
        var errors = o.Validate();
        Assert.Contains("Weights:Velocity: must be >= 0 (was -0.1)", errors);
        Assert.Contains(errors, e => e.StartsWith("Thresholds: must be ordered"));
        Assert.Contains("Scales:Funding: must be > 0 (was 0)", errors);
        Assert.Contains("RegimeTable:High:CascadeSensitivity: must be > 0 (was 0)", errors);
        var zero = CascadeModelOptions.SpecPreset();
        zero.Weights = new ScoringWeights { Velocity = 0, Acceleration = 0, Volume = 0, OiChange = 0, Funding = 0, Volatility = 0 };
        Assert.Equal(["Weights: all zero"], zero.Validate());
        Assert.Throws<ArgumentException>(() => new CascadeModel(SymbolTable.Of("BTCUSDT"), zero));
    }

    [Fact]
    public void Options_bind_from_configuration_under_the_spec_names()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Weights:Velocity"] = "0.4",
            ["Thresholds:Critical"] = "0.75",
            ["RegimeTable:Dormant:CascadeSensitivity"] = "1.25",
            ["SignalIntervalMs"] = "250",
            ["Baseline:Enabled"] = "true",
        }).Build();
        var o = CascadeModelOptions.SpecPreset();
        config.Bind(o);
        Assert.Equal(0.4, o.Weights.Velocity);
        Assert.Equal(0.20, o.Weights.Acceleration);
        Assert.Equal(0.75, o.Thresholds.Critical);
        Assert.Equal(1.25, o.RegimeTable.Dormant.CascadeSensitivity);
        Assert.Equal(0.5, o.RegimeTable.Dormant.VelocityMultiplier);
        Assert.Equal(250, o.SignalIntervalMs);
        Assert.True(o.Baseline.Enabled);
    }

    [Fact]
    public void Weight_updates_normalize_to_1()
    {
        var w = new ScoringWeights { Velocity = 3, Acceleration = 2.5, Volume = 2, OiChange = 1.5, Funding = 0.5, Volatility = 0.5 };
        var n = w.Normalize();
        Assert.Equal(1.0, n.Sum, 12);
        Assert.Equal(3 / 10.0, n.Velocity, 12);
        var scorer = new CascadeScorer(CascadeModelOptions.SpecPreset());
        scorer.UpdateWeights(w);
        Assert.Equal(1.0, scorer.Weights.Sum, 12);
        Assert.Equal(0.25, scorer.Weights.Acceleration, 12);
        Assert.Throws<InvalidOperationException>(() => new ScoringWeights { Velocity = -1 }.Normalize());
    }

    [Fact]
    public void Weights_file_round_trips_with_the_spec_keys()
    {
        string path = Path.Combine(Path.GetTempPath(), $"weights-{Guid.NewGuid():N}.json");
        try
        {
            new ScoringWeights { Velocity = 0.3, Acceleration = 0.25, Volume = 0.2, OiChange = 0.15, Funding = 0.05, Volatility = 0.05 }.Save(path);
            string text = File.ReadAllText(path);
            foreach (var key in new[] { "\"velocity\"", "\"acceleration\"", "\"volume\"", "\"oi_change\"", "\"funding\"", "\"volatility\"" }) Assert.Contains(key, text);
            var loaded = ScoringWeights.Load(path);
            Assert.Equal(0.3, loaded.Velocity);
            Assert.Equal(0.05, loaded.Volatility);
            File.WriteAllText(path, "{\"velocity\":-2}");
            var e = Assert.Throws<InvalidDataException>(() => ScoringWeights.Load(path));
            Assert.Contains("Weights:Velocity: must be >= 0", e.Message);
            File.WriteAllText(path, "not json");
            Assert.Throws<InvalidDataException>(() => ScoringWeights.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Symbol_calibration_replaces_the_baseline_scales_for_its_symbols()
    {
        string path = Path.Combine(Path.GetTempPath(), $"calibration-{Guid.NewGuid():N}.json");
        try
        {
            var c = new SymbolCalibration();
            c.Symbols["ETHUSDT"] = new SymbolCalibration.Entry { VelocityScale = 2.0, VolumeScale = 1_000_000 };
            c.Save(path);
            var loaded = SymbolCalibration.Load(path);
            Assert.True(loaded.TryGet("ethusdt", out var entry));
            Assert.Equal(2.0, entry.VelocityScale);

            var model = new CascadeModel(SymbolTable.Of("BTCUSDT", "ETHUSDT", "SOLUSDT"), ModelFeed.Shipped(), loaded);
            var slot = new MarketEvent();
            foreach (var (symbol, expected) in new[] { ("ETHUSDT", 2.0), ("SOLUSDT", CascadeModelOptions.Default().Baseline.VelocityFloor) })
            {
                slot.ResetInput();
                slot.Kind = EventKind.Liquidation;
                slot.SymbolId = model.Symbols.GetOrAdd(symbol);
                slot.ExchangeTimeMs = ModelFeed.Start;
                slot.Price = 10; slot.Quantity = 10; slot.NotionalUsd = 100;
                model.Process(ref slot);
                // NORMAL regime (no BTC feed): the regime multiplier is 1.
                Assert.Equal(expected, slot.Model.Score.VelocityScale, 9);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
