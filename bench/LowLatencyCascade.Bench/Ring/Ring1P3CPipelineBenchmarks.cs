using System.Runtime.CompilerServices;
using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using LowLatencyCascade.Engine.Ring;

namespace LowLatencyCascade.Bench.Ring;

/// <summary>
/// One producer, three stages in a chain (each sees an event after the one before it). The ring runs the
/// three stages behind barriers on one ring with the yielding strategy (four busy threads oversubscribe a
/// small machine); the baseline chains three bounded Channels. Results are per event.
/// </summary>
[MemoryDiagnoser]
public class Ring1P3CPipelineBenchmarks
{
    private const int Events = 1 << 20;
    private const int Batch = 128;

    private RingBuffer<BenchSlot> _ring = null!;
    private StageGraph<BenchSlot> _graph = null!;
    private Sequence _last = null!;

    private Channel<long>[] _channels = null!;
    private Task[] _channelStages = null!;
    private readonly StrongBox<long>[] _channelConsumed = [new(), new(), new()];
    private long _channelProduced;

    // Each side is set up only for its own rows: an idle ring stage that spins must not steal a core from
    // the Channels rows, nor the other way round.
    [GlobalSetup(Targets = [nameof(Ring)])]
    public void SetupRing()
    {
        _ring = RingBuffer<BenchSlot>.CreateSingleProducer(1 << 16, new YieldingWaitStrategy());
        _graph = new StageGraph<BenchSlot>(_ring);
        _graph.HandleEventsWith(new StageOptions("first"), new SummingStage())
            .Then(new StageOptions("second"), new SummingStage())
            .Then(new StageOptions("third"), new SummingStage());
        _graph.Start();
        _last = _graph.Stages[^1].Sequence;
    }

    [GlobalSetup(Target = nameof(Channels))]
    public void SetupChannels()
    {
        _channels = [ChannelStages.CreateBounded(true), ChannelStages.CreateBounded(true), ChannelStages.CreateBounded(true)];
        _channelStages =
        [
            Task.Run(() => ChannelStages.ForwardAsync(_channels[0].Reader, _channels[1].Writer, _channelConsumed[0])),
            Task.Run(() => ChannelStages.ForwardAsync(_channels[1].Reader, _channels[2].Writer, _channelConsumed[1])),
            Task.Run(() => ChannelStages.ForwardAsync(_channels[2].Reader, null, _channelConsumed[2])),
        ];
    }

    [GlobalCleanup(Targets = [nameof(Ring)])]
    public void CleanupRing() => _graph.Halt(TimeSpan.FromSeconds(30));

    [GlobalCleanup(Target = nameof(Channels))]
    public void CleanupChannels()
    {
        _channels[0].Writer.Complete();
        Task.WaitAll(_channelStages);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public async Task Channels()
    {
        var writer = _channels[0].Writer;
        for (int i = 0; i < Events; i++)
        {
            if (!writer.TryWrite(i)) await ChannelStages.WriteAsync(writer, i);
        }
        _channelProduced += Events;
        ConsumerProgress.WaitUntil(ref _channelConsumed[2].Value, _channelProduced);
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public void Ring()
    {
        var ring = _ring;
        for (int i = 0; i < Events; i += Batch)
        {
            long hi = ring.Next(Batch);
            long lo = hi - (Batch - 1);
            for (long sequence = lo; sequence <= hi; sequence++) ring[sequence].Value = sequence;
            ring.Publish(lo, hi);
        }
        ConsumerProgress.WaitUntil(_last, ring.Cursor);
    }
}
