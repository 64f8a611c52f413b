namespace LowLatencyCascade.Engine.Events;

/// <summary>The spec's liquidity sub-regime, from BTC trade volume (relative to its own baseline) and spread.</summary>
public enum LiquidityRegime : byte
{
    Deep = 0,
    Normal = 1,
    Shallow = 2,
    Illiquid = 3,
}

public static class LiquidityRegimes
{
    public static string Name(LiquidityRegime r) => r switch
    {
        LiquidityRegime.Deep => "DEEP",
        LiquidityRegime.Shallow => "SHALLOW",
        LiquidityRegime.Illiquid => "ILLIQUID",
        _ => "NORMAL",
    };

    public static ReadOnlySpan<byte> Utf8Name(LiquidityRegime r) => r switch
    {
        LiquidityRegime.Deep => "DEEP"u8,
        LiquidityRegime.Shallow => "SHALLOW"u8,
        LiquidityRegime.Illiquid => "ILLIQUID"u8,
        _ => "NORMAL"u8,
    };
}
