namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// One liquidity tier of <see cref="PriorOptions"/>: the symbols in it (comma-separated canonical names; empty in
/// the catch-all tier) and the liquidation rate and USD rate a symbol of the tier shows on an ordinary day, all
/// venues together.
/// </summary>
public sealed class PriorTier
{
    /// <summary>Comma-separated canonical symbols, e.g. <c>BTCUSDT,ETHUSDT</c> (a string, so configuration replaces the list instead of appending to it).</summary>
    public string Symbols { get; set; } = "";
    /// <summary>Liquidations per second (all venues).</summary>
    public double RatePerSecond { get; set; }
    /// <summary>Liquidated USD per second (all venues).</summary>
    public double VolumeUsdPerSecond { get; set; }
    /// <summary>
    /// The level thresholds of the tier's symbols (<c>Priors:Large:Thresholds:Alert</c> ...); null = the model's
    /// <see cref="CascadeModelOptions.Thresholds"/>. A symbol with its own thresholds in the calibration file uses those
    /// instead; every other symbol of the tier falls back to these. Used whether or not the priors are enabled.
    /// </summary>
    public SignalThresholds? Thresholds { get; set; }

    internal IEnumerable<string> SymbolList() =>
        Symbols.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
