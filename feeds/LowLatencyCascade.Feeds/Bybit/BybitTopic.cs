namespace LowLatencyCascade.Feeds.Bybit;

/// <summary>The Bybit v5 public topics the decoder understands (the part of the topic before the symbol).</summary>
internal enum BybitTopic : byte
{
    Unknown = 0,
    /// <summary><c>allLiquidation.{symbol}</c>.</summary>
    AllLiquidation,
    /// <summary><c>publicTrade.{symbol}</c>.</summary>
    PublicTrade,
    /// <summary><c>orderbook.1.{symbol}</c>.</summary>
    OrderbookTop,
    /// <summary><c>tickers.{symbol}</c>.</summary>
    Tickers,
    /// <summary><c>orderbook.50.{symbol}</c>: the shallow book, merged per symbol.</summary>
    OrderbookDepth,
}

internal static class BybitTopics
{
    public const string AllLiquidation = "allLiquidation.";
    public const string PublicTrade = "publicTrade.";
    public const string OrderbookTop = "orderbook.1.";
    public const string Tickers = "tickers.";
    public const string OrderbookDepth = "orderbook.50.";

    /// <summary>Splits <c>prefix.SYMBOL</c> into the topic kind and the symbol bytes.</summary>
    public static BybitTopic Parse(ReadOnlySpan<byte> topic, out ReadOnlySpan<byte> symbol)
    {
        if (Strip(topic, "allLiquidation."u8, out symbol)) return BybitTopic.AllLiquidation;
        if (Strip(topic, "publicTrade."u8, out symbol)) return BybitTopic.PublicTrade;
        if (Strip(topic, "orderbook.1."u8, out symbol)) return BybitTopic.OrderbookTop;
        if (Strip(topic, "tickers."u8, out symbol)) return BybitTopic.Tickers;
        if (Strip(topic, "orderbook.50."u8, out symbol)) return BybitTopic.OrderbookDepth;
        symbol = default;
        return BybitTopic.Unknown;
    }

    private static bool Strip(ReadOnlySpan<byte> topic, ReadOnlySpan<byte> prefix, out ReadOnlySpan<byte> rest)
    {
        if (topic.StartsWith(prefix)) { rest = topic[prefix.Length..]; return true; }
        rest = default;
        return false;
    }
}
