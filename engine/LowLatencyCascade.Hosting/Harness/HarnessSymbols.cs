using LowLatencyCascade.Feeds.Simulation;

namespace LowLatencyCascade.Hosting.Harness;

/// <summary>
/// The perpetuals the harness's synthetic market trades: the scenario generator's majors, then mid-cap coins
/// (early-2025 prices, OKX contract values as OKX lists them), so a run can spread its frames over many symbols
/// as a live box subscribed to a whole venue would.
/// </summary>
public static class HarnessSymbols
{
    private static readonly ScenarioSymbol[] MidCaps =
    [
        new("LINK", 25, 0.10, 1.4, 1, 3, 2),
        new("DOT", 6.5, 0.08, 1.4, 1, 3, 1),
        new("TRX", 0.25, 0.08, 0.8, 1000, 5, 0),
        new("ATOM", 6.2, 0.06, 1.3, 1, 3, 2),
        new("NEAR", 5.1, 0.07, 1.5, 10, 3, 0),
        new("APT", 8.7, 0.06, 1.5, 1, 3, 2),
        new("ARB", 0.75, 0.07, 1.6, 10, 4, 1),
        new("OP", 1.9, 0.06, 1.6, 1, 4, 1),
        new("FIL", 5.0, 0.05, 1.4, 0.1, 3, 1),
        new("ETC", 27, 0.05, 1.2, 10, 3, 2),
        new("BCH", 440, 0.06, 1.1, 0.1, 2, 3),
        new("UNI", 13, 0.06, 1.4, 1, 3, 1),
        new("AAVE", 340, 0.05, 1.4, 0.1, 2, 2),
        new("SUI", 4.3, 0.09, 1.7, 1, 4, 1),
        new("INJ", 20, 0.05, 1.6, 0.1, 3, 1),
    ];

    /// <summary>The most symbols <see cref="Take"/> can give.</summary>
    public static int Available => ScenarioSymbol.Defaults.Count + MidCaps.Length;

    /// <summary>The first <paramref name="count"/> symbols: majors first (BTC always, it drives the model's volatility).</summary>
    public static IReadOnlyList<ScenarioSymbol> Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Available);
        return [.. ScenarioSymbol.Defaults.Concat(MidCaps).Take(count)];
    }
}
