using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Publishing;

/// <summary>
/// The publishing end of the pipeline, assembled: the sinks the options ask for, one <see cref="SinkRunner"/> each,
/// and the <see cref="PublishStage"/> to put last on the ring. Disposing stops the runners first (each writes what it
/// already holds) and then the sinks, so a clean shutdown loses nothing that was handed off.
/// </summary>
public sealed class SignalPublisher : IAsyncDisposable
{
    private readonly List<SinkRunner> _runners;
    private readonly List<object> _owned;

    private SignalPublisher(PublishStage stage, List<SinkRunner> runners, List<object> owned, RedisSignalSink? redis, SignalWebSocketServer? webSocket)
    {
        Stage = stage;
        _runners = runners;
        _owned = owned;
        Redis = redis;
        WebSocket = webSocket;
    }

    public PublishStage Stage { get; }
    public IReadOnlyList<SinkRunner> Runners => _runners;
    public RedisSignalSink? Redis { get; }
    public SignalWebSocketServer? WebSocket { get; }

    /// <summary>Every sink's counters, in the order the sinks were added.</summary>
    public IReadOnlyList<SinkRunnerStats> Stats() => _runners.Select(r => r.Stats).ToList();

    /// <summary>
    /// Creates and starts the sinks (Redis connects, the WebSocket server listens) and their threads.
    /// <paramref name="extraSinks"/> are run too but stay owned by the caller.
    /// </summary>
    public static async Task<SignalPublisher> StartAsync(SymbolTable symbols, ISignalEncoder encoder, SignalPublisherOptions options,
        IEnumerable<ISignalSink>? extraSinks = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(options);
        var runners = new List<SinkRunner>();
        var owned = new List<object>();
        RedisSignalSink? redis = null;
        SignalWebSocketServer? webSocket = null;
        try
        {
            if (options.Redis is not null)
            {
                redis = RedisSignalSink.Connect(options.Redis, symbols, lossless: options.Lossless);
                owned.Add(redis);
                runners.Add(new SinkRunner(redis, options.Redis.QueueCapacity, options.MaxMessageBytes) { Lossless = options.Lossless });
            }
            if (options.WebSocket is not null)
            {
                webSocket = new SignalWebSocketServer(options.WebSocket, symbols, options.Lossless);
                owned.Add(webSocket);
                await webSocket.StartAsync(cancellationToken).ConfigureAwait(false);
                runners.Add(new SinkRunner(webSocket, options.QueueCapacity, options.MaxMessageBytes) { Lossless = options.Lossless });
            }
            if (options.JsonlPath is not null)
            {
                var jsonl = new JsonlFileSink(options.JsonlPath);
                owned.Add(jsonl);
                runners.Add(new SinkRunner(jsonl, options.QueueCapacity, options.MaxMessageBytes) { Lossless = options.Lossless });
            }
            if (options.Console is not null)
                runners.Add(new SinkRunner(new ConsoleSignalSink(symbols, options.Console), options.QueueCapacity, options.MaxMessageBytes) { Lossless = options.Lossless });
            foreach (var sink in extraSinks ?? [])
                runners.Add(new SinkRunner(sink, options.QueueCapacity, options.MaxMessageBytes) { Lossless = options.Lossless });
        }
        catch
        {
            foreach (var runner in runners) runner.Dispose();
            await DisposeOwnedAsync(owned).ConfigureAwait(false);
            throw;
        }
        foreach (var runner in runners) runner.Start();
        return new SignalPublisher(new PublishStage(encoder, runners), runners, owned, redis, webSocket);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var runner in _runners) runner.Dispose();
        await DisposeOwnedAsync(_owned).ConfigureAwait(false);
    }

    private static async Task DisposeOwnedAsync(List<object> owned)
    {
        foreach (var sink in owned)
        {
            if (sink is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync().ConfigureAwait(false);
            else if (sink is IDisposable disposable) disposable.Dispose();
        }
    }
}
