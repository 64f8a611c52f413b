using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// Every number of the signal model, under the spec's names, bindable from configuration
/// (<c>Cascade:Model:Weights:Velocity</c>, ...). <see cref="SpecPreset"/> is the spec's prototype numbers;
/// <see cref="Default"/> is what ships: the same structure with scales relative to each symbol's baseline.
/// </summary>
public sealed class CascadeModelOptions
{
    public ScoringWeights Weights { get; set; } = new();
    public SignalThresholds Thresholds { get; set; } = new();
    public ScoreScales Scales { get; set; } = new();
    public BaselineOptions Baseline { get; set; } = new();
    public BoostOptions Boosts { get; set; } = new();
    public OverrideOptions Overrides { get; set; } = new();
    public MarketBreadthOptions Market { get; set; } = new();
    /// <summary>Side imbalance, venue spread and open-interest decline (<see cref="SignatureOptions"/>); off in the spec preset.</summary>
    public SignatureOptions Signature { get; set; } = new();
    public VolatilityOptions Volatility { get; set; } = new();
    public LiquidityOptions Liquidity { get; set; } = new();
    /// <summary>Order-book depth: the depth-drain score input and the liquidity regime from depth (<see cref="DepthOptions"/>).</summary>
    public DepthOptions Depth { get; set; } = new();
    public TrendOptions Trend { get; set; } = new();
    public RegimeTable RegimeTable { get; set; } = new();
    public WindowOptions Windows { get; set; } = new();
    public HysteresisOptions Hysteresis { get; set; } = new();
    /// <summary>What the evidence must show to rise above WATCH during the warm-up.</summary>
    public WarmupOptions Warmup { get; set; } = new();
    /// <summary>Per-symbol priors (liquidity tiers) that stand in for baselines not observed yet.</summary>
    public PriorOptions Priors { get; set; } = new();

    /// <summary>The spec's 10 Hz loop: a symbol's signal is generated at most this often (and at once when its level changes).</summary>
    public int SignalIntervalMs { get; set; } = 100;
    /// <summary>The symbol whose price drives volatility, trend and liquidity.</summary>
    public string BtcSymbol { get; set; } = "BTCUSDT";
    /// <summary>Symbols the model keeps state for (the symbol table's capacity should not exceed it).</summary>
    public int MaxSymbols { get; set; } = 2048;
    /// <summary>
    /// Event time before the model is warm; until then a level above WATCH needs overwhelming evidence
    /// (<see cref="Warmup"/>). 0 = warm at once. A restored state (<see cref="StateFile"/>) carries its warmth over.
    /// </summary>
    public double WarmupSeconds { get; set; }
    /// <summary>
    /// Where the model's state is saved on a clean stop and every <see cref="StateSaveIntervalSeconds"/>, and read
    /// back at start when younger than <see cref="StateMaxAgeSeconds"/>; empty = no state file.
    /// </summary>
    public string StateFile { get; set; } = "";
    /// <summary>The oldest state file a start trusts (live: wall-clock age; replay: the capture's first frame against the state's last event).</summary>
    public double StateMaxAgeSeconds { get; set; } = 900;
    /// <summary>How often a running pipeline saves its state (wall clock); 0 = only on a clean stop.</summary>
    public double StateSaveIntervalSeconds { get; set; } = 60;
    /// <summary>A liquidation identical to one seen this recently (same venue, symbol, time, side, price, quantity) is a duplicate.</summary>
    public int DedupWindowMs { get; set; } = 60_000;
    /// <summary>The spec scores |acceleration|; false scores only rising rates, so a cascade winding down does not score as it falls.</summary>
    public bool AccelerationAbsolute { get; set; } = true;
    /// <summary>A component is named a driver in the rationale when it contributes at least this share of the weighted sum.</summary>
    public double DriverMinShare { get; set; } = 0.2;

    /// <summary>The spec's prototype numbers, literally.</summary>
    public static CascadeModelOptions SpecPreset() => new();

    /// <summary>
    /// The shipped defaults: the spec's weights, thresholds and tables, with velocity and volume scales relative
    /// to each symbol's own baseline, a market-breadth factor, a bounded volatility adjustment, BTC volatility
    /// bands and override levels set for real rates, a milder regime table, and a ten-minute warm-up backed by
    /// liquidity-tier priors (only overwhelming evidence rises above WATCH before it is over).
    /// </summary>
    public static CascadeModelOptions Default()
    {
        var o = new CascadeModelOptions();
        o.Baseline.Enabled = true;
        o.Baseline.BurstCapMultiple = 2;
        o.Scales.OiChange = 0.02;
        o.Boosts.VolatilityStrength = 0.25;
        o.Boosts.VolatilityMinFactor = 0.85;
        o.Boosts.VolatilityMaxFactor = 1.25;
        o.Market.DampingFloor = 0.35;
        o.Warmup.FinalEvidenceMultiple = 3;
        o.Warmup.FinalMinEvents = 4;
        o.Market.BurstMinSideShare = 0.65;
        o.Signature.SideFloor = 0.6;
        o.Signature.SingleVenueFactor = 0.75;
        o.Signature.OiDeclineOnly = true;
        o.Signature.MarketSideFloor = 0.7;
        o.Signature.LiftNeedsOneSide = true;
        o.Signature.ShortWindowSide = true;
        o.Signature.OiRiseFloor = 0.6;
        o.Signature.OiFallLift = 0.5;
        o.Warmup.OiFallEvidence = 0.003;
        o.Market.BoostCeiling = 2.0;
        // Relative scales already adapt to a busy or calm symbol: the regime table only nudges them, where the
        // spec's table (made for absolute scales) would count calm markets twice.
        o.RegimeTable = new RegimeTable
        {
            Extreme = new RegimeRow(1.5, 1.4, 0.8, 0.25, 2.0),
            High = new RegimeRow(1.3, 1.25, 0.9, 0.5, 1.5),
            Elevated = new RegimeRow(1.1, 1.1, 0.95, 0.75, 1.25),
            Normal = new RegimeRow(1.0, 1.0, 1.0, 1.0, 1.0),
            Low = new RegimeRow(0.9, 0.9, 1.05, 1.0, 0.9),
            Dormant = new RegimeRow(0.8, 0.8, 1.1, 1.0, 0.8),
        };
        // Binance sends at most one liquidation per symbol per second: only a burst on several venues at once
        // reaches these.
        o.Overrides.CriticalVelocity = 2.0;
        o.Overrides.CriticalAcceleration = 0.1;
        o.Overrides.ExtremeVelocity = 2.7;
        o.Overrides.ExtremeAcceleration = 0.15;
        o.Overrides.MinProbability = 0.5;
        // A level that flickers at a window's second boundary reads as noise: hold it a few seconds on the way down.
        o.Hysteresis.HoldSeconds = 5;
        o.Hysteresis.Margin = 0.05;
        // A market of a few symbols (a venue subset, a scenario) can still be "broad".
        o.Market.UniverseShare = 0.5;
        o.Market.BurstMultiple = 3;
        // BTC's 5-minute realized volatility is a few tenths of a percent on an ordinary day.
        o.Volatility.DormantBelowPct = 0.1;
        o.Volatility.LowBelowPct = 0.2;
        o.Volatility.NormalBelowPct = 0.4;
        o.Volatility.ElevatedBelowPct = 0.7;
        o.Volatility.HighBelowPct = 1.2;
        o.Volatility.ReferenceVol5mPct = 0.3;
        o.AccelerationAbsolute = false;
        o.WarmupSeconds = 600;
        o.Priors.Enabled = true;
        return o;
    }

    /// <summary>Errors, each naming the configuration key and the reason; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var e = new List<string>(Weights.Validate());
        Positive(e, "Thresholds:Watch", Thresholds.Watch);
        if (!(Thresholds.Watch <= Thresholds.Alert && Thresholds.Alert <= Thresholds.Critical && Thresholds.Critical <= Thresholds.Extreme))
            e.Add($"Thresholds: must be ordered Watch <= Alert <= Critical <= Extreme (was {Thresholds.Watch}, {Thresholds.Alert}, {Thresholds.Critical}, {Thresholds.Extreme})");
        if (Thresholds.Extreme > 1) e.Add($"Thresholds:Extreme: must be <= 1 (was {Thresholds.Extreme})");
        Positive(e, "Scales:Velocity", Scales.Velocity);
        Positive(e, "Scales:Acceleration", Scales.Acceleration);
        Positive(e, "Scales:VolumeUsd", Scales.VolumeUsd);
        Positive(e, "Scales:OiChange", Scales.OiChange);
        Positive(e, "Scales:Funding", Scales.Funding);
        Positive(e, "Scales:VolRiskMultiplier", Scales.VolRiskMultiplier);
        Positive(e, "Baseline:HorizonSeconds", Baseline.HorizonSeconds);
        Positive(e, "Baseline:VelocityFloor", Baseline.VelocityFloor);
        NonNegative(e, "Baseline:VelocityMultiple", Baseline.VelocityMultiple);
        Positive(e, "Baseline:VolumeFloorUsd", Baseline.VolumeFloorUsd);
        NonNegative(e, "Baseline:VolumeMultiple", Baseline.VolumeMultiple);
        Positive(e, "Baseline:AccelerationSeconds", Baseline.AccelerationSeconds);
        NonNegative(e, "Baseline:BurstCapMultiple", Baseline.BurstCapMultiple);
        Positive(e, "Boosts:NonlinearFactor", Boosts.NonlinearFactor);
        Positive(e, "Boosts:CorrelationFactor", Boosts.CorrelationFactor);
        NonNegative(e, "Boosts:VolatilityStrength", Boosts.VolatilityStrength);
        NonNegative(e, "Boosts:VolatilityMinFactor", Boosts.VolatilityMinFactor);
        if (Boosts.VolatilityMaxFactor < Boosts.VolatilityMinFactor)
            e.Add($"Boosts:VolatilityMaxFactor: must be >= VolatilityMinFactor (was {Boosts.VolatilityMaxFactor})");
        NonNegative(e, "Overrides:CriticalVelocity", Overrides.CriticalVelocity);
        NonNegative(e, "Overrides:CriticalAcceleration", Overrides.CriticalAcceleration);
        NonNegative(e, "Overrides:ExtremeVelocity", Overrides.ExtremeVelocity);
        NonNegative(e, "Overrides:ExtremeAcceleration", Overrides.ExtremeAcceleration);
        if (!(Overrides.MinProbability >= 0 && Overrides.MinProbability <= 1)) e.Add($"Overrides:MinProbability: must be in [0, 1] (was {Overrides.MinProbability})");
        NonNegative(e, "Hysteresis:HoldSeconds", Hysteresis.HoldSeconds);
        if (!(Hysteresis.Margin >= 0 && Hysteresis.Margin <= 0.5)) e.Add($"Hysteresis:Margin: must be in [0, 0.5] (was {Hysteresis.Margin})");
        if (!(Signature.SideFloor >= 0 && Signature.SideFloor <= 1)) e.Add($"Signature:SideFloor: must be in [0, 1] (was {Signature.SideFloor})");
        if (!(Signature.SideFullShare > 0.5 && Signature.SideFullShare <= 1)) e.Add($"Signature:SideFullShare: must be in (0.5, 1] (was {Signature.SideFullShare})");
        Range(e, "Signature:SideMinEvents", Signature.SideMinEvents, 0, 1_000_000);
        if (!(Signature.SingleVenueFactor >= 0 && Signature.SingleVenueFactor <= 1)) e.Add($"Signature:SingleVenueFactor: must be in [0, 1] (was {Signature.SingleVenueFactor})");
        Range(e, "Signature:SingleVenueMinEvents", Signature.SingleVenueMinEvents, 0, 1_000_000);
        if (!(Signature.MarketSideFloor >= 0 && Signature.MarketSideFloor <= 1)) e.Add($"Signature:MarketSideFloor: must be in [0, 1] (was {Signature.MarketSideFloor})");
        if (!(Signature.MarketSideFullShare > 0.5 && Signature.MarketSideFullShare <= 1)) e.Add($"Signature:MarketSideFullShare: must be in (0.5, 1] (was {Signature.MarketSideFullShare})");
        Range(e, "Signature:MarketSideMinEvents", Signature.MarketSideMinEvents, 0, 1_000_000);
        Range(e, "Signature:MarketSideMinEventsShort", Signature.MarketSideMinEventsShort, 0, 1_000_000);
        if (!(Signature.OiRiseFloor >= 0 && Signature.OiRiseFloor <= 1)) e.Add($"Signature:OiRiseFloor: must be in [0, 1] (was {Signature.OiRiseFloor})");
        Positive(e, "Signature:OiRiseFullChange", Signature.OiRiseFullChange);
        if (!(Signature.OiFallLift >= 0 && Signature.OiFallLift <= 2)) e.Add($"Signature:OiFallLift: must be in [0, 2] (was {Signature.OiFallLift})");
        Positive(e, "Signature:OiFallFullChange", Signature.OiFallFullChange);
        NonNegative(e, "Market:BurstMultiple", Market.BurstMultiple);
        Range(e, "Market:BurstMinEvents", Market.BurstMinEvents, 1, 1_000_000);
        if (!(Market.BurstMinSideShare >= 0 && Market.BurstMinSideShare <= 1)) e.Add($"Market:BurstMinSideShare: must be in [0, 1] (was {Market.BurstMinSideShare})");
        if (!(Market.UniverseShare >= 0 && Market.UniverseShare <= 1)) e.Add($"Market:UniverseShare: must be in [0, 1] (was {Market.UniverseShare})");
        Range(e, "Market:WindowSeconds", Market.WindowSeconds, 1, 600);
        Positive(e, "Market:BreadthFloor", Market.BreadthFloor);
        NonNegative(e, "Market:BreadthMultiple", Market.BreadthMultiple);
        if (!(Market.DampingFloor >= 0 && Market.DampingFloor <= 1)) e.Add($"Market:DampingFloor: must be in [0, 1] (was {Market.DampingFloor})");
        if (!(Market.BoostCeiling >= 1 && Market.BoostCeiling <= 3)) e.Add($"Market:BoostCeiling: must be in [1, 3] (was {Market.BoostCeiling})");
        var v = Volatility;
        if (!(v.DormantBelowPct > 0 && v.DormantBelowPct <= v.LowBelowPct && v.LowBelowPct <= v.NormalBelowPct
              && v.NormalBelowPct <= v.ElevatedBelowPct && v.ElevatedBelowPct <= v.HighBelowPct))
            e.Add($"Volatility: bands must be positive and ordered DormantBelowPct <= LowBelowPct <= NormalBelowPct <= ElevatedBelowPct <= HighBelowPct (was {v.DormantBelowPct}, {v.LowBelowPct}, {v.NormalBelowPct}, {v.ElevatedBelowPct}, {v.HighBelowPct})");
        Positive(e, "Volatility:ReferenceVol5mPct", v.ReferenceVol5mPct);
        NonNegative(e, "Volatility:MinRiskMultiplier", v.MinRiskMultiplier);
        if (v.MaxRiskMultiplier < v.MinRiskMultiplier) e.Add($"Volatility:MaxRiskMultiplier: must be >= MinRiskMultiplier (was {v.MaxRiskMultiplier})");
        var l = Liquidity;
        if (!(l.TightSpreadBps <= l.WideSpreadBps && l.WideSpreadBps <= l.VeryWideSpreadBps))
            e.Add($"Liquidity: spreads must be ordered TightSpreadBps <= WideSpreadBps <= VeryWideSpreadBps (was {l.TightSpreadBps}, {l.WideSpreadBps}, {l.VeryWideSpreadBps})");
        if (!(l.VeryLowVolumeRatio <= l.LowVolumeRatio && l.LowVolumeRatio <= l.HighVolumeRatio))
            e.Add($"Liquidity: volume ratios must be ordered VeryLowVolumeRatio <= LowVolumeRatio <= HighVolumeRatio (was {l.VeryLowVolumeRatio}, {l.LowVolumeRatio}, {l.HighVolumeRatio})");
        Range(e, "Liquidity:VolumeWindowSeconds", l.VolumeWindowSeconds, 1, 3600);
        Positive(e, "Liquidity:VolumeBaselineSeconds", l.VolumeBaselineSeconds);
        Depth.Validate(e);
        if (!(Trend.MomentumPct > 0 && Trend.MomentumPct <= Trend.StrongMomentumPct))
            e.Add($"Trend:MomentumPct: must be > 0 and <= StrongMomentumPct (was {Trend.MomentumPct})");
        Range(e, "Trend:MomentumWindowSeconds", Trend.MomentumWindowSeconds, 1, 14_400);
        Range(e, "Trend:ShortMaSeconds", Trend.ShortMaSeconds, 1, 14_400);
        Range(e, "Trend:LongMaSeconds", Trend.LongMaSeconds, 1, 14_400);
        for (var r = MarketRegime.Dormant; r <= MarketRegime.Extreme; r++)
        {
            var row = RegimeTable.Row(r);
            string k = $"RegimeTable:{r}";
            Positive(e, k + ":VelocityMultiplier", row.VelocityMultiplier);
            Positive(e, k + ":VolumeMultiplier", row.VolumeMultiplier);
            Positive(e, k + ":CascadeSensitivity", row.CascadeSensitivity);
            NonNegative(e, k + ":PositionSizeMultiplier", row.PositionSizeMultiplier);
            NonNegative(e, k + ":StopLossMultiplier", row.StopLossMultiplier);
        }
        var w = Windows;
        if (!(w.VelocityShortSeconds >= 1 && w.VelocityShortSeconds <= w.VelocityMediumSeconds && w.VelocityMediumSeconds <= w.VelocityMinuteSeconds
              && w.VelocityMinuteSeconds <= w.VelocityLongSeconds && w.VelocityLongSeconds <= 3600))
            e.Add($"Windows: velocity windows must be ordered 1 <= VelocityShortSeconds <= VelocityMediumSeconds <= VelocityMinuteSeconds <= VelocityLongSeconds <= 3600 (was {w.VelocityShortSeconds}, {w.VelocityMediumSeconds}, {w.VelocityMinuteSeconds}, {w.VelocityLongSeconds})");
        if (!(w.Volatility1mSeconds >= 1 && w.Volatility1mSeconds <= w.Volatility5mSeconds && w.Volatility5mSeconds <= w.Volatility15mSeconds
              && w.Volatility15mSeconds <= w.Volatility60mSeconds && w.Volatility60mSeconds <= 14_400))
            e.Add($"Windows: volatility windows must be ordered 1 <= Volatility1mSeconds <= Volatility5mSeconds <= Volatility15mSeconds <= Volatility60mSeconds <= 14400 (was {w.Volatility1mSeconds}, {w.Volatility5mSeconds}, {w.Volatility15mSeconds}, {w.Volatility60mSeconds})");
        Range(e, "Windows:CorrelationSeconds", w.CorrelationSeconds, 2, 600);
        Range(e, "Windows:BurstGapSeconds", w.BurstGapSeconds, 1, 3600);
        Range(e, "Windows:OiChangeShortSeconds", w.OiChangeShortSeconds, 1, 3600);
        Range(e, "Windows:OiChangeLongSeconds", w.OiChangeLongSeconds, 1, 3600);
        Range(e, "SignalIntervalMs", SignalIntervalMs, 0, 3_600_000);
        if (string.IsNullOrWhiteSpace(BtcSymbol)) e.Add("BtcSymbol: must not be empty");
        Range(e, "MaxSymbols", MaxSymbols, 1, 1 << 16);
        NonNegative(e, "WarmupSeconds", WarmupSeconds);
        NonNegative(e, "Warmup:EvidenceMultiple", Warmup.EvidenceMultiple);
        Range(e, "Warmup:MinEvents", Warmup.MinEvents, 0, 1_000_000);
        Range(e, "Warmup:MinSymbols", Warmup.MinSymbols, 0, 1 << 16);
        Range(e, "Warmup:MinVenues", Warmup.MinVenues, 0, 3);
        NonNegative(e, "Warmup:FinalEvidenceMultiple", Warmup.FinalEvidenceMultiple);
        Range(e, "Warmup:FinalMinEvents", Warmup.FinalMinEvents, 0, 1_000_000);
        if (!(Warmup.OiFallEvidence >= 0 && Warmup.OiFallEvidence < 1)) e.Add($"Warmup:OiFallEvidence: must be in [0, 1) (was {Warmup.OiFallEvidence})");
        NonNegative(e, "Priors:WeightSeconds", Priors.WeightSeconds);
        foreach (var (name, tier) in new[] { ("Major", Priors.Major), ("Large", Priors.Large), ("Small", Priors.Small) })
        {
            NonNegative(e, $"Priors:{name}:RatePerSecond", tier.RatePerSecond);
            NonNegative(e, $"Priors:{name}:VolumeUsdPerSecond", tier.VolumeUsdPerSecond);
            tier.Thresholds?.Validate(e, $"Priors:{name}:Thresholds");
        }
        Positive(e, "StateMaxAgeSeconds", StateMaxAgeSeconds);
        NonNegative(e, "StateSaveIntervalSeconds", StateSaveIntervalSeconds);
        Range(e, "DedupWindowMs", DedupWindowMs, 0, 3_600_000);
        if (!(DriverMinShare >= 0 && DriverMinShare <= 1)) e.Add($"DriverMinShare: must be in [0, 1] (was {DriverMinShare})");
        return e;
    }

    private static void Positive(List<string> e, string key, double v)
    {
        if (!double.IsFinite(v) || v <= 0) e.Add($"{key}: must be > 0 (was {v})");
    }

    private static void NonNegative(List<string> e, string key, double v)
    {
        if (!double.IsFinite(v) || v < 0) e.Add($"{key}: must be >= 0 (was {v})");
    }

    private static void Range(List<string> e, string key, int v, int min, int max)
    {
        if (v < min || v > max) e.Add($"{key}: must be in [{min}, {max}] (was {v})");
    }
}
