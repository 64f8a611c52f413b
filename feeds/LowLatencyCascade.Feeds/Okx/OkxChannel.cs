namespace LowLatencyCascade.Feeds.Okx;

/// <summary>The OKX v5 public channels the decoder understands.</summary>
internal enum OkxChannel : byte
{
    Unknown = 0,
    LiquidationOrders,
    Trades,
    BboTbt,
    FundingRate,
    MarkPrice,
    OpenInterest,
    /// <summary><c>books5</c>: the top five levels per side, each push a whole snapshot.</summary>
    Books5,
}

internal static class OkxChannels
{
    public const string LiquidationOrders = "liquidation-orders";
    public const string Trades = "trades";
    public const string BboTbt = "bbo-tbt";
    public const string FundingRate = "funding-rate";
    public const string MarkPrice = "mark-price";
    public const string OpenInterest = "open-interest";
    public const string Books5 = "books5";

    public static OkxChannel Parse(ReadOnlySpan<byte> channel)
    {
        if (channel.SequenceEqual("liquidation-orders"u8)) return OkxChannel.LiquidationOrders;
        if (channel.SequenceEqual("trades"u8)) return OkxChannel.Trades;
        if (channel.SequenceEqual("bbo-tbt"u8)) return OkxChannel.BboTbt;
        if (channel.SequenceEqual("funding-rate"u8)) return OkxChannel.FundingRate;
        if (channel.SequenceEqual("mark-price"u8)) return OkxChannel.MarkPrice;
        if (channel.SequenceEqual("open-interest"u8)) return OkxChannel.OpenInterest;
        if (channel.SequenceEqual("books5"u8)) return OkxChannel.Books5;
        return OkxChannel.Unknown;
    }
}
