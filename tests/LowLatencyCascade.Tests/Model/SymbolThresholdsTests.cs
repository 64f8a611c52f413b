using LowLatencyCascade.Hosting.Backtesting;
using LowLatencyCascade.Cli.Configuration;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Engine.Stages;
using LowLatencyCascade.Hosting.Configuration;
using Xunit;

namespace LowLatencyCascade.Tests.Model;

/// <summary>Per-symbol thresholds (plan P1.1): the calibration file's own thresholds, else the tier's, else the model's.</summary>
public sealed class SymbolThresholdsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"cascade-thr-{Environment.ProcessId}-{Guid.NewGuid():N}");

    public SymbolThresholdsTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static readonly SignalThresholds Own = new() { Watch = 0.2, Alert = 0.4, Critical = 0.6, Extreme = 0.8 };

    [Fact]
    public void A_calibrated_symbol_uses_its_own_thresholds_the_others_their_tier_or_the_model()
    {
        var options = ModelFeed.Shipped();
        options.Priors.Large.Thresholds = new SignalThresholds { Watch = 0.35, Alert = 0.6, Critical = 0.8, Extreme = 0.95 };
        var calibration = new SymbolCalibration();
        calibration.Symbols["ETHUSDT"] = new SymbolCalibration.Entry { Thresholds = SymbolCalibration.Levels.From(Own), Minutes = 300, Liquidations = 900 };
        calibration.Symbols["SOLUSDT"] = new SymbolCalibration.Entry { VelocityScale = 1.0, Minutes = 3, Liquidations = 4 }; // history too short: no thresholds
        var model = new CascadeModel(SymbolTable.Of("BTCUSDT", "ETHUSDT", "SOLUSDT"), options, calibration);

        Assert.Equal(0.4, model.Scoring.ThresholdsOf(model.Symbols.GetOrAdd("ETHUSDT")).Alert, 9);   // its own
        Assert.Equal(0.6, model.Scoring.ThresholdsOf(model.Symbols.GetOrAdd("SOLUSDT")).Alert, 9);   // the Large tier's
        Assert.Equal(0.5, model.Scoring.ThresholdsOf(model.Symbols.GetOrAdd("BTCUSDT")).Alert, 9);   // Major: no tier thresholds, the model's

        // The level follows the symbol's thresholds: p 0.45 is ALERT with its own, WATCH with the model's.
        var scorer = new CascadeScorer(ModelFeed.Spec());
        var own = new ScoredSlot();
        own.State.Thresholds = Own;
        // Spec weights: velocity score 1 (0.25) + volume score 0.9 (0.18) + neutral volatility (0.02) = 0.45.
        own.Velocity(50).Volume(45_000_000).Score(scorer);
        Assert.Equal(0.45, own.Probability, 6);
        Assert.Equal(SignalLevel.Alert, own.Level);
        Assert.Equal(SignalLevel.Watch, new ScoredSlot().Velocity(50).Volume(45_000_000).Score(scorer).Level);
    }

    [Fact]
    public void Calibrator_gives_own_thresholds_only_to_a_symbol_whose_history_supports_it()
    {
        var options = CascadeModelOptions.Default();
        long start = ModelFeed.Start, warm = start + (long)(options.WarmupSeconds * 1000);
        var liquidations = new List<DecodedLiquidation>();
        var signals = new List<BacktestSignal>();
        // CALM (Small tier): 60 liquidations over 60 minutes, its ordinary seconds at p 0.1: supported, lowered (bounded).
        // NOISY (Small tier): the same history, ordinary seconds at p 0.5: supported, raised (bounded).
        // SHORT: 10 liquidations in 5 minutes: falls back to its tier.
        for (int i = 0; i < 60; i++)
        {
            liquidations.Add(new DecodedLiquidation("CALMUSDT", start + i * 60_000L, 1000));
            liquidations.Add(new DecodedLiquidation("NOISYUSDT", start + i * 60_000L, 1000));
        }
        for (int i = 0; i < 10; i++) liquidations.Add(new DecodedLiquidation("SHORTUSDT", start + i * 30_000L, 1000));
        for (int s = 0; s < 100; s++)
        {
            signals.Add(new BacktestSignal("CALMUSDT", warm + s * 1000L, SignalLevel.None, 0.1));
            signals.Add(new BacktestSignal("NOISYUSDT", warm + s * 1000L, SignalLevel.Watch, 0.5));
            signals.Add(new BacktestSignal("SHORTUSDT", warm + s * 1000L, SignalLevel.None, 0.1));
        }
        signals.Add(new BacktestSignal("CALMUSDT", start, SignalLevel.None, 0)); // the run's first signal: the warm-up starts here

        var calibration = new SymbolCalibration();
        var calibrator = new ThresholdCalibrator(options);
        var outcomes = calibrator.Apply(calibration, liquidations, signals);

        Assert.True(calibration.TryGet("CALMUSDT", out var calm) && calm.Thresholds is not null);
        Assert.Equal(options.Thresholds.Alert - calibrator.MaxLower, calm.Thresholds!.Alert, 9);
        Assert.True(calibration.TryGet("NOISYUSDT", out var noisy) && noisy.Thresholds is not null);
        Assert.Equal(options.Thresholds.Alert + calibrator.MaxRaise, noisy.Thresholds!.Alert, 9);
        Assert.Equal(60, noisy.Minutes);
        Assert.True(calibration.TryGet("SHORTUSDT", out var thin));
        Assert.Null(thin.Thresholds);
        var outcome = Assert.Single(outcomes, o => o.Symbol == "SHORTUSDT");
        Assert.False(outcome.Own);
        Assert.Equal("Small", outcome.Tier);
        Assert.Contains("minutes", outcome.Why);

        // Written and read back, the model scores CALM with its own thresholds and SHORT with the tier's.
        string path = Path.Combine(_dir, "c.json");
        calibration.Save(path);
        var model = new CascadeModel(SymbolTable.Of("CALMUSDT", "SHORTUSDT"), ModelFeed.Shipped(), SymbolCalibration.Load(path));
        Assert.Equal(calm.Thresholds.Alert, model.Scoring.ThresholdsOf(model.Symbols.GetOrAdd("CALMUSDT")).Alert, 9);
        Assert.Equal(options.Thresholds.Alert, model.Scoring.ThresholdsOf(model.Symbols.GetOrAdd("SHORTUSDT")).Alert, 9);
    }

    [Theory]
    [InlineData("""{"symbols":{"ETHUSDT":{"velocity_scale":1,"volume_scale":1000,"thresholds":{"watch":0.3,"alert":1.5,"critical":0.7,"extreme":0.9}}}}""", "symbols:ETHUSDT:thresholds:alert: must be in (0, 1]")]
    [InlineData("""{"symbols":{"ETHUSDT":{"velocity_scale":1,"volume_scale":1000,"thresholds":{"watch":0.6,"alert":0.5,"critical":0.7,"extreme":0.9}}}}""", "symbols:ETHUSDT:thresholds: must be ordered")]
    [InlineData("""{"symbols":{"ETHUSDT":{"velocity_scale":-1,"volume_scale":1000}}}""", "symbols:ETHUSDT:velocity_scale: must be >= 0")]
    [InlineData("""{"symbols":{"ETHUSDT":{"velocity_scale":"fast","volume_scale":1000}}}""", "$.symbols.ETHUSDT.velocity_scale")]
    [InlineData("""{"symbols":{"ETHUSDT":{"velocity_scale":1,"treshold":0.5}}}""", "treshold")]
    [InlineData("""{"symbols":{"ETHUSDT":null}}""", "symbols:ETHUSDT: must be an object")]
    [InlineData("not json", "not a calibration file")]
    public void A_bad_calibration_file_is_a_configuration_error_naming_the_field(string json, string expected)
    {
        string path = Path.Combine(_dir, "bad.json");
        File.WriteAllText(path, json);
        var e = Assert.Throws<InvalidDataException>(() => SymbolCalibration.Load(path));
        Assert.Contains(expected, e.Message);
        // Through the settings (live, replay, backtest all load them so): the key, then the field.
        var c = Assert.Throws<ConfigurationErrorException>(() => SettingsLoader.Load(null, new Dictionary<string, string?> { ["CalibrationFile"] = path }));
        var error = Assert.Single(c.Errors);
        Assert.StartsWith("CalibrationFile: ", error);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Tier_thresholds_are_configured_and_checked_under_their_key()
    {
        var settings = SettingsLoader.Load(null, new Dictionary<string, string?> { ["Model:Priors:Small:Thresholds:Alert"] = "0.55" });
        Assert.Equal(0.55, settings.Model.Priors.Small.Thresholds!.Alert, 9);
        Assert.Equal(0.3, settings.Model.Priors.Small.Thresholds.Watch, 9); // the rest keep the spec's values
        Assert.Null(settings.Model.Priors.Major.Thresholds);
        var c = Assert.Throws<ConfigurationErrorException>(() => SettingsLoader.Load(null, new Dictionary<string, string?> { ["Model:Priors:Large:Thresholds:Alert"] = "1.5" }));
        Assert.Contains(c.Errors, e => e.Contains("Priors:Large:Thresholds:Alert"));
    }
}
