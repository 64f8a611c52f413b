using System.Runtime.CompilerServices;
using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using LowLatencyCascade.Engine.Ring;

namespace LowLatencyCascade.Bench.Ring;

/// <summary>
/// Three producers, one consumer: the feed connections' contention on the claim. The ring rows use a
/// multi-producer ring with the yielding strategy, producers claiming in batches (a decoder publishing all
/// of a frame's events at once) or one event at a time; the baseline is a bounded Channel with three
/// writers. Producers run on thread-pool threads in every row. Results are per event.
/// </summary>
[MemoryDiagnoser]
public class Ring3P1CBenchmarks
{
    private const int Producers = 3;
    private const int EventsPerProducer = 1 << 18;
    private const int Events = Producers * EventsPerProducer;
    private const int Batch = 32;

    private RingBuffer<BenchSlot> _ring = null!;
    private StageGraph<BenchSlot> _graph = null!;
    private Sequence _consumer = null!;

    private Channel<long> _channel = null!;
    private Task _channelConsumer = null!;
    private readonly StrongBox<long> _channelConsumed = new();
    private long _channelProduced;

    // Each side is set up only for its own rows: an idle ring stage that spins must not steal a core from
    // the Channels rows, nor the other way round.
    [GlobalSetup(Targets = [nameof(RingBatchedClaims), nameof(RingSingleClaims)])]
    public void SetupRing()
    {
        _ring = RingBuffer<BenchSlot>.CreateMultiProducer(1 << 16, new YieldingWaitStrategy());
        _graph = new StageGraph<BenchSlot>(_ring);
        _graph.HandleEventsWith(new StageOptions("consumer"), new SummingStage());
        _graph.Start();
        _consumer = _graph.Stages[0].Sequence;
    }

    [GlobalSetup(Target = nameof(Channels))]
    public void SetupChannels()
    {
        _channel = ChannelStages.CreateBounded(singleWriter: false);
        _channelConsumer = Task.Run(() => ChannelStages.ForwardAsync(_channel.Reader, null, _channelConsumed));
    }

    [GlobalCleanup(Targets = [nameof(RingBatchedClaims), nameof(RingSingleClaims)])]
    public void CleanupRing() => _graph.Halt(TimeSpan.FromSeconds(30));

    [GlobalCleanup(Target = nameof(Channels))]
    public void CleanupChannels()
    {
        _channel.Writer.Complete();
        _channelConsumer.GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public async Task Channels()
    {
        await Task.WhenAll(Task.Run(ProduceToChannel), Task.Run(ProduceToChannel), Task.Run(ProduceToChannel));
        _channelProduced += Events;
        ConsumerProgress.WaitUntil(ref _channelConsumed.Value, _channelProduced);
    }

    private async Task ProduceToChannel()
    {
        var writer = _channel.Writer;
        for (int i = 0; i < EventsPerProducer; i++)
        {
            if (!writer.TryWrite(i)) await ChannelStages.WriteAsync(writer, i);
        }
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public async Task RingBatchedClaims()
    {
        await Task.WhenAll(Task.Run(ProduceBatches), Task.Run(ProduceBatches), Task.Run(ProduceBatches));
        ConsumerProgress.WaitUntil(_consumer, _ring.Cursor);
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public async Task RingSingleClaims()
    {
        await Task.WhenAll(Task.Run(ProduceOneByOne), Task.Run(ProduceOneByOne), Task.Run(ProduceOneByOne));
        ConsumerProgress.WaitUntil(_consumer, _ring.Cursor);
    }

    private void ProduceBatches()
    {
        var ring = _ring;
        for (int i = 0; i < EventsPerProducer; i += Batch)
        {
            long hi = ring.Next(Batch);
            long lo = hi - (Batch - 1);
            for (long sequence = lo; sequence <= hi; sequence++) ring[sequence].Value = sequence;
            ring.Publish(lo, hi);
        }
    }

    private void ProduceOneByOne()
    {
        var ring = _ring;
        for (int i = 0; i < EventsPerProducer; i++)
        {
            long sequence = ring.Next();
            ring[sequence].Value = sequence;
            ring.Publish(sequence);
        }
    }
}
