using System.Diagnostics;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Health;
using LowLatencyCascade.Feeds.Health;
using LowLatencyCascade.Feeds.Transport;

namespace LowLatencyCascade.Hosting.Live;

/// <summary>
/// Watches the live connections' GREEN/YELLOW/RED status: every <see cref="Interval"/> and at once on every connect
/// and disconnect. Each change is counted per connection and target status (<c>cascade_feed_status_changes_total</c>)
/// and logged as one line (<c>cascade: okx-1: feed status GREEN -> RED (Disconnected)</c>: name, statuses and cause,
/// nothing else). Time spent in each status is summed (the dashboard's health percentage: the share of watched time a
/// connection was GREEN). After each pass the venues' statuses go to the <see cref="FeedStatusBoard"/> the pipeline
/// reads: a route is as good as its best leg (redundant pair), a venue as bad as its worst route.
/// Runs on timer and feed threads under one lock (off the hot path: a few times a second, and on connection events).
/// </summary>
public sealed class FeedStatusMonitor : IDisposable
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(250);

    private readonly IReadOnlyList<FeedConnection[]> _routes;
    private readonly FeedConnection[] _connections;
    private readonly FeedStatusBoard _board;
    private readonly TextWriter? _log;
    private readonly object _lock = new();
    private readonly HealthStatus?[] _last;
    private readonly long[,] _changes;
    private readonly long[,] _timeIn;
    private long _lastPassAt;
    private Timer? _timer;
    private int _disposed;

    public FeedStatusMonitor(IReadOnlyList<FeedConnection[]> routes, FeedStatusBoard board, TextWriter? log, TimeSpan? interval = null)
    {
        _routes = routes;
        _connections = routes.SelectMany(r => r).ToArray();
        _board = board;
        _log = log;
        Interval = interval ?? DefaultInterval;
        _last = new HealthStatus?[_connections.Length];
        _changes = new long[_connections.Length, 3];
        _timeIn = new long[_connections.Length, 3];
    }

    public TimeSpan Interval { get; }

    public IReadOnlyList<FeedConnection> Connections => _connections;

    /// <summary>Subscribes to the connections' events and starts the timer; the first pass runs now.</summary>
    public void Start()
    {
        foreach (var c in _connections)
        {
            c.Connected += OnConnectionEvent;
            c.Disconnected += OnDisconnected;
        }
        Evaluate();
        _timer = new Timer(_ => Evaluate(), null, Interval, Interval);
    }

    /// <summary>Status changes of connection <paramref name="index"/> (in <see cref="Connections"/> order) into <paramref name="to"/>.</summary>
    public long Changes(int index, HealthStatus to)
    {
        lock (_lock) return _changes[index, (int)to];
    }

    public long Changes(FeedConnection connection, HealthStatus to) => Changes(Array.IndexOf(_connections, connection), to);

    /// <summary>The share of watched time <paramref name="connection"/> was GREEN, 0..1 (1 before any time was watched).</summary>
    public double HealthyRatio(FeedConnection connection)
    {
        int i = Array.IndexOf(_connections, connection);
        lock (_lock)
        {
            long total = _timeIn[i, 0] + _timeIn[i, 1] + _timeIn[i, 2];
            return total == 0 ? (_last[i] == HealthStatus.Green || _last[i] is null ? 1 : 0) : (double)_timeIn[i, 0] / total;
        }
    }

    private void OnConnectionEvent(FeedConnection _) => Evaluate();

    private void OnDisconnected(FeedConnection c, DisconnectReason reason, string? detail) => Evaluate();

    /// <summary>One pass: every connection's status, changes counted and logged, the board written.</summary>
    public void Evaluate()
    {
        if (Volatile.Read(ref _disposed) != 0) return;
        lock (_lock)
        {
            long now = Stopwatch.GetTimestamp();
            long elapsed = _lastPassAt == 0 ? 0 : now - _lastPassAt;
            _lastPassAt = now;
            var statuses = new HealthStatus[_connections.Length];
            for (int i = 0; i < _connections.Length; i++)
            {
                var c = _connections[i];
                var (status, cause) = c.Health.Evaluate(now);
                statuses[i] = status;
                if (_last[i] is { } previous)
                {
                    _timeIn[i, (int)previous] += elapsed;
                    if (previous != status)
                    {
                        _changes[i, (int)status]++;
                        _log?.WriteLine($"cascade: {c.Name}: feed status {Name(previous)} -> {Name(status)} ({cause})");
                    }
                }
                _last[i] = status;
            }
            for (int e = 0; e < ExchangeInfo.Count; e++)
            {
                int venue = FeedStatusBoard.Unknown;
                foreach (var route in _routes)
                {
                    if ((int)route[0].Exchange != e) continue;
                    int best = int.MaxValue;
                    foreach (var leg in route) best = Math.Min(best, (int)statuses[Array.IndexOf(_connections, leg)]);
                    venue = Math.Max(venue, best);
                }
                if (venue != FeedStatusBoard.Unknown) _board.Set((Exchange)e, venue);
            }
        }
    }

    private static string Name(HealthStatus s) => s switch { HealthStatus.Green => "GREEN", HealthStatus.Yellow => "YELLOW", _ => "RED" };

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _timer?.Dispose();
        foreach (var c in _connections)
        {
            c.Connected -= OnConnectionEvent;
            c.Disconnected -= OnDisconnected;
        }
    }
}
