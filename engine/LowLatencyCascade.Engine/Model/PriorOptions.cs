namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// Per-symbol priors that stand in for baselines the model has not observed yet, during the warm-up (after a start
/// without a state file). A symbol's baseline is the observed one blended with its tier's prior as if the prior had
/// been observed for <c>W = WeightSeconds × (1 - t / WarmupSeconds)</c>: <c>(observed × t + prior × W) / (t + W)</c>,
/// t the event time the model has watched. So the prior decides the first minutes and is gone when the warm-up
/// ends: a warm model's baselines are its own (priors that stayed on cost precision on generated markets). Three
/// tiers by liquidity: <see cref="Major"/>, <see cref="Large"/>, and <see cref="Small"/> for every other symbol.
/// </summary>
public sealed class PriorOptions
{
    public bool Enabled { get; set; }
    /// <summary>How many seconds of observation the prior is worth at the start (shrinking to 0 by the warm-up's end).</summary>
    public double WeightSeconds { get; set; } = 300;
    public PriorTier Major { get; set; } = new() { Symbols = "BTCUSDT,ETHUSDT", RatePerSecond = 0.05, VolumeUsdPerSecond = 1_000 };
    public PriorTier Large { get; set; } = new()
    {
        Symbols = "SOLUSDT,XRPUSDT,DOGEUSDT,BNBUSDT,ADAUSDT,SUIUSDT,LINKUSDT,AVAXUSDT,TRXUSDT,LTCUSDT,1000PEPEUSDT,WIFUSDT",
        RatePerSecond = 0.02,
        VolumeUsdPerSecond = 200,
    };
    /// <summary>Every symbol not in <see cref="Major"/> or <see cref="Large"/> (its <see cref="PriorTier.Symbols"/> is ignored).</summary>
    public PriorTier Small { get; set; } = new() { RatePerSecond = 0.005, VolumeUsdPerSecond = 30 };
}
