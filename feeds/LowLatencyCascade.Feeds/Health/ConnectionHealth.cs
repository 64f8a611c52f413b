using System.Diagnostics;

namespace LowLatencyCascade.Feeds.Health;

/// <summary>
/// One connection's health (plan P1.2): exchange-to-local latency (rolling average of the last 100 samples),
/// message rate, drops, reconnect attempts, uptime ratio, and the GREEN/YELLOW/RED status from the plan's
/// thresholds. The connection's receive thread is the only writer (no locks, no allocation: plain fields
/// published with <see cref="Volatile"/>); anybody may read <see cref="Status"/> or take a <see cref="Snapshot"/>.
/// Timestamps are <see cref="TimeProvider.GetTimestamp"/> values of the provider given at construction
/// (the system one is <see cref="Stopwatch.GetTimestamp"/>).
/// </summary>
public sealed class ConnectionHealth
{
    private readonly TimeProvider _time;
    private readonly long _frequency;

    private readonly long[] _latencyRing;
    private int _latencyNext;
    private int _latencyCount;
    private long _latencySum;
    private long _averageLatencyBits;   // double bits, so readers see one consistent value
    private int _publishedLatencyCount;

    private readonly long[] _rateSecond;
    private readonly long[] _rateCount;

    private long _messages;
    private long _drops;
    private long _reconnectAttempts;
    private long _startedAt;            // first connection; 0 = never connected
    private long _connectedSince;       // 0 = disconnected
    private long _connectedTotal;       // timestamp units of finished sessions
    private long _lastMessageAt;
    private long _lastEventAt;
    private long _staleResets;
    private long _disconnectedAt;       // the last drop; 0 = none pending
    private long _outageTotal;          // timestamp units from each drop to the next connection
    private long _outageLongest;
    private long _outages;

    public ConnectionHealth(int connectionId, string name, HealthThresholds? thresholds = null, TimeProvider? time = null)
    {
        ConnectionId = connectionId;
        Name = name;
        Thresholds = thresholds ?? new HealthThresholds();
        if (Thresholds.LatencySamples <= 0) throw new ArgumentOutOfRangeException(nameof(thresholds), "LatencySamples must be positive");
        if (Thresholds.MessageRateWindowSeconds is <= 0 or > 60) throw new ArgumentOutOfRangeException(nameof(thresholds), "MessageRateWindowSeconds must be 1..60");
        _time = time ?? TimeProvider.System;
        _frequency = _time.TimestampFrequency;
        _latencyRing = new long[Thresholds.LatencySamples];
        _rateSecond = new long[Thresholds.MessageRateWindowSeconds];
        _rateCount = new long[Thresholds.MessageRateWindowSeconds];
        Array.Fill(_rateSecond, -1);
    }

    public int ConnectionId { get; }
    public string Name { get; }
    public HealthThresholds Thresholds { get; }

    public bool IsConnected => Volatile.Read(ref _connectedSince) != 0;
    public long Messages => Volatile.Read(ref _messages);
    public long Drops => Volatile.Read(ref _drops);
    public long ReconnectAttempts => Volatile.Read(ref _reconnectAttempts);
    /// <summary>Sessions re-made because their steady streams delivered nothing (see <see cref="HealthCause.StreamsStale"/>).</summary>
    public long StaleStreamResets => Volatile.Read(ref _staleResets);
    /// <summary>Outages that ended (a drop followed by a new connection).</summary>
    public long Outages => Volatile.Read(ref _outages);
    /// <summary>Time from each drop to the next connection, summed: the windows in which this connection saw nothing.</summary>
    public TimeSpan OutageTotal => TimeSpan.FromSeconds((double)Volatile.Read(ref _outageTotal) / _frequency);
    /// <summary>The longest time from a drop to the next connection (the slowest reconnection).</summary>
    public TimeSpan OutageLongest => TimeSpan.FromSeconds((double)Volatile.Read(ref _outageLongest) / _frequency);
    public double AverageLatencyMs => BitConverter.Int64BitsToDouble(Volatile.Read(ref _averageLatencyBits));

    // ---- writer side (the connection's receive thread) ----


    public void OnReconnectAttempt() => Volatile.Write(ref _reconnectAttempts, _reconnectAttempts + 1);

    /// <summary>The socket is up. Uptime is measured from the first connection: the first handshake is not downtime.</summary>
    public void OnConnected(long timestamp)
    {
        if (Volatile.Read(ref _startedAt) == 0) Volatile.Write(ref _startedAt, NonZero(timestamp));
        if (_disconnectedAt != 0)
        {
            long outage = Math.Max(0, timestamp - _disconnectedAt);
            Volatile.Write(ref _outageTotal, _outageTotal + outage);
            if (outage > _outageLongest) Volatile.Write(ref _outageLongest, outage);
            Volatile.Write(ref _outages, _outages + 1);
            _disconnectedAt = 0;
        }
        Volatile.Write(ref _lastMessageAt, NonZero(timestamp));
        Volatile.Write(ref _lastEventAt, NonZero(timestamp));
        Volatile.Write(ref _connectedSince, NonZero(timestamp));
    }

    /// <summary>A market event (not an ack, a reject or a gap) was decoded from this connection.</summary>
    public void OnMarketEvent(long timestamp) => Volatile.Write(ref _lastEventAt, NonZero(timestamp));

    /// <summary>The connection dropped a session whose steady streams had gone stale.</summary>
    public void OnStaleReset() => Volatile.Write(ref _staleResets, _staleResets + 1);

    public void OnDisconnected(long timestamp)
    {
        long since = _connectedSince;
        if (since == 0) return;
        Volatile.Write(ref _connectedTotal, _connectedTotal + Math.Max(0, timestamp - since));
        Volatile.Write(ref _connectedSince, 0);
        Volatile.Write(ref _drops, _drops + 1);
        _disconnectedAt = NonZero(timestamp);
    }

    /// <summary>A data message arrived (pongs are not messages).</summary>
    public void OnMessage(long timestamp)
    {
        Volatile.Write(ref _lastMessageAt, NonZero(timestamp));
        Volatile.Write(ref _messages, _messages + 1);
        long second = timestamp / _frequency;
        int i = (int)(second % _rateSecond.Length);
        if (_rateSecond[i] != second)
        {
            Volatile.Write(ref _rateCount[i], 0);
            Volatile.Write(ref _rateSecond[i], second);
        }
        Volatile.Write(ref _rateCount[i], _rateCount[i] + 1);
    }

    /// <summary>One exchange-to-local latency sample: local receive time minus the exchange's event time.</summary>
    public void OnLatency(long latencyMs)
    {
        if (_latencyCount == _latencyRing.Length) _latencySum -= _latencyRing[_latencyNext];
        else _latencyCount++;
        _latencyRing[_latencyNext] = latencyMs;
        _latencySum += latencyMs;
        _latencyNext = _latencyNext + 1 == _latencyRing.Length ? 0 : _latencyNext + 1;
        Volatile.Write(ref _publishedLatencyCount, _latencyCount);
        Volatile.Write(ref _averageLatencyBits, BitConverter.DoubleToInt64Bits((double)_latencySum / _latencyCount));
    }

    // ---- reader side (anybody) ----

    public HealthStatus Status => Evaluate(_time.GetTimestamp()).Status;

    /// <summary>Messages per second over the rate window (or over the time since start when that is shorter, at least 1 s).</summary>
    public double MessagesPerSecond(long now)
    {
        long nowSecond = now / _frequency;
        long sum = 0;
        for (int i = 0; i < _rateSecond.Length; i++)
        {
            long s = Volatile.Read(ref _rateSecond[i]);
            if (s >= 0 && nowSecond - s < _rateSecond.Length && s <= nowSecond) sum += Volatile.Read(ref _rateCount[i]);
        }
        long startedAt = Volatile.Read(ref _startedAt);
        double span = _rateSecond.Length;
        if (startedAt != 0) span = Math.Clamp((double)(now - startedAt) / _frequency, 1.0, span);
        return sum / span;
    }

    /// <summary>
    /// Seconds from the last market event (or the first connection, before any event) to <paramref name="now"/>,
    /// connected or not, so that an alert on it keeps rising while a venue is down; -1 before the first connection.
    /// </summary>
    public double SecondsSinceLastEvent(long now)
    {
        long last = Volatile.Read(ref _lastEventAt);
        return last == 0 ? -1 : Math.Max(0, (double)(now - last) / _frequency);
    }

    public double UptimeRatio(long now)
    {
        long startedAt = Volatile.Read(ref _startedAt);
        if (startedAt == 0 || now <= startedAt) return IsConnected ? 1 : 0;
        long since = Volatile.Read(ref _connectedSince);
        long up = Volatile.Read(ref _connectedTotal) + (since != 0 ? Math.Max(0, now - since) : 0);
        return Math.Clamp((double)up / (now - startedAt), 0, 1);
    }

    public (HealthStatus Status, HealthCause Cause) Evaluate(long now)
    {
        var t = Thresholds;
        if (!IsConnected) return (HealthStatus.Red, HealthCause.Disconnected);
        long last = Volatile.Read(ref _lastMessageAt);
        if (now - last > t.SilenceThreshold.TotalSeconds * _frequency) return (HealthStatus.Red, HealthCause.Silent);
        double staleLimit = t.StaleStreamThreshold.TotalSeconds * _frequency;
        long eventIdle = now - Volatile.Read(ref _lastEventAt);
        if (staleLimit > 0 && eventIdle > staleLimit) return (HealthStatus.Red, HealthCause.StreamsStale);
        bool hasLatency = Volatile.Read(ref _publishedLatencyCount) > 0;
        double latency = AverageLatencyMs;
        if (hasLatency && latency >= t.LatencyCriticalMs) return (HealthStatus.Red, HealthCause.LatencyCritical);
        if (hasLatency && latency >= t.LatencyWarningMs) return (HealthStatus.Yellow, HealthCause.LatencyWarning);
        if (staleLimit > 0 && eventIdle > staleLimit / 3) return (HealthStatus.Yellow, HealthCause.StreamsStale);
        if (MessagesPerSecond(now) < t.MinMessageRate) return (HealthStatus.Yellow, HealthCause.LowMessageRate);
        if (UptimeRatio(now) < t.MinUptimeRatio) return (HealthStatus.Yellow, HealthCause.LowUptime);
        return (HealthStatus.Green, HealthCause.None);
    }

    public HealthSnapshot Snapshot()
    {
        long now = _time.GetTimestamp();
        var (status, cause) = Evaluate(now);
        bool connected = IsConnected;
        return new HealthSnapshot(
            ConnectionId, Name, status, cause, connected,
            AverageLatencyMs, Volatile.Read(ref _publishedLatencyCount),
            MessagesPerSecond(now), Messages, Drops, ReconnectAttempts, UptimeRatio(now),
            connected ? (double)(now - Volatile.Read(ref _lastMessageAt)) / _frequency : -1,
            connected ? (double)(now - Volatile.Read(ref _lastEventAt)) / _frequency : -1,
            StaleStreamResets);
    }

    // 0 marks "never"; a real timestamp of exactly 0 is nudged so it still counts as set.
    private static long NonZero(long timestamp) => timestamp == 0 ? 1 : timestamp;
}
