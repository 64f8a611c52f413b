using System.Globalization;
using Microsoft.Extensions.Configuration;
using StackExchange.Redis;

namespace LowLatencyCascade.Engine.Publishing;

/// <summary>
/// Where and how the Redis sink publishes. Configuration keys (section <c>Redis</c>): <c>Endpoint</c>,
/// <c>Database</c>, <c>Password</c>, <c>Ssl</c>, <c>HistoryLength</c>, <c>KeyWriteIntervalMs</c>,
/// <c>QueueCapacity</c>, <c>StreamMaxLength</c>, <c>KeyTtlSeconds</c>.
/// </summary>
public sealed class RedisSinkOptions
{
    public const string SectionName = "Redis";

    /// <summary><c>host:port</c> of the Redis server.</summary>
    public string Endpoint { get; set; } = "127.0.0.1:6379";
    public int Database { get; set; }
    public string? Password { get; set; }
    public bool Ssl { get; set; }
    /// <summary>Entries kept in <c>cascade:signals:history:{symbol}</c> (the spec keeps the last 1000).</summary>
    public int HistoryLength { get; set; } = 1000;
    /// <summary>
    /// The state keys derived from a signal (<c>velocity:{symbol}:current</c>, <c>oi:{symbol}:change</c>,
    /// <c>funding:{symbol}:current</c>, <c>volatility:btc:current</c>) are written at most once per interval per
    /// symbol, on the monotonic clock, so a burst of signals cannot turn into a burst of key writes.
    /// </summary>
    public TimeSpan KeyWriteInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>Messages the sink's queue holds before the pipeline drops (and counts) them; a power of two.</summary>
    public int QueueCapacity { get; set; } = 4096;
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>
    /// Bound of the streams <c>cascade:stream:signals</c> and <c>cascade:stream:levels</c> (<c>XADD MAXLEN ~ N</c>: Redis
    /// trims whole nodes, so a stream holds at least N and a little more). 0 turns both streams off.
    /// </summary>
    public long StreamMaxLength { get; set; } = 100_000;
    /// <summary>
    /// Expiry of every per-symbol key (<c>cascade:probability:{symbol}</c>, <c>cascade:signals:history:{symbol}</c>,
    /// <c>velocity:{symbol}:current</c>, <c>oi:{symbol}:change</c>, <c>funding:{symbol}:current</c>) and of
    /// <c>volatility:btc:current</c>, refreshed by each write, so a dead feed does not leave its last level standing.
    /// 0 = no expiry.
    /// </summary>
    public int KeyTtlSeconds { get; set; } = 60;
    /// <summary>Commands sent but not yet acknowledged before the sink thread waits for Redis to catch up.</summary>
    public int MaxInFlight { get; set; } = 65_536;

    /// <summary>Throws <see cref="ArgumentException"/> naming the configuration key that is wrong.</summary>
    public void Validate()
    {
        if (!TryParseEndpoint(Endpoint, out _, out _))
            throw new ArgumentException($"{SectionName}:Endpoint \"{Endpoint}\" is not host:port (port 1-65535)", nameof(Endpoint));
        if (Database < 0)
            throw new ArgumentException($"{SectionName}:Database must be 0 or more, was {Database}", nameof(Database));
        if (HistoryLength < 1)
            throw new ArgumentException($"{SectionName}:HistoryLength must be at least 1, was {HistoryLength}", nameof(HistoryLength));
        if (KeyWriteInterval < TimeSpan.Zero)
            throw new ArgumentException($"{SectionName}:KeyWriteInterval must not be negative, was {KeyWriteInterval.TotalMilliseconds}", nameof(KeyWriteInterval));
        if (QueueCapacity < 2 || (QueueCapacity & (QueueCapacity - 1)) != 0)
            throw new ArgumentException($"{SectionName}:QueueCapacity must be a power of two >= 2, was {QueueCapacity}", nameof(QueueCapacity));
        if (ConnectTimeout <= TimeSpan.Zero)
            throw new ArgumentException($"{SectionName}:ConnectTimeout must be positive", nameof(ConnectTimeout));
        if (StreamMaxLength < 0)
            throw new ArgumentException($"{SectionName}:StreamMaxLength must be 0 (off) or more, was {StreamMaxLength}", nameof(StreamMaxLength));
        if (KeyTtlSeconds < 0)
            throw new ArgumentException($"{SectionName}:KeyTtlSeconds must be 0 (no expiry) or more, was {KeyTtlSeconds}", nameof(KeyTtlSeconds));
        if (KeyTtlSeconds > 0 && KeyWriteInterval.TotalSeconds >= KeyTtlSeconds)
            throw new ArgumentException($"{SectionName}:KeyTtlSeconds ({KeyTtlSeconds}) must be longer than {SectionName}:KeyWriteInterval ({KeyWriteInterval.TotalSeconds} s), or state keys would expire between writes", nameof(KeyTtlSeconds));
        if (MaxInFlight < 1)
            throw new ArgumentException($"{SectionName}:MaxInFlight must be at least 1, was {MaxInFlight}", nameof(MaxInFlight));
    }

    /// <summary>Reads the options from a configuration section (e.g. <c>configuration.GetSection("Redis")</c>).</summary>
    public static RedisSinkOptions FromConfiguration(IConfiguration section)
    {
        var o = new RedisSinkOptions();
        if (section["Endpoint"] is { Length: > 0 } endpoint) o.Endpoint = endpoint;
        if (section["Database"] is { Length: > 0 } db) o.Database = ParseInt(db, "Database");
        if (section["Password"] is { Length: > 0 } password) o.Password = password;
        if (section["Ssl"] is { Length: > 0 } ssl)
            o.Ssl = bool.TryParse(ssl, out bool b) ? b : throw new ArgumentException($"{SectionName}:Ssl \"{ssl}\" is not true/false");
        if (section["HistoryLength"] is { Length: > 0 } history) o.HistoryLength = ParseInt(history, "HistoryLength");
        if (section["KeyWriteIntervalMs"] is { Length: > 0 } interval) o.KeyWriteInterval = TimeSpan.FromMilliseconds(ParseInt(interval, "KeyWriteIntervalMs"));
        if (section["QueueCapacity"] is { Length: > 0 } capacity) o.QueueCapacity = ParseInt(capacity, "QueueCapacity");
        if (section["StreamMaxLength"] is { Length: > 0 } streamMax) o.StreamMaxLength = ParseInt(streamMax, "StreamMaxLength");
        if (section["KeyTtlSeconds"] is { Length: > 0 } ttl) o.KeyTtlSeconds = ParseInt(ttl, "KeyTtlSeconds");
        o.Validate();
        return o;
    }

    internal ConfigurationOptions ToConfiguration(string clientName)
    {
        Validate();
        TryParseEndpoint(Endpoint, out string host, out int port);
        var c = new ConfigurationOptions
        {
            AbortOnConnectFail = false,
            ConnectTimeout = (int)ConnectTimeout.TotalMilliseconds,
            SyncTimeout = (int)ConnectTimeout.TotalMilliseconds,
            ConnectRetry = 1,
            DefaultDatabase = Database,
            Password = Password,
            Ssl = Ssl,
            ClientName = clientName,
            // Reconnect quickly after Redis comes back; the backoff is capped so a long outage is noticed late by seconds, not minutes.
            ReconnectRetryPolicy = new ExponentialRetry(250, 2000),
            // Chosen on purpose, not the client's default (which queues commands issued while disconnected and sends
            // them on reconnect, or times them out after SyncTimeout): the sink counts a signal lost the moment it
            // cannot be sent, and its Flush relies on a batch that finds no connection failing every command at once
            // (each then counted lost by its completion). A backlog would hold the batch's publish tasks for up to a
            // timeout, keep MaxInFlight full while Redis is down, and send stale signals after the outage.
            BacklogPolicy = BacklogPolicy.FailFast,
        };
        c.EndPoints.Add(host, port);
        return c;
    }

    internal static bool TryParseEndpoint(string? endpoint, out string host, out int port)
    {
        host = "";
        port = 0;
        if (string.IsNullOrWhiteSpace(endpoint)) return false;
        int colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || colon == endpoint.Length - 1) return false;
        host = endpoint[..colon].Trim('[', ']');
        return int.TryParse(endpoint.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;
    }

    private static int ParseInt(string text, string key) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v
            : throw new ArgumentException($"{SectionName}:{key} \"{text}\" is not an integer");
}
