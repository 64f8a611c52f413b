using System.Threading.Channels;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Pipeline;
using LowLatencyCascade.Engine.Ring;
using LowLatencyCascade.Feeds;

namespace LowLatencyCascade.Hosting.Harness;

/// <summary>
/// The harness's baseline: the same stage handlers wired the way most .NET code would do it, with a bounded
/// <see cref="Channel{T}"/> between consecutive stages and an async consumer loop per stage
/// (velocity → volatility → regime → scoring → publish). Slots are copied into the channels by value.
/// The producer writes with <see cref="IMarketEventSink"/> like a ring producer (claim a slot, fill it, commit),
/// so the same decoders drive both.
/// </summary>
public sealed class ChannelPipeline : IMarketEventSink, IAsyncDisposable
{
    private readonly Channel<MarketEvent>[] _channels;
    private readonly Task[] _consumers;
    private MarketEvent _claimed;
    private long _committed;
    private long _processed;

    public ChannelPipeline(PipelineStages stages, StageLatencies latencies, int capacity)
    {
        IEventHandler<MarketEvent>[] handlers =
        [
            // Each consumer stamps when it picked the slot up, as the ring's stage threads do (service apart from
            // the wait in the channels); the latencies must be built with chained: true (one stage after the other).
            new StartStampingHandler(StageLatencies.Velocity, stages.Velocity),
            new StartStampingHandler(StageLatencies.Volatility, stages.Volatility),
            new StartStampingHandler(StageLatencies.Regime, stages.Regime),
            new StartStampingHandler(StageLatencies.Scoring, stages.Scoring),
            new StartStampingHandler(StageLatencies.Publish,
                new FusedHandler<MarketEvent>([stages.Publish, .. stages.AfterPublish ?? [], new LatencyRecordingHandler(latencies), new CountingHandler(this)])),
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

    /// <summary>Slots the producer has committed.</summary>
    public long Committed => Volatile.Read(ref _committed);

    /// <summary>Slots through the last stage.</summary>
    public long Processed => Volatile.Read(ref _processed);

    /// <summary>Committed but not yet through the last stage.</summary>
    public long InFlight => Committed - Processed;

    public ref MarketEvent Claim() => ref _claimed;

    /// <summary>Copies the claimed slot into the first channel; while it is full, spins (never sleeps) until there is room.</summary>
    public void Commit()
    {
        var writer = _channels[0].Writer;
        if (!writer.TryWrite(_claimed))
        {
            var spin = new SpinWait();
            while (!writer.TryWrite(_claimed)) spin.SpinOnce(sleep1Threshold: -1);
        }
        Volatile.Write(ref _committed, _committed + 1);
    }

    /// <summary>The last handler: counts what got through, so a run knows when the stages have drained.</summary>
    private sealed class CountingHandler(ChannelPipeline pipeline) : IEventHandler<MarketEvent>
    {
        public void OnEvent(ref MarketEvent evt, long sequence, bool endOfBatch) =>
            Volatile.Write(ref pipeline._processed, pipeline._processed + 1);
    }

    /// <summary>Completes the input and waits until every stage has drained.</summary>
    public async ValueTask DisposeAsync()
    {
        _channels[0].Writer.TryComplete();
        await Task.WhenAll(_consumers).ConfigureAwait(false);
    }
}
