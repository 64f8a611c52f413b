namespace LowLatencyCascade.Engine.Events;

/// <summary>The spec's trend sub-regime, from BTC momentum and the short against the long moving average.</summary>
public enum TrendRegime : byte
{
    Ranging = 0,
    Up = 1,
    StrongUp = 2,
    Down = 3,
    StrongDown = 4,
}

public static class TrendRegimes
{
    public static string Name(TrendRegime r) => r switch
    {
        TrendRegime.Up => "UP",
        TrendRegime.StrongUp => "STRONG_UP",
        TrendRegime.Down => "DOWN",
        TrendRegime.StrongDown => "STRONG_DOWN",
        _ => "RANGING",
    };

    public static ReadOnlySpan<byte> Utf8Name(TrendRegime r) => r switch
    {
        TrendRegime.Up => "UP"u8,
        TrendRegime.StrongUp => "STRONG_UP"u8,
        TrendRegime.Down => "DOWN"u8,
        TrendRegime.StrongDown => "STRONG_DOWN"u8,
        _ => "RANGING"u8,
    };
}
