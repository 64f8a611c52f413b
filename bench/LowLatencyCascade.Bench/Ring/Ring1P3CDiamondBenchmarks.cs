using System.Runtime.CompilerServices;
using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using LowLatencyCascade.Engine.Ring;

namespace LowLatencyCascade.Bench.Ring;

/// <summary>
/// One producer and a diamond: A and B in parallel after the producer, C after both (the engine's velocity,
/// volatility and regime). The ring joins through a barrier on A and B; the baseline fans each event out to
/// two Channels and joins A's and B's output channels in C. Yielding strategy. Results are per event.
/// </summary>
[MemoryDiagnoser]
public class Ring1P3CDiamondBenchmarks
{
    private const int Events = 1 << 20;
    private const int Batch = 128;

    private RingBuffer<BenchSlot> _ring = null!;
    private StageGraph<BenchSlot> _graph = null!;
    private Sequence _join = null!;

    private Channel<long> _toA = null!, _toB = null!, _aToC = null!, _bToC = null!;
    private Task[] _channelStages = null!;
    private readonly StrongBox<long> _consumedA = new(), _consumedB = new(), _consumedC = new();
    private long _channelProduced;

    // Each side is set up only for its own rows: an idle ring stage that spins must not steal a core from
    // the Channels rows, nor the other way round.
    [GlobalSetup(Targets = [nameof(Ring)])]
    public void SetupRing()
    {
        _ring = RingBuffer<BenchSlot>.CreateSingleProducer(1 << 16, new YieldingWaitStrategy());
        _graph = new StageGraph<BenchSlot>(_ring);
        var a = _graph.HandleEventsWith(new StageOptions("A"), new SummingStage());
        var b = _graph.HandleEventsWith(new StageOptions("B"), new SummingStage());
        _graph.After(a, b).Then(new StageOptions("C"), new SummingStage());
        _graph.Start();
        _join = _graph.Stages[^1].Sequence;
    }

    [GlobalSetup(Target = nameof(Channels))]
    public void SetupChannels()
    {
        _toA = ChannelStages.CreateBounded(true);
        _toB = ChannelStages.CreateBounded(true);
        _aToC = ChannelStages.CreateBounded(true);
        _bToC = ChannelStages.CreateBounded(true);
        _channelStages =
        [
            Task.Run(() => ChannelStages.ForwardAsync(_toA.Reader, _aToC.Writer, _consumedA)),
            Task.Run(() => ChannelStages.ForwardAsync(_toB.Reader, _bToC.Writer, _consumedB)),
            Task.Run(() => ChannelStages.JoinAsync(_aToC.Reader, _bToC.Reader, _consumedC)),
        ];
    }

    [GlobalCleanup(Targets = [nameof(Ring)])]
    public void CleanupRing() => _graph.Halt(TimeSpan.FromSeconds(30));

    [GlobalCleanup(Target = nameof(Channels))]
    public void CleanupChannels()
    {
        _toA.Writer.Complete();
        _toB.Writer.Complete();
        Task.WaitAll(_channelStages);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public async Task Channels()
    {
        ChannelWriter<long> toA = _toA.Writer, toB = _toB.Writer;
        for (int i = 0; i < Events; i++)
        {
            if (!toA.TryWrite(i)) await ChannelStages.WriteAsync(toA, i);
            if (!toB.TryWrite(i)) await ChannelStages.WriteAsync(toB, i);
        }
        _channelProduced += Events;
        ConsumerProgress.WaitUntil(ref _consumedC.Value, _channelProduced);
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
        ConsumerProgress.WaitUntil(_join, ring.Cursor);
    }
}
