using System.Text;
using System.Text.Json;

namespace LowLatencyCascade.Feeds.Serving;

/// <summary>
/// One thing a client subscribed to: a Binance stream (<c>btcusdt@aggTrade</c>), a Bybit topic
/// (<c>publicTrade.BTCUSDT</c>) or an OKX channel with its instrument (<c>trades</c> + <c>BTC-USDT-SWAP</c>,
/// or <c>liquidation-orders</c> + instType <c>SWAP</c>). Compared ASCII case-insensitively, as Binance's
/// stream names are lower case in subscriptions but not always in frames (<c>!forceOrder@arr</c>).
/// </summary>
internal sealed class SubscriptionTopic
{
    private readonly byte[] _key;
    private readonly byte[]? _instId;
    private readonly byte[]? _instType;

    private SubscriptionTopic(string key, string? instId, string? instType)
    {
        _key = Encoding.UTF8.GetBytes(key);
        _instId = instId is null ? null : Encoding.UTF8.GetBytes(instId);
        _instType = instType is null ? null : Encoding.UTF8.GetBytes(instType);
        Text = instId is null && instType is null ? key : $"{key}:{instId ?? instType}";
    }

    /// <summary>For logs and test assertions.</summary>
    public string Text { get; }

    public static SubscriptionTopic Stream(string name) => new(name, null, null);

    /// <summary>An OKX <c>arg</c> object: <c>{"channel":"trades","instId":"BTC-USDT-SWAP"}</c>.</summary>
    public static SubscriptionTopic? OkxArg(JsonElement arg)
    {
        if (arg.ValueKind != JsonValueKind.Object || !arg.TryGetProperty("channel", out var channel) || channel.ValueKind != JsonValueKind.String)
            return null;
        return new SubscriptionTopic(channel.GetString()!, OptionalString(arg, "instId"), OptionalString(arg, "instType"));
    }

    public bool Matches(ReadOnlySpan<byte> frame, in FrameRoute route)
    {
        if (!Ascii.EqualsIgnoreCase(_key, frame[route.Key])) return false;
        if (_instId is not null && !Ascii.EqualsIgnoreCase(_instId, frame[route.InstId])) return false;
        var frameInstType = frame[route.InstType];
        if (_instType is not null && !frameInstType.IsEmpty && !Ascii.EqualsIgnoreCase(_instType, frameInstType)) return false;
        return true;
    }

    private static string? OptionalString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
