namespace LowLatencyCascade.Feeds.Simulation;

/// <summary>
/// One simulated perpetual: base coin, starting price, relative size (scales liquidation, trade and open
/// interest activity), beta to BTC, OKX contract value (base units per contract) and price/quantity decimals.
/// </summary>
public sealed record ScenarioSymbol(string Base, double Price, double Size, double Beta, double OkxContractValue, int PriceDecimals, int QuantityDecimals)
{
    /// <summary>Canonical and Binance/Bybit name, e.g. <c>BTCUSDT</c>.</summary>
    public string Symbol => Base + "USDT";

    /// <summary>OKX instrument id, e.g. <c>BTC-USDT-SWAP</c>.</summary>
    public string OkxInstrument => Base + "-USDT-SWAP";

    /// <summary>The majors and a few small coins, at early-2025 prices; OKX contract values as OKX lists them.</summary>
    public static IReadOnlyList<ScenarioSymbol> Defaults { get; } =
    [
        new("BTC", 102_000, 1.00, 1.0, 0.01, 1, 3),
        new("ETH", 3_200, 0.70, 1.2, 0.1, 2, 3),
        new("SOL", 240, 0.50, 1.5, 1, 2, 1),
        new("DOGE", 0.34, 0.35, 1.6, 1000, 5, 0),
        new("XRP", 3.10, 0.35, 1.4, 100, 4, 1),
        new("BNB", 680, 0.25, 0.9, 0.01, 2, 2),
        new("ADA", 0.95, 0.15, 1.5, 100, 4, 0),
        new("AVAX", 35, 0.12, 1.6, 1, 3, 1),
        new("LTC", 120, 0.10, 1.2, 1, 2, 3),
    ];
}
