using System.Threading.Channels;
using StackExchange.Redis;

namespace LowLatencyCascade.Engine.Publishing;

/// <summary>
/// Receives signals from Redis pub/sub as typed <see cref="CascadeSignalEnvelope"/>s. Messages are handed to the
/// callback one at a time, in arrival order (per channel: what one channel received reaches the callback in the
/// order Redis sent it), on a task of their own: a slow callback never stalls the Redis connection, it fills a
/// bounded inbox whose overflow is counted (<see cref="Dropped"/>). Messages that are not a valid signal are
/// counted (<see cref="Malformed"/>, reason in <see cref="LastError"/>) and skipped.
/// <para>
/// Order comes from StackExchange.Redis's <see cref="ChannelMessageQueue"/>: since 2.x the client may run plain
/// <c>Action&lt;RedisChannel, RedisValue&gt;</c> subscription handlers concurrently, so two messages could reach the
/// inbox swapped; a channel's queue is read by one loop in arrival order. The subscriber has a multiplexer of
/// its own, never shared with a publisher (<see cref="RedisSignalSink"/> has its own too): a subscribed
/// connection cannot run commands, and a publisher's backlog or reconnects must not hold up delivery.
/// </para>
/// </summary>
public sealed class SignalSubscriber
{
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _received;
    private long _malformed;
    private long _dropped;
    private long _callbackErrors;
    private string? _lastError;

    public string? Password { get; init; }
    public bool Ssl { get; init; }
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>Messages waiting for the callback before new ones are dropped.</summary>
    public int InboxCapacity { get; init; } = 10_000;

    /// <summary>Completes when every channel is subscribed (publishes after this are received).</summary>
    public Task Subscribed => _subscribed.Task;
    public long Received => Volatile.Read(ref _received);
    public long Malformed => Volatile.Read(ref _malformed);
    public long Dropped => Volatile.Read(ref _dropped);
    public long CallbackErrors => Volatile.Read(ref _callbackErrors);
    public string? LastError => Volatile.Read(ref _lastError);

    /// <summary>
    /// Subscribes to <paramref name="channels"/> on the Redis at <paramref name="redisEndpoint"/> (<c>host:port</c>)
    /// and calls <paramref name="callback"/>(channel, signal) for each signal until <paramref name="cancellationToken"/>
    /// is cancelled. Throws <see cref="RedisConnectionException"/> when Redis cannot be reached at the start; after
    /// that, the connection and its subscriptions are re-established by themselves.
    /// </summary>
    public async Task SubscribeAsync(string redisEndpoint, IEnumerable<string> channels,
        Func<string, CascadeSignalEnvelope, Task> callback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(callback);
        if (!RedisSinkOptions.TryParseEndpoint(redisEndpoint, out string host, out int port))
            throw new ArgumentException($"Redis endpoint \"{redisEndpoint}\" is not host:port", nameof(redisEndpoint));
        var names = channels.Where(c => !string.IsNullOrWhiteSpace(c)).Distinct(StringComparer.Ordinal).ToArray();
        if (names.Length == 0) throw new ArgumentException("at least one channel is required", nameof(channels));

        var config = new ConfigurationOptions
        {
            AbortOnConnectFail = true,
            ConnectTimeout = (int)ConnectTimeout.TotalMilliseconds,
            SyncTimeout = (int)ConnectTimeout.TotalMilliseconds,
            Password = Password,
            Ssl = Ssl,
            ClientName = "cascade-subscriber",
            ReconnectRetryPolicy = new ExponentialRetry(250, 2000),
        };
        config.EndPoints.Add(host, port);

        var inbox = Channel.CreateBounded<(string Channel, byte[] Json)>(new BoundedChannelOptions(InboxCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full: counted as dropped below
        });
        using var redis = await ConnectionMultiplexer.ConnectAsync(config).ConfigureAwait(false);
        var subscriber = redis.GetSubscriber();
        // One ordered queue per channel; its OnMessage loop runs the handler for one message at a time, in order.
        // The handler only copies into the inbox, so the queue never waits for the callback.
        foreach (var name in names)
        {
            var queue = await subscriber.SubscribeAsync(new RedisChannel(name, RedisChannel.PatternMode.Literal)).ConfigureAwait(false);
            queue.OnMessage(message =>
            {
                if (!inbox.Writer.TryWrite((name, (byte[])message.Message!))) Interlocked.Increment(ref _dropped);
            });
        }
        _subscribed.TrySetResult();

        try
        {
            await foreach (var (channel, json) in inbox.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                Interlocked.Increment(ref _received);
                if (!CascadeSignalEnvelope.TryParse(json, out var signal, out string? error))
                {
                    Interlocked.Increment(ref _malformed);
                    Volatile.Write(ref _lastError, $"{channel}: {error}");
                    continue;
                }
                try
                {
                    await callback(channel, signal!).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Interlocked.Increment(ref _callbackErrors);
                    Volatile.Write(ref _lastError, $"{channel}: callback threw {ex.GetType().Name}: {ex.Message}");
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Asked to stop: a normal end.
        }
        finally
        {
            await subscriber.UnsubscribeAllAsync().ConfigureAwait(false);
        }
    }
}
