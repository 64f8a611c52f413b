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

    internal IEnumerable<string> SymbolList() =>
        Symbols.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
