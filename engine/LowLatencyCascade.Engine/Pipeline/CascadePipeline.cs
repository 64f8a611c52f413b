using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Ring;

namespace LowLatencyCascade.Engine.Pipeline;

/// <summary>
/// The ring and the stage graph (velocity ∥ volatility → regime → scoring → publish) laid out on threads
/// as <see cref="PipelineOptions.Topology"/> says. Producers claim and publish slots on <see cref="Ring"/>;
/// <see cref="Stop"/> drains: every published slot reaches every stage once, then the threads exit.
/// </summary>
public sealed class CascadePipeline : IDisposable
{
    private readonly StageGraph<MarketEvent> _graph;
    private int _state; // 0 new, 1 running, 2 stopped

    // The CPUs the process may use, read once before any pipeline narrows its threads' affinity.
    private static readonly IReadOnlyList<int> ProcessCpus = ThreadAffinity.AllowedCpus();
    private static readonly Lock PinGate = new();
    private static int[]? s_pinnedCpus; // the cores the pipeline with the pinned layout holds, if one runs

    public CascadePipeline(PipelineOptions options, PipelineStages stages, StageLatencies? latencies = null)
    {
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        Options = options;
        Latencies = latencies ?? new StageLatencies();
        lock (PinGate)
        {
            bool pinnedElsewhere = s_pinnedCpus is not null;
            Layout = ThreadLayout.Resolve(options,
                pinnedElsewhere ? ProcessCpus.Where(cpu => !s_pinnedCpus!.Contains(cpu)).ToArray() : ProcessCpus, allowPinning: !pinnedElsewhere);
            if (Layout.KeepsOtherThreadsOff) s_pinnedCpus = Layout.Cpus;
        }
        var wait = WaitStrategies.Parse(Layout.WaitStrategy);
        Ring = options.MultiProducer
            ? RingBuffer<MarketEvent>.CreateMultiProducer(options.EffectiveRingSize, wait)
            : RingBuffer<MarketEvent>.CreateSingleProducer(options.EffectiveRingSize, wait);
        _graph = new StageGraph<MarketEvent>(Ring);

        var tail = new List<IEventHandler<MarketEvent>>();
        if (stages.Health is { } health) tail.Add(health);
        tail.Add(stages.Publish);
        if (stages.AfterPublish is { } after) tail.AddRange(after);
        tail.Add(new LatencyRecordingHandler(Latencies));

        int cpuIndex = 0;
        StageOptions Stage(string name) =>
            new(name, cpuIndex < Layout.Cpus.Length ? Layout.Cpus[cpuIndex++] : null);

        // The first handler on every thread stamps when the thread picked the slot up (StartStampingHandler):
        // a stage's service time and the slot's wait in the ring are told apart from it (StageLatencies).
        static IEventHandler<MarketEvent> Picked(int stage, IEventHandler<MarketEvent> handler) => new StartStampingHandler(stage, handler);
        switch (options.Topology)
        {
            case "fused":
                _graph.HandleEventsWith(Stage("model"), Picked(StageLatencies.Velocity,
                    new FusedHandler<MarketEvent>([stages.Velocity, stages.Volatility, stages.Regime, stages.Scoring, .. tail])));
                break;
            case "split":
            {
                var velocity = _graph.HandleEventsWith(Stage("velocity"), Picked(StageLatencies.Velocity, stages.Velocity));
                var volatility = _graph.HandleEventsWith(Stage("volatility"), Picked(StageLatencies.Volatility, stages.Volatility));
                _graph.After(velocity, volatility).Then(Stage("regime-scoring-publish"),
                    Picked(StageLatencies.Regime, new FusedHandler<MarketEvent>([stages.Regime, stages.Scoring, .. tail])));
                break;
            }
            default: // per-stage
            {
                var velocity = _graph.HandleEventsWith(Stage("velocity"), Picked(StageLatencies.Velocity, stages.Velocity));
                var volatility = _graph.HandleEventsWith(Stage("volatility"), Picked(StageLatencies.Volatility, stages.Volatility));
                _graph.After(velocity, volatility)
                    .Then(Stage("regime"), Picked(StageLatencies.Regime, stages.Regime))
                    .Then(Stage("scoring"), Picked(StageLatencies.Scoring, stages.Scoring))
                    .Then(Stage("publish"), Picked(StageLatencies.Publish, new FusedHandler<MarketEvent>([.. tail])));
                break;
            }
        }
    }

    public PipelineOptions Options { get; }

    /// <summary>The wait strategy and CPUs the stage threads use on this machine, and why.</summary>
    public ThreadLayout Layout { get; }

    /// <summary>Threads of the process moved off the stage threads' CPUs at start (0 unless <see cref="ThreadLayout.KeepsOtherThreadsOff"/>).</summary>
    public int OtherThreadsMoved { get; private set; }

    public RingBuffer<MarketEvent> Ring { get; }
    public StageLatencies Latencies { get; }
    public StageGraph<MarketEvent> Graph => _graph;

    /// <summary>Slots published but not yet through the last stage.</summary>
    public long InFlight => Ring.Cursor - Ring.GetMinimumGatingSequence();

    public void Start()
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0) throw new InvalidOperationException("pipeline already started");
        _graph.Start();
        if (Layout.KeepsOtherThreadsOff)
            OtherThreadsMoved = ThreadAffinity.SetOtherThreads(_graph.StageOsThreadIds, Layout.OtherThreadCpus);
    }

    /// <summary>Drains what producers published, then stops the stage threads. Producers must have stopped.</summary>
    public void Stop()
    {
        if (Interlocked.CompareExchange(ref _state, 2, 1) != 1) return;
        try
        {
            _graph.Halt(Options.DrainTimeout);
        }
        finally
        {
            // Give the process its CPUs back (threads started meanwhile inherited the narrower set).
            ReleasePinnedCores();
        }
    }

    public void Dispose()
    {
        Stop();
        // Never started: the cores it held are free again.
        ReleasePinnedCores();
    }

    private void ReleasePinnedCores()
    {
        if (!Layout.KeepsOtherThreadsOff) return;
        lock (PinGate)
        {
            if (!ReferenceEquals(s_pinnedCpus, Layout.Cpus)) return;
            // Give the process its CPUs back (threads started meanwhile inherited the narrower set).
            ThreadAffinity.SetOtherThreads([], ProcessCpus);
            s_pinnedCpus = null;
        }
    }
}
