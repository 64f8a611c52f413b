using LowLatencyCascade.Cli.Configuration;
using LowLatencyCascade.Hosting.Configuration;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds;
using LowLatencyCascade.Feeds.Serving;
using LowLatencyCascade.Feeds.Venues;

namespace LowLatencyCascade.Tests.Live;

/// <summary>A real <see cref="VenueWebSocketServer"/> on 127.0.0.1 and the configuration that points every venue at it.</summary>
internal sealed class ServedMarket : IAsyncDisposable
{
    /// <summary>Nothing listens on port 1: the REST look-ups fail at once, as a venue's REST API that is down.</summary>
    public const string DeadRestUrl = "http://127.0.0.1:1";

    private ServedMarket(VenueWebSocketServer server) => Server = server;

    public VenueWebSocketServer Server { get; }

    public static async Task<ServedMarket> StartAsync()
    {
        var server = new VenueWebSocketServer(new VenueServerOptions { Port = 0 });
        await server.StartAsync();
        return new ServedMarket(server);
    }

    /// <summary>The configuration overrides that point the three venues at this server (the <c>--binance-url</c> ... of a test).</summary>
    public Dictionary<string, string?> Overrides(IReadOnlyList<string> symbols)
    {
        var o = new Dictionary<string, string?>
        {
            ["Feeds:Binance:Url"] = Server.Endpoint(Exchange.Binance).ToString(),
            ["Feeds:Bybit:Url"] = Server.Endpoint(Exchange.Bybit).ToString(),
            ["Feeds:Okx:Url"] = Server.Endpoint(Exchange.Okx).ToString(),
            ["Feeds:Binance:RestUrl"] = DeadRestUrl,
            ["Feeds:Okx:RestUrl"] = DeadRestUrl,
            ["Feeds:ReconnectMin"] = "00:00:00.050",
            ["Feeds:ReconnectMax"] = "00:00:00.200",
            ["Dashboard:Port"] = "0",
            ["Model:WarmupSeconds"] = "0",
        };
        for (int i = 0; i < symbols.Count; i++) o[$"Feeds:Symbols:{i}"] = symbols[i];
        return o;
    }

    public CascadeSettings Settings(IReadOnlyList<string> symbols) => SettingsLoader.Load(null, Overrides(symbols));

    /// <summary>Subscribe requests one connection per venue sends (Binance subscribes in its URL: one request).</summary>
    public static long SubscribeRequestsPerSession(Exchange exchange, IReadOnlyList<string> symbols) =>
        VenueProtocols.Connections(exchange, new FeedSubscription(symbols))
            .Sum(c => Math.Max(1, c.Protocol.SubscribeMessages(new FeedSubscription(symbols)).Count)); // Binance: one per route (streams in the URL)

    /// <summary>Completes once every venue's clients have sent <paramref name="sessions"/> sessions' worth of subscriptions.</summary>
    public Task SubscribedAsync(IReadOnlyList<string> symbols, int sessions, CancellationToken cancellationToken) =>
        Server.WaitUntilAsync(s => new[] { Exchange.Binance, Exchange.Bybit, Exchange.Okx }
            .All(e => s.SubscribeRequests(e) >= sessions * SubscribeRequestsPerSession(e, symbols)), cancellationToken);

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
