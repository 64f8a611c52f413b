using System.Runtime.CompilerServices;
using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using LowLatencyCascade.Engine.Ring;

namespace LowLatencyCascade.Bench.Ring;

/// <summary>
/// One producer, one consumer: the raw hand-off. The ring's producer claims and publishes in batches
/// (Next(n) / Publish(lo, hi)) and the consumer busy-spins on a core of its own; the baseline is a bounded
/// <see cref="Channel{T}"/> with one reader and one writer. Results are per event.
/// </summary>
[MemoryDiagnoser]
public class Ring1P1CBenchmarks
{
    private const int Events = 1 << 20;
    private const int Batch = 128;

    private RingBuffer<BenchSlot> _ring = null!;
    private StageGraph<BenchSlot> _graph = null!;
    private Sequence _consumer = null!;

    private Channel<long> _channel = null!;
    private Task _channelConsumer = null!;
    private readonly StrongBox<long> _channelConsumed = new();
    private long _channelProduced;

    // Each side is set up only for its own rows: an idle ring stage that spins must not steal a core from
    // the Channels rows, nor the other way round.
    [GlobalSetup(Targets = [nameof(Ring)])]
    public void SetupRing()
    {
        _ring = RingBuffer<BenchSlot>.CreateSingleProducer(1 << 16, new BusySpinWaitStrategy());
        _graph = new StageGraph<BenchSlot>(_ring);
        _graph.HandleEventsWith(new StageOptions("consumer"), new SummingStage());
        _graph.Start();
        _consumer = _graph.Stages[0].Sequence;
    }

    [GlobalSetup(Target = nameof(Channels))]
    public void SetupChannels()
    {
        _channel = ChannelStages.CreateBounded(singleWriter: true);
        _channelConsumer = Task.Run(() => ChannelStages.ForwardAsync(_channel.Reader, null, _channelConsumed));
    }

    [GlobalCleanup(Targets = [nameof(Ring)])]
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
        var writer = _channel.Writer;
        for (int i = 0; i < Events; i++)
        {
            if (!writer.TryWrite(i)) await ChannelStages.WriteAsync(writer, i);
        }
        _channelProduced += Events;
        ConsumerProgress.WaitUntil(ref _channelConsumed.Value, _channelProduced);
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
        ConsumerProgress.WaitUntil(_consumer, ring.Cursor);
    }
}
