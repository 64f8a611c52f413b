using System.Threading.Channels;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Pipeline;
using LowLatencyCascade.Engine.Ring;
using LowLatencyCascade.Feeds;

namespace LowLatencyCascade.Cli.Harness;

/// <summary>
/// The harness's baseline: the same stage handlers wired the way most .NET code would do it, with a bounded
/// <see cref="Channel{T}"/> between consecutive stages and an async consumer loop per stage
/// (velocity → volatility → regime → scoring → publish). Slots are copied into the channels by value.
/// </summary>
public sealed class ChannelPipeline : IMarketEventSink, IAsyncDisposable
{
    private readonly Channel<MarketEvent>[] _channels;
    private readonly Task[] _consumers;
    private MarketEvent _claimed;

    public ChannelPipeline(PipelineStages stages, StageLatencies latencies, int capacity)
    {
        IEventHandler<MarketEvent>[] handlers =
        [
            stages.Velocity, stages.Volatility, stages.Regime, stages.Scoring,
            new FusedHandler<MarketEvent>([stages.Publish, .. stages.AfterPublish ?? [], new LatencyRecordingHandler(latencies)]),
        ];
        _channels = new Channel<MarketEvent>[handlers.Length];
        for (int i = 0; i < handlers.Length; i++)
        {
            _channels[i] = Channel.CreateBounded<MarketEvent>(new BoundedChannelOptions(capacity)
            {
                SingleReader = true,
                SingleWriter = true,
                FullMode = BoundedChannelFullMode.Wait,
            });
        }
        _consumers = new Task[handlers.Length];
        for (int i = 0; i < handlers.Length; i++)
        {
            var handler = handlers[i];
            var input = _channels[i].Reader;
            var output = i + 1 < handlers.Length ? _channels[i + 1].Writer : null;
            _consumers[i] = Task.Run(() => ConsumeAsync(handler, input, output));
        }
    }

    private static async Task ConsumeAsync(IEventHandler<MarketEvent> handler, ChannelReader<MarketEvent> input, ChannelWriter<MarketEvent>? output)
    {
        long sequence = 0;
        while (await input.WaitToReadAsync().ConfigureAwait(false))
        {
            while (input.TryRead(out var evt))
            {
                handler.OnEvent(ref evt, sequence++, input.Count == 0);
                if (output is not null && !output.TryWrite(evt))
                    await output.WriteAsync(evt).ConfigureAwait(false);
            }
        }
        output?.Complete();
    }

    public ref MarketEvent Claim() => ref _claimed;

    public void Commit()
    {
        var writer = _channels[0].Writer;
        if (!writer.TryWrite(_claimed))
        {
            var spin = new SpinWait();
            while (!writer.TryWrite(_claimed)) spin.SpinOnce();
        }
    }

    /// <summary>Completes the input and waits until every stage has drained.</summary>
    public async ValueTask DisposeAsync()
    {
        _channels[0].Writer.TryComplete();
        await Task.WhenAll(_consumers).ConfigureAwait(false);
    }
}
