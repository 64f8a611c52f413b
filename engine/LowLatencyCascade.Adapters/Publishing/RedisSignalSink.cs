using System.Buffers;
using System.Text.Json;
using LowLatencyCascade.Engine.Events;
using StackExchange.Redis;

namespace LowLatencyCascade.Engine.Publishing;

/// <summary>
/// Publishes signals with the spec's Redis layout, from the sink thread only:
/// <list type="bullet">
/// <item>pub/sub: <c>cascade:signals</c> (every signal), <c>cascade:alerts</c> (ALERT and above),
/// <c>cascade:critical</c> (CRITICAL and above);</item>
/// <item><c>cascade:signals:history:{symbol}</c>: sorted set scored by the signal's timestamp, trimmed to the last
/// <see cref="RedisSinkOptions.HistoryLength"/>;</item>
/// <item><c>cascade:probability:{symbol}</c>: the latest {probability, signal, timestamp};</item>
/// <item>state keys derived from the signal's metrics and context (<c>velocity:{symbol}:current</c> hash,
/// <c>volatility:btc:current</c>, <c>oi:{symbol}:change</c>, <c>funding:{symbol}:current</c>), at most once per
/// <see cref="RedisSinkOptions.KeyWriteInterval"/> per symbol;</item>
/// <item>streams (unless <see cref="RedisSinkOptions.StreamMaxLength"/> is 0): <c>cascade:stream:signals</c>, one entry
/// per signal (<c>symbol</c>, <c>level</c>, <c>probability</c>, <c>timestamp</c>, <c>signal</c> = the JSON), and
/// <c>cascade:stream:levels</c>, one entry per level transition of a symbol (<c>symbol</c>, <c>from</c>, <c>to</c>,
/// <c>probability</c>, <c>timestamp</c>; a symbol starts at NONE), both <c>XADD MAXLEN ~ N</c>, so a consumer that
/// reconnects resumes with <c>XREAD</c> from the last id it saw.</item>
/// </list>
/// Every per-symbol key (and <c>volatility:btc:current</c>) expires <see cref="RedisSinkOptions.KeyTtlSeconds"/> after
/// the write that last refreshed it.
/// Each drained batch goes out as one pipelined <see cref="IBatch"/>; nothing waits for a round trip. The
/// <c>cascade:signals</c> publish of each message is tracked to its acknowledgement, so a message is counted
/// exactly once as delivered or lost, including those in flight when the connection drops. While Redis is down
/// messages are counted lost without being sent, and the multiplexer reconnects by itself.
/// </summary>
public sealed class RedisSignalSink : ISignalSink, IDisposable
{
    public static readonly RedisChannel SignalsChannel = new("cascade:signals", RedisChannel.PatternMode.Literal);
    public static readonly RedisChannel AlertsChannel = new("cascade:alerts", RedisChannel.PatternMode.Literal);
    public static readonly RedisChannel CriticalChannel = new("cascade:critical", RedisChannel.PatternMode.Literal);
    public static readonly RedisKey VolatilityKey = "volatility:btc:current";
    public static readonly RedisKey SignalsStream = "cascade:stream:signals";
    public static readonly RedisKey LevelsStream = "cascade:stream:levels";
    private static readonly RedisValue[] LevelNames = Enumerable.Range(0, SignalLevels.Count).Select(l => (RedisValue)SignalLevels.Name((SignalLevel)l)).ToArray();

    private readonly RedisSinkOptions _options;
    private readonly SymbolTable _symbols;
    private readonly TimeProvider _clock;
    private readonly long _keyIntervalTicks;
    private readonly ConnectionMultiplexer _redis;
    private readonly IDatabase _db;
    private readonly SymbolKeys?[] _keys;
    private readonly List<SymbolKeys> _touched = new();
    private readonly ArrayBufferWriter<byte> _jsonBuffer = new(256);
    private readonly Utf8JsonWriter _json;
    private readonly Action<Task<long>> _onPublishCompleted;
    private readonly ManualResetEventSlim _progress = new(false);
    private readonly bool _lossless;
    private readonly TimeSpan? _ttl;
    private SymbolKeys? _unknownSymbol;
    private IBatch? _batch;
    private long _lastVolatilityWrite;
    private bool _volatilityWritten;

    private long _delivered;
    private long _lost;
    private long _inFlight;
    private long _stateKeyWrites;
    private long _connectionFailures;
    private long _reconnects;
    private long _levelTransitions;

    private RedisSignalSink(RedisSinkOptions options, SymbolTable symbols, TimeProvider clock, ConnectionMultiplexer redis, bool lossless)
    {
        _lossless = lossless;
        _ttl = options.KeyTtlSeconds > 0 ? TimeSpan.FromSeconds(options.KeyTtlSeconds) : null;
        _options = options;
        _symbols = symbols;
        _clock = clock;
        _keyIntervalTicks = (long)(options.KeyWriteInterval.TotalSeconds * clock.TimestampFrequency);
        _redis = redis;
        _db = redis.GetDatabase(options.Database);
        _keys = new SymbolKeys?[symbols.Capacity];
        _json = new Utf8JsonWriter(_jsonBuffer);
        _onPublishCompleted = OnPublishCompleted;
        _redis.ConnectionFailed += (_, e) => { if (e.ConnectionType == ConnectionType.Interactive) Interlocked.Increment(ref _connectionFailures); };
        _redis.ConnectionRestored += (_, e) => { if (e.ConnectionType == ConnectionType.Interactive) Interlocked.Increment(ref _reconnects); };
    }

    /// <summary>
    /// Connects (waiting at most <see cref="RedisSinkOptions.ConnectTimeout"/>) and returns the sink even when Redis
    /// is not reachable yet: it reconnects in the background and counts what it could not publish meanwhile.
    /// </summary>
    /// <param name="lossless">
    /// Replays: when <see cref="RedisSinkOptions.MaxInFlight"/> commands await acknowledgement, wait for Redis for as
    /// long as it stays connected instead of counting the signal lost after <see cref="RedisSinkOptions.ConnectTimeout"/>.
    /// </param>
    public static RedisSignalSink Connect(RedisSinkOptions options, SymbolTable symbols, TimeProvider? clock = null, bool lossless = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(symbols);
        options.Validate();
        var redis = ConnectionMultiplexer.Connect(options.ToConfiguration("cascade-publisher"));
        return new RedisSignalSink(options, symbols, clock ?? TimeProvider.System, redis, lossless);
    }

    public string Name => "redis";
    public RedisSinkOptions Options => _options;
    public bool IsConnected => _redis.IsConnected;

    /// <summary>Messages acknowledged by Redis (<see cref="SinkStats.Delivered"/>) and known lost (<see cref="SinkStats.Lost"/>).</summary>
    public SinkStats Stats => new(Volatile.Read(ref _delivered), Volatile.Read(ref _lost));

    /// <summary>Messages sent whose acknowledgement has not arrived yet.</summary>
    public long InFlight => Volatile.Read(ref _inFlight);
    /// <summary>Writes of the derived state keys (rate-bounded by <see cref="RedisSinkOptions.KeyWriteInterval"/>).</summary>
    public long StateKeyWrites => Volatile.Read(ref _stateKeyWrites);
    public long ConnectionFailures => Volatile.Read(ref _connectionFailures);
    public long Reconnects => Volatile.Read(ref _reconnects);
    /// <summary>Entries sent to <c>cascade:stream:levels</c> (level transitions, counted when sent).</summary>
    public long LevelTransitions => Volatile.Read(ref _levelTransitions);

    public void Write(in SignalMessage message)
    {
        if (!_redis.IsConnected || !WaitForInFlightRoom())
        {
            Interlocked.Increment(ref _lost);
            return;
        }
        SymbolKeys keys = KeysFor(message.SymbolId);
        IBatch batch = _batch ??= _db.CreateBatch();
        RedisValue json = message.Json.ToArray();

        Interlocked.Increment(ref _inFlight);
        batch.PublishAsync(SignalsChannel, json).ContinueWith(_onPublishCompleted, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        if (message.Level >= SignalLevel.Alert) batch.PublishAsync(AlertsChannel, json, CommandFlags.FireAndForget);
        if (message.Level >= SignalLevel.Critical) batch.PublishAsync(CriticalChannel, json, CommandFlags.FireAndForget);
        batch.SortedSetAddAsync(keys.History, json, message.TimestampSeconds, CommandFlags.FireAndForget);
        if (_options.StreamMaxLength > 0)
        {
            var level = LevelNames[(int)message.Level];
            batch.StreamAddAsync(SignalsStream,
                [new("symbol", keys.Symbol), new("level", level), new("probability", message.Probability), new("timestamp", message.TimestampSeconds), new("signal", json)],
                maxLength: _options.StreamMaxLength, useApproximateMaxLength: true, flags: CommandFlags.FireAndForget);
            if (message.Level != keys.StreamLevel)
            {
                batch.StreamAddAsync(LevelsStream,
                    [new("symbol", keys.Symbol), new("from", LevelNames[(int)keys.StreamLevel]), new("to", level), new("probability", message.Probability), new("timestamp", message.TimestampSeconds)],
                    maxLength: _options.StreamMaxLength, useApproximateMaxLength: true, flags: CommandFlags.FireAndForget);
                keys.StreamLevel = message.Level;
                Interlocked.Increment(ref _levelTransitions);
            }
        }

        if (!keys.Touched) { keys.Touched = true; _touched.Add(keys); }
        keys.LastLevel = message.Level;
        keys.LastProbability = message.Probability;
        keys.LastTimestamp = message.TimestampSeconds;

        WriteStateKeysIfDue(batch, keys, message.Json);
    }

    /// <summary>Once per drained batch: latest probability and history trim per symbol, then one pipelined send.</summary>
    public void Flush()
    {
        if (_batch is null) return;
        foreach (var keys in _touched)
        {
            _batch.StringSetAsync(keys.Probability, ProbabilityJson(keys), _ttl, When.Always, CommandFlags.FireAndForget);
            _batch.SortedSetRemoveRangeByRankAsync(keys.History, 0, -(_options.HistoryLength + 1L), CommandFlags.FireAndForget);
            if (_ttl is { } ttl) _batch.KeyExpireAsync(keys.History, ttl, CommandFlags.FireAndForget);
            keys.Touched = false;
        }
        _touched.Clear();
        var batch = _batch;
        _batch = null;
        try
        {
            batch.Execute();
        }
        catch (RedisConnectionException)
        {
            // No connection to send on (Redis went away since the batch began): the client fails every command of
            // the batch before it throws, so each signal is already counted lost by its completion. Letting the
            // exception through would count the same signals a second time, as a sink error.
        }
    }

    /// <summary>Waits until every message sent so far is acknowledged or known lost (for shutdown and tests).</summary>
    public bool WaitForAcknowledgements(TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            _progress.Reset();
            if (Volatile.Read(ref _inFlight) == 0) return true;
            long left = deadline - Environment.TickCount64;
            if (left <= 0 || !_progress.Wait((int)left)) return Volatile.Read(ref _inFlight) == 0;
        }
    }

    private bool WaitForInFlightRoom()
    {
        if (Volatile.Read(ref _inFlight) < _options.MaxInFlight) return true;
        // Redis is slower than the signals: block this sink thread (never the ring) for a bounded time; its queue
        // absorbs the wait and counts overflow. Send what is batched first, or nothing would drain. Lossless
        // (replays): wait as long as Redis stays connected; the replay slows down behind the full queue.
        Flush();
        long deadline = Environment.TickCount64 + (long)_options.ConnectTimeout.TotalMilliseconds;
        while (Volatile.Read(ref _inFlight) >= _options.MaxInFlight)
        {
            if (_lossless && _redis.IsConnected) deadline = Environment.TickCount64 + (long)_options.ConnectTimeout.TotalMilliseconds;
            _progress.Reset();
            if (Volatile.Read(ref _inFlight) < _options.MaxInFlight) break;
            long left = deadline - Environment.TickCount64;
            if (left <= 0 || !_progress.Wait((int)left)) return Volatile.Read(ref _inFlight) < _options.MaxInFlight;
        }
        return true;
    }

    private void OnPublishCompleted(Task<long> task)
    {
        if (task.Status == TaskStatus.RanToCompletion) Interlocked.Increment(ref _delivered);
        else Interlocked.Increment(ref _lost); // faulted: connection lost before the acknowledgement; observed here
        long left = Interlocked.Decrement(ref _inFlight);
        if (left == 0 || left == _options.MaxInFlight / 2) _progress.Set();
    }

    private void WriteStateKeysIfDue(IBatch batch, SymbolKeys keys, ReadOnlySpan<byte> json)
    {
        long now = _clock.GetTimestamp();
        bool symbolDue = !keys.StateWritten || now - keys.LastStateWrite >= _keyIntervalTicks;
        bool volatilityDue = !_volatilityWritten || now - _lastVolatilityWrite >= _keyIntervalTicks;
        if (!symbolDue && !volatilityDue) return;
        if (!SignalStateFields.TryRead(json, out var f)) return;

        if (symbolDue)
        {
            keys.StateWritten = true;
            keys.LastStateWrite = now;
            var velocity = new List<HashEntry>(4);
            if (f.Velocity is double v) velocity.Add(new HashEntry("velocity_10s", v));
            if (f.Acceleration is double a) velocity.Add(new HashEntry("acceleration", a));
            if (f.VolumeUsd is double usd) velocity.Add(new HashEntry("total_value_usd", usd));
            if (f.ExchangeCorrelation is double corr) velocity.Add(new HashEntry("exchange_correlation", corr));
            if (velocity.Count > 0)
            {
                batch.HashSetAsync(keys.Velocity, velocity.ToArray(), CommandFlags.FireAndForget);
                if (_ttl is { } ttl) batch.KeyExpireAsync(keys.Velocity, ttl, CommandFlags.FireAndForget);
                Interlocked.Increment(ref _stateKeyWrites);
            }

            if (f.OiChange1m is not null || f.OiChange5m is not null)
            {
                batch.StringSetAsync(keys.OiChange, JsonObject(w =>
                {
                    if (f.OiChange1m is double m1) w.WriteNumber("change_1m", m1);
                    if (f.OiChange5m is double m5) w.WriteNumber("change_5m", m5);
                }), _ttl, When.Always, CommandFlags.FireAndForget);
                Interlocked.Increment(ref _stateKeyWrites);
            }
            if (f.FundingRate is double rate)
            {
                batch.StringSetAsync(keys.Funding, JsonObject(w => w.WriteNumber("rate", rate)), _ttl, When.Always, CommandFlags.FireAndForget);
                Interlocked.Increment(ref _stateKeyWrites);
            }
        }
        if (volatilityDue && (f.VolatilityRegime is not null || f.BtcPrice is not null || f.VolRiskMultiplier is not null))
        {
            _volatilityWritten = true;
            _lastVolatilityWrite = now;
            batch.StringSetAsync(VolatilityKey, JsonObject(w =>
            {
                if (f.VolatilityRegime is string regime) w.WriteString("regime", regime);
                if (f.BtcPrice is double price) w.WriteNumber("btc_price", price);
                if (f.VolRiskMultiplier is double mult) w.WriteNumber("cascade_risk_multiplier", mult);
            }), _ttl, When.Always, CommandFlags.FireAndForget);
            Interlocked.Increment(ref _stateKeyWrites);
        }
    }

    private RedisValue ProbabilityJson(SymbolKeys keys) => JsonObject(w =>
    {
        w.WriteNumber("probability", keys.LastProbability);
        w.WriteString("signal", SignalLevels.Utf8Name(keys.LastLevel));
        w.WriteNumber("timestamp", keys.LastTimestamp);
    });

    private RedisValue JsonObject(Action<Utf8JsonWriter> body)
    {
        _jsonBuffer.ResetWrittenCount();
        _json.Reset(_jsonBuffer);
        _json.WriteStartObject();
        body(_json);
        _json.WriteEndObject();
        _json.Flush();
        return _jsonBuffer.WrittenSpan.ToArray();
    }

    private SymbolKeys KeysFor(int symbolId)
    {
        if ((uint)symbolId >= (uint)_keys.Length) return _unknownSymbol ??= new SymbolKeys(_symbols.NameOf(symbolId));
        return _keys[symbolId] ??= new SymbolKeys(_symbols.NameOf(symbolId));
    }

    /// <summary>Sends what is batched and waits (bounded) for acknowledgements. Call after the sink's runner is disposed.</summary>
    public void Dispose()
    {
        Flush();
        WaitForAcknowledgements(_options.ConnectTimeout);
        _redis.Close(allowCommandsToComplete: false); // acknowledgements were awaited above
        _redis.Dispose();
        _progress.Dispose();
        _json.Dispose();
    }

    /// <summary>A symbol's key names (made once per symbol) and what the current batch last saw for it.</summary>
    private sealed class SymbolKeys(string symbol)
    {
        public readonly RedisValue Symbol = symbol;
        /// <summary>The level of the symbol's last signal sent to the levels stream (a symbol starts at NONE).</summary>
        public SignalLevel StreamLevel = SignalLevel.None;
        public readonly RedisKey Probability = $"cascade:probability:{symbol}";
        public readonly RedisKey History = $"cascade:signals:history:{symbol}";
        public readonly RedisKey Velocity = $"velocity:{symbol}:current";
        public readonly RedisKey OiChange = $"oi:{symbol}:change";
        public readonly RedisKey Funding = $"funding:{symbol}:current";
        public bool Touched;
        public SignalLevel LastLevel;
        public double LastProbability;
        public double LastTimestamp;
        public bool StateWritten;
        public long LastStateWrite;
    }
}
