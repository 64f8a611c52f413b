using LowLatencyCascade.Hosting.Configuration;
using LowLatencyCascade.Hosting;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Ring;
using LowLatencyCascade.Feeds;
using LowLatencyCascade.Feeds.Binance;
using LowLatencyCascade.Feeds.Okx;
using LowLatencyCascade.Feeds.Transport;
using LowLatencyCascade.Feeds.Venues;

namespace LowLatencyCascade.Hosting.Live;

/// <summary>
/// The live feeds of one session, composed from <c>Feeds</c> configuration: per enabled venue and route one
/// <see cref="FeedConnection"/> (or a <see cref="RedundantFeed"/> pair when <c>Redundant</c>) on the configured
/// endpoint (Binance: two routes under the configured root, <c>/market</c> and <c>/public</c>, each with its own
/// health, reconnect and resubscribe), each writing into the ring through its own <see cref="LiveProducerSink"/> (the ring is
/// multi-producer in live mode), every received frame counted by its connection (<see cref="FeedConnection.Tally"/>),
/// which the host's <see cref="FrameCounters"/> adds up, each
/// connection's frames recorded when a <see cref="CaptureRecorder"/> is given. OKX contract values are loaded
/// from <c>Feeds:Okx:RestUrl</c> at start (the built-in table when that fails: counted and reported), and
/// Binance open interest is polled from <c>Feeds:Binance:RestUrl</c> (failures counted, never fatal).
/// Without a ring (<c>cascade record</c>) frames are still decoded and counted, but nothing is published and no
/// REST look-ups run.
/// </summary>
public sealed class LiveFeeds : IAsyncDisposable
{
    private readonly List<FeedConnection> _connections = [];
    private readonly List<RedundantFeed> _pairs = [];
    private readonly List<FeedConnection> _singles = [];
    private readonly List<FeedConnection[]> _routes = [];
    private readonly TaskCompletionSource _allConnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http;
    private BinanceOpenInterestPoller? _poller;
    private Task _pollerTask = Task.CompletedTask;
    private int _connectedOnce;
    private int _stopped;

    private LiveFeeds(HttpClient http, OkxInstruments okx)
    {
        _http = http;
        OkxInstruments = okx;
    }

    /// <summary>Every connection, redundant legs included, in venue order.</summary>
    public IReadOnlyList<FeedConnection> Connections => _connections;

    public IReadOnlyList<RedundantFeed> RedundantPairs => _pairs;

    /// <summary>
    /// The connections grouped by what they carry: one group per venue route (Binance /market and /public, Bybit,
    /// OKX), holding its one connection or its redundant pair. A route is as healthy as its best leg; a venue as its worst route.
    /// </summary>
    public IReadOnlyList<FeedConnection[]> Routes => _routes;

    /// <summary>The contract values the OKX decoders use (<see cref="OkxInstruments.LoadFailures"/> tells whether the REST load failed).</summary>
    public OkxInstruments OkxInstruments { get; }

    /// <summary>Binance open interest over REST; null when Binance is off, it has no RestUrl, or nothing is published.</summary>
    public BinanceOpenInterestPoller? OpenInterestPoller => _poller;

    /// <summary>Completes once every connection has connected (and subscribed) at least once.</summary>
    public Task AllConnected => _allConnected.Task;

    /// <summary>Frames received on every connection (pongs and refused frames included).</summary>
    public long FramesReceived => _connections.Sum(c => c.Tally.Frames);

    /// <summary>Frames the venues' redundant legs delivered second (published as counted duplicates).</summary>
    public long DuplicateFrames => _pairs.Sum(p => p.DuplicateFrames);

    /// <summary>The venues to run: those enabled in configuration, narrowed to <paramref name="only"/> when given.</summary>
    public static IReadOnlyList<Exchange> SelectVenues(FeedSettings feeds, IReadOnlyCollection<Exchange>? only)
    {
        var venues = new List<Exchange>();
        foreach (var exchange in new[] { Exchange.Binance, Exchange.Bybit, Exchange.Okx })
        {
            if (!Venue(feeds, exchange).Enabled) continue;
            if (only is not null && !only.Contains(exchange)) continue;
            venues.Add(exchange);
        }
        if (venues.Count == 0)
            throw new ConfigurationErrorException(["Feeds: no venue left to connect to (check Feeds:<Venue>:Enabled and --venues)"]);
        return venues;
    }

    public static VenueSettings Venue(FeedSettings feeds, Exchange exchange) => exchange switch
    {
        Exchange.Binance => feeds.Binance,
        Exchange.Bybit => feeds.Bybit,
        _ => feeds.Okx,
    };

    /// <summary>
    /// Builds the connections (nothing connects before <see cref="StartAsync"/>). <paramref name="ring"/> null: decode
    /// and count but publish nothing. <paramref name="log"/> gets connects, drops and REST failures.
    /// </summary>
    public static async Task<LiveFeeds> CreateAsync(CascadeSettings settings, IReadOnlyList<Exchange> venues, SymbolTable symbols,
        FrameCounters counters, RingBuffer<MarketEvent>? ring, CaptureRecorder? recorder, TextWriter? log, CancellationToken cancellationToken)
    {
        var feeds = settings.Feeds;
        var http = new HttpClient { Timeout = feeds.ConnectTimeout };
        OkxInstruments okx = OkxInstruments.BuiltIn;
        if (ring is not null && venues.Contains(Exchange.Okx) && !string.IsNullOrEmpty(feeds.Okx.RestUrl))
        {
            okx = await OkxInstruments.LoadAsync(http, new Uri(feeds.Okx.RestUrl), cancellationToken).ConfigureAwait(false);
            if (okx.LoadFailures > 0)
                log?.WriteLine($"cascade: okx: instruments from {feeds.Okx.RestUrl} failed ({okx.LoadError}); using the built-in contract values ({okx.Count} symbols)");
        }

        var live = new LiveFeeds(http, okx);
        var subscription = new FeedSubscription(feeds.Symbols) { Depth = feeds.Depth };
        int nextId = 0;
        foreach (var exchange in venues)
        {
            var venue = Venue(feeds, exchange);
            foreach (var (protocol, route) in VenueProtocols.Connections(exchange, subscription, okx))
            {
                // binance-market-1, binance-public-1, bybit-1; capture files binance-market1-..., bybit-1-...
                string prefix = route is null ? ExchangeInfo.Name(exchange) : $"{ExchangeInfo.Name(exchange)}-{route}";
                FeedConnectionOptions Options(int leg) => feeds.ConnectionOptions(new Uri(venue.Url), subscription, nextId++, $"{prefix}-{leg}");
                string CaptureLeg(int leg) => (route ?? "") + leg.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (venue.Redundant)
                {
                    var sink = new LiveProducerSink(ring, shared: true);
                    var pair = new RedundantFeed(Options(1), Options(2), protocol, symbols, sink);
                    live._pairs.Add(pair);
                    live._routes.Add([pair.First, pair.Second]);
                    live.Add(pair.First, CaptureLeg(1), counters, recorder, log);
                    live.Add(pair.Second, CaptureLeg(2), counters, recorder, log);
                }
                else
                {
                    var options = Options(1);
                    var connection = new FeedConnection(options, protocol, protocol.CreateDecoder(symbols, options.ConnectionId), new LiveProducerSink(ring));
                    live._singles.Add(connection);
                    live._routes.Add([connection]);
                    live.Add(connection, CaptureLeg(1), counters, recorder, log);
                }
            }
        }

        if (ring is not null && venues.Contains(Exchange.Binance) && !string.IsNullOrEmpty(feeds.Binance.RestUrl))
        {
            live._poller = new BinanceOpenInterestPoller(http, symbols, new RingEventSink(ring), feeds.Symbols,
                new BinanceOpenInterestPollerOptions { BaseAddress = new Uri(feeds.Binance.RestUrl), ConnectionId = nextId });
        }
        return live;
    }

    /// <param name="leg">The route and 1, or 2 for a redundant pair's second connection: names its capture files (<c>binance-market2-...</c>, <c>bybit-1-...</c>).</param>
    private void Add(FeedConnection connection, string leg, FrameCounters counters, CaptureRecorder? recorder, TextWriter? log)
    {
        counters.Add(connection.Tally);
        if (recorder?.CreateWriter(connection.Exchange, leg) is { } capture) connection.FrameObserver = new ConnectionFrameObserver(capture);
        connection.Connected += OnConnected;
        if (log is not null)
        {
            connection.Connected += c => log.WriteLine($"cascade: {c.Name}: connected to {c.Options.Endpoint}");
            connection.Disconnected += (c, reason, detail) =>
            {
                if (reason != DisconnectReason.Stopped) log.WriteLine($"cascade: {c.Name}: {reason}: {detail}");
            };
        }
        _connections.Add(connection);
    }

    private void OnConnected(FeedConnection connection)
    {
        connection.Connected -= OnConnected;
        if (Interlocked.Increment(ref _connectedOnce) == _connections.Count) _allConnected.TrySetResult();
    }

    /// <summary>Starts every connection (and the open-interest poller) in the background; returns at once.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        foreach (var pair in _pairs) await pair.StartAsync(cancellationToken).ConfigureAwait(false);
        foreach (var connection in _singles) await connection.StartAsync(cancellationToken).ConfigureAwait(false);
        if (_poller is { } poller) _pollerTask = Task.Run(() => poller.RunAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>Closes every connection (close handshake, bounded) and stops polling: no producer writes after this returns.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        _stop.Cancel();
        await Task.WhenAll(_pairs.Select(p => p.StopAsync()).Concat(_singles.Select(c => c.StopAsync()))).ConfigureAwait(false);
        await _pollerTask.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        foreach (var pair in _pairs) await pair.DisposeAsync().ConfigureAwait(false);
        foreach (var connection in _singles) await connection.DisposeAsync().ConfigureAwait(false);
        _http.Dispose();
        _stop.Dispose();
    }
}
