using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Health;
using LowLatencyCascade.Feeds.Venues;
using Microsoft.Extensions.Logging;

namespace LowLatencyCascade.Feeds.Transport;

/// <summary>
/// Two connections to the same venue with the same subscription; each market event reaches the sink once.
/// <para>
/// Both connections decode every frame; the first copy of a frame to arrive is published, the later copy
/// becomes a counted <see cref="RejectReason.Duplicate"/> slot (see <see cref="DeduplicatingDecoder"/>). So
/// failover needs no switch: while one connection is down, silent or slow, the other's copies simply arrive
/// first, and a lagging connection's frames are never the ones kept while the other delivers. The model also
/// de-duplicates liquidations by content, which covers streams that are not byte-identical.
/// </para>
/// <see cref="Primary"/> names the healthier connection (by status, then latency) for dashboards and logs.
/// A <see cref="EventKind.Gap"/> slot is published only when both connections are down.
/// </summary>
public sealed class RedundantFeed : IAsyncDisposable
{
    public static readonly TimeSpan DefaultDedupWindow = TimeSpan.FromSeconds(10);
    public const int DefaultDedupCapacity = 65_536;

    private readonly FrameDeduplicator _deduplicator;
    private readonly IMarketEventSink _sink;
    private readonly object _gapLock = new();

    /// <param name="sink">
    /// Written by both connections' receive tasks, which run at the same time: it must serialize each
    /// Claim-to-Commit pair across threads (the host's <c>LiveProducerSink</c> with <c>shared: true</c> does;
    /// a plain single-producer ring sink would interleave two threads' slots).
    /// </param>
    public RedundantFeed(
        FeedConnectionOptions first,
        FeedConnectionOptions second,
        IVenueProtocol protocol,
        SymbolTable symbols,
        IMarketEventSink sink,
        TimeSpan? dedupWindow = null,
        int dedupCapacity = DefaultDedupCapacity,
        HealthThresholds? healthThresholds = null,
        ILogger? logger = null)
    {
        if (first.ConnectionId == second.ConnectionId)
            throw new ArgumentException($"the two connections need different ConnectionIds (both are {first.ConnectionId})", nameof(second));
        _sink = sink;
        _deduplicator = new FrameDeduplicator(dedupWindow ?? DefaultDedupWindow, dedupCapacity);
        First = Create(first, 0);
        Second = Create(second, 1);

        FeedConnection Create(FeedConnectionOptions options, int source)
        {
            var decoder = new DeduplicatingDecoder(protocol.CreateDecoder(symbols, options.ConnectionId), _deduplicator, source);
            var connection = new FeedConnection(options.WithoutGaps(), protocol, decoder, sink, healthThresholds, logger);
            connection.Disconnected += OnDisconnected;
            return connection;
        }
    }

    public FeedConnection First { get; }
    public FeedConnection Second { get; }

    /// <summary>Frames that the other connection had already delivered.</summary>
    public long DuplicateFrames => _deduplicator.Duplicates;

    /// <summary>The healthier connection: a connected one first, then the better status, then the lower average latency; the first on a tie.</summary>
    public FeedConnection Primary => Rank(Second).CompareTo(Rank(First)) < 0 ? Second : First;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await First.StartAsync(cancellationToken).ConfigureAwait(false);
        await Second.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync() => Task.WhenAll(First.StopAsync(), Second.StopAsync());

    public async ValueTask DisposeAsync()
    {
        await First.DisposeAsync().ConfigureAwait(false);
        await Second.DisposeAsync().ConfigureAwait(false);
    }

    private static (int Down, HealthStatus Status, double LatencyMs) Rank(FeedConnection c) =>
        (c.IsConnected ? 0 : 1, c.Health.Status, c.Health.AverageLatencyMs);

    private void OnDisconnected(FeedConnection connection, DisconnectReason reason, string? detail)
    {
        // Not up (a failed attempt) or stopped on purpose: nothing was lost.
        if (reason is DisconnectReason.ConnectFailed or DisconnectReason.Stopped) return;
        lock (_gapLock)
        {
            if (First.IsConnected || Second.IsConnected) return;
            // No ingress stamp: a gap is not a frame and has no decode latency.
            EventSlots.Marker(_sink, connection.Exchange, new FrameContext(connection.ConnectionId, DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks, 0),
                EventKind.Gap, RejectReason.None);
        }
    }
}
