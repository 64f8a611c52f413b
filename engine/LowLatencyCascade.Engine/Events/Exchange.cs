namespace LowLatencyCascade.Engine.Events;

/// <summary>The venues. Values index small per-exchange arrays, so keep them dense from 0.</summary>
public enum Exchange : byte
{
    Binance = 0,
    Bybit = 1,
    Okx = 2,
}

public static class ExchangeInfo
{
    public const int Count = 3;

    /// <summary>Lower-case venue name as it appears in the signal JSON (<c>leading_exchange</c>).</summary>
    public static string Name(Exchange e) => e switch
    {
        Exchange.Binance => "binance",
        Exchange.Bybit => "bybit",
        Exchange.Okx => "okx",
        _ => "unknown",
    };

    public static ReadOnlySpan<byte> Utf8Name(Exchange e) => e switch
    {
        Exchange.Binance => "binance"u8,
        Exchange.Bybit => "bybit"u8,
        Exchange.Okx => "okx"u8,
        _ => "unknown"u8,
    };

    public static bool TryParse(string s, out Exchange e)
    {
        switch (s.Trim().ToLowerInvariant())
        {
            case "binance": e = Exchange.Binance; return true;
            case "bybit": e = Exchange.Bybit; return true;
            case "okx": e = Exchange.Okx; return true;
            default: e = default; return false;
        }
    }
}
