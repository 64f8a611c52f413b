namespace LowLatencyCascade.Engine.Events;

/// <summary>
/// The spec's regime scale, used both for the volatility regime (from BTC's 5-minute realized volatility)
/// and for the composite market regime (volatility shifted by liquidity). Values index the regime table.
/// </summary>
public enum MarketRegime : byte
{
    Dormant = 0,
    Low = 1,
    Normal = 2,
    Elevated = 3,
    High = 4,
    Extreme = 5,
}

public static class MarketRegimes
{
    public const int Count = 6;

    public static string Name(MarketRegime r) => r switch
    {
        MarketRegime.Dormant => "DORMANT",
        MarketRegime.Low => "LOW",
        MarketRegime.Normal => "NORMAL",
        MarketRegime.Elevated => "ELEVATED",
        MarketRegime.High => "HIGH",
        MarketRegime.Extreme => "EXTREME",
        _ => "NORMAL",
    };

    public static ReadOnlySpan<byte> Utf8Name(MarketRegime r) => r switch
    {
        MarketRegime.Dormant => "DORMANT"u8,
        MarketRegime.Low => "LOW"u8,
        MarketRegime.Elevated => "ELEVATED"u8,
        MarketRegime.High => "HIGH"u8,
        MarketRegime.Extreme => "EXTREME"u8,
        _ => "NORMAL"u8,
    };

    /// <summary>Shifts a regime by whole steps, staying inside DORMANT..EXTREME.</summary>
    public static MarketRegime Shift(MarketRegime r, int steps) =>
        (MarketRegime)Math.Clamp((int)r + steps, (int)MarketRegime.Dormant, (int)MarketRegime.Extreme);
}
