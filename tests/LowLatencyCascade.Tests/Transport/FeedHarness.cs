using System.Collections.Concurrent;
using System.Text;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds;
using LowLatencyCascade.Feeds.Health;
using LowLatencyCascade.Feeds.Serving;
using LowLatencyCascade.Feeds.Transport;
using LowLatencyCascade.Testing;

namespace LowLatencyCascade.Tests.Transport;

/// <summary>A real <see cref="VenueWebSocketServer"/> on 127.0.0.1 and real <see cref="FeedConnection"/>s to it, with awaitable events.</summary>
internal sealed class FeedHarness : IAsyncDisposable
{
    private readonly List<FeedConnection> _connections = [];

    private FeedHarness(VenueWebSocketServer server) => Server = server;

    public VenueWebSocketServer Server { get; }
    public RecordingSink Sink { get; } = new();
    public CountSignal Connects { get; } = new();
    public CountSignal Disconnects { get; } = new();
    public CountSignal Reconnects { get; } = new();
    public ConcurrentQueue<DisconnectReason> DisconnectReasons { get; } = new();

    public static async Task<FeedHarness> StartAsync(VenueServerOptions? options = null)
    {
        var server = new VenueWebSocketServer(options);
        await server.StartAsync();
        return new FeedHarness(server);
    }

    /// <summary>
    /// Options with short reconnect delays so that reconnect tests take milliseconds. The connect and silence timeouts
    /// are generous: a handshake or a quiet spell on a loaded test machine must not add a disconnect the test did not cause
    /// (tests of those timeouts set their own).
    /// </summary>
    public FeedConnectionOptions Options(Exchange exchange, int connectionId = 1, FeedSubscription? subscription = null) => new()
    {
        Endpoint = Server.Endpoint(exchange),
        Subscription = subscription ?? new FeedSubscription(["BTCUSDT"]),
        ConnectionId = connectionId,
        Name = $"{ExchangeInfo.Name(exchange)}-{connectionId}",
        ConnectTimeout = TimeSpan.FromSeconds(30),
        SilenceTimeout = TimeSpan.FromSeconds(30),
        ReconnectMin = TimeSpan.FromMilliseconds(20),
        ReconnectMax = TimeSpan.FromMilliseconds(100),
    };

    public FeedConnection Connect(FeedConnectionOptions options, IVenueProtocol protocol, IFrameDecoder decoder, IMarketEventSink? sink = null, HealthThresholds? health = null)
    {
        var connection = new FeedConnection(options, protocol, decoder, sink ?? Sink, health);
        connection.Connected += _ => Connects.Add();
        connection.Disconnected += (_, reason, _) => { DisconnectReasons.Enqueue(reason); Disconnects.Add(); };
        connection.Reconnecting += (_, _, _) => Reconnects.Add();
        _connections.Add(connection);
        return connection;
    }

    public Task WaitForServerAsync(Func<VenueWebSocketServer, bool> condition, TimeSpan? timeout = null)
    {
        var cts = new CancellationTokenSource(timeout ?? CountSignal.DefaultTimeout);
        return Server.WaitUntilAsync(condition, cts.Token);
    }

    public static string BybitTrade(string topic, long ts, double price) =>
        $"{{\"topic\":\"{topic}\",\"type\":\"snapshot\",\"ts\":{ts},\"p\":{price},\"data\":[{{\"T\":{ts},\"s\":\"BTCUSDT\"}}]}}";

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    public async ValueTask DisposeAsync()
    {
        foreach (var c in _connections) await c.DisposeAsync();
        await Server.DisposeAsync();
    }
}
