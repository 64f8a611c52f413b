using System.Text;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds;

namespace LowLatencyCascade.Tests.Transport;

/// <summary>
/// Test-only venue protocols with each venue's documented subscription and keep-alive rules, so the transport
/// is tested without depending on the real venue parsers (which are tested on their own).
/// </summary>
internal sealed class TestVenueProtocol : IVenueProtocol
{
    private readonly Func<Uri, Uri> _connectUri;
    private readonly string[] _subscribe;
    private readonly byte[] _pong;

    private TestVenueProtocol(Exchange exchange, Func<Uri, Uri> connectUri, string[] subscribe, string? ping, TimeSpan pingInterval, string pong, TimeSpan? lifetime)
    {
        Exchange = exchange;
        _connectUri = connectUri;
        _subscribe = subscribe;
        PingMessage = ping;
        PingInterval = pingInterval;
        _pong = Encoding.UTF8.GetBytes(pong);
        MaxConnectionLifetime = lifetime;
    }

    /// <summary>Binance: streams in the URL of the <c>/market</c> route under the root, the server pings, 24 h lifetime.</summary>
    public static TestVenueProtocol Binance(params string[] streams) => new(
        Exchange.Binance, e => new Uri(e, $"/market/stream?streams={string.Join('/', streams)}"), [], null, TimeSpan.FromMinutes(3), "\u0000", TimeSpan.FromHours(24));

    /// <summary>Bybit: <c>op:subscribe</c> with topics, <c>{"op":"ping"}</c> answered with <c>"ret_msg":"pong"</c>.</summary>
    public static TestVenueProtocol Bybit(TimeSpan pingInterval, params string[] topics) => new(
        Exchange.Bybit, e => e,
        [$"{{\"req_id\":\"sub-1\",\"op\":\"subscribe\",\"args\":[{string.Join(',', topics.Select(t => $"\"{t}\""))}]}}"],
        "{\"op\":\"ping\"}", pingInterval, "\"ret_msg\":\"pong\"", null);

    /// <summary>OKX: <c>op:subscribe</c> with channel/instId args, the text <c>ping</c> answered with <c>pong</c>.</summary>
    public static TestVenueProtocol Okx(TimeSpan pingInterval, params (string Channel, string InstId)[] args) => new(
        Exchange.Okx, e => e,
        [$"{{\"op\":\"subscribe\",\"args\":[{string.Join(',', args.Select(a => $"{{\"channel\":\"{a.Channel}\",\"instId\":\"{a.InstId}\"}}"))}]}}"],
        "ping", pingInterval, "pong", null);

    /// <summary>The same rules with a (short) maximum connection lifetime, as Binance's 24 h.</summary>
    public TestVenueProtocol WithLifetime(TimeSpan lifetime) => new(Exchange, _connectUri, _subscribe, PingMessage, PingInterval, System.Text.Encoding.UTF8.GetString(_pong), lifetime);

    public Exchange Exchange { get; }
    public string? PingMessage { get; }
    public TimeSpan PingInterval { get; }
    public TimeSpan? MaxConnectionLifetime { get; }

    public Uri BuildConnectUri(Uri endpoint, FeedSubscription subscription) => _connectUri(endpoint);

    public IReadOnlyList<string> SubscribeMessages(FeedSubscription subscription) => _subscribe;

    public bool IsSubscribeRefusal(ReadOnlySpan<byte> frame) => false;

    public bool IsPong(ReadOnlySpan<byte> frame) =>
        Exchange == Exchange.Okx ? frame.SequenceEqual(_pong) : frame.IndexOf(_pong) >= 0;

    public IFrameDecoder CreateDecoder(SymbolTable symbols, int connectionId) => new ProbeDecoder(Exchange);
}
