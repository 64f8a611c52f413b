using System.Diagnostics;
using System.Globalization;

namespace LowLatencyCascade.Engine.Ring;

/// <summary>
/// Builds and runs the stages behind one ring: which stage follows which, one dedicated (optionally pinned)
/// thread per stage. Stages added with <see cref="HandleEventsWith"/> follow the producers and run in
/// parallel; <see cref="StageGroup{T}.Then"/> chains a stage after a group; <see cref="After"/> joins several.
/// Only the stages nothing follows gate the producers. Build the whole graph before anything is published.
/// </summary>
public sealed class StageGraph<T> where T : struct
{
    private readonly RingBuffer<T> _ring;
    private readonly Action<string>? _log;
    private readonly List<Stage> _stages = [];
    private readonly List<StageInfo> _stageInfos = [];
    private GraphState _state = GraphState.Building;

    /// <param name="ring">The ring the stages read.</param>
    /// <param name="log">Where stages' default exception handlers and stage faults are reported.</param>
    public StageGraph(RingBuffer<T> ring, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(ring);
        _ring = ring;
        _log = log;
    }

    /// <summary>The stages in the order they were added: name, sequence, CPU.</summary>
    public IReadOnlyList<StageInfo> Stages => _stageInfos;

    /// <summary>The stage threads' kernel thread ids once started (Linux; -1 elsewhere), in stage order.</summary>
    public IReadOnlyList<int> StageOsThreadIds => _stages.ConvertAll(stage => stage.OsThreadId);

    /// <summary>Exceptions thrown by all the stages' handlers so far.</summary>
    public long ExceptionCount
    {
        get
        {
            long total = 0;
            foreach (var stage in _stages) total += stage.Processor.ExceptionCount;
            return total;
        }
    }

    /// <summary>A stage that follows the producers directly.</summary>
    public StageGroup<T> HandleEventsWith(StageOptions options, IEventHandler<T> handler, IExceptionHandler<T>? exceptionHandler = null) =>
        AddStage(options, handler, exceptionHandler, []);

    /// <summary>The join of <paramref name="upstream"/>: a stage added with <see cref="StageGroup{T}.Then"/> waits for all of them.</summary>
    public StageGroup<T> After(params StageGroup<T>[] upstream)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        if (upstream.Length == 0) throw new ArgumentException("name at least one upstream group", nameof(upstream));
        foreach (var group in upstream)
        {
            if (group.Graph != this) throw new ArgumentException("a group from another graph cannot be joined here", nameof(upstream));
        }
        return new StageGroup<T>(this, [.. upstream.SelectMany(group => group.Sequences).Distinct()]);
    }

    internal StageGroup<T> AddStage(StageOptions options, IEventHandler<T> handler, IExceptionHandler<T>? exceptionHandler, Sequence[] upstream)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Name, nameof(options));
        if (_state != GraphState.Building) throw new InvalidOperationException("stages cannot be added once the graph has started");
        if (_stages.Exists(stage => stage.Options.Name == options.Name))
        {
            throw new ArgumentException($"a stage named '{options.Name}' is already in the graph", nameof(options));
        }

        var processor = new BatchEventProcessor<T>(_ring, _ring.NewBarrier(upstream), handler,
            exceptionHandler ?? new CountingExceptionHandler<T>(options.Name, _log));
        _stages.Add(new Stage(options, processor));
        _stageInfos.Add(new StageInfo(options.Name, processor.Sequence, options.Cpu, () => processor.ExceptionCount));

        // The new stage now gates the producers in place of the ones it follows: producers need only wait
        // for the last stages, which cannot pass the ones before them. Add before removing, so the producers
        // are never ungated in between.
        _ring.AddGatingSequences(processor.Sequence);
        foreach (var sequence in upstream) _ring.RemoveGatingSequence(sequence);

        return new StageGroup<T>(this, [processor.Sequence]);
    }

    /// <summary>
    /// Start one named background thread per stage, pinned where the stage asks, and return once every thread
    /// is running.
    /// </summary>
    /// <exception cref="ThreadAffinityException">A stage could not be pinned; every stage has been stopped again.</exception>
    public void Start()
    {
        if (_state != GraphState.Building) throw new InvalidOperationException($"the graph cannot start: it is {_state.ToString().ToLowerInvariant()}");
        if (_stages.Count == 0) throw new InvalidOperationException("the graph has no stages");
        _state = GraphState.Running;

        using var started = new CountdownEvent(_stages.Count);
        foreach (var stage in _stages)
        {
            stage.Thread = new Thread(() => RunStage(stage, started))
            {
                Name = stage.Options.Name,
                IsBackground = true,
            };
            stage.Thread.Start();
        }
        started.Wait();

        var pinFailure = _stages.Find(stage => stage.StartFailure is not null)?.StartFailure;
        if (pinFailure is null) return;

        foreach (var stage in _stages) stage.Processor.Halt();
        foreach (var stage in _stages) stage.Thread!.Join();
        _state = GraphState.Halted;
        throw pinFailure;
    }

    private void RunStage(Stage stage, CountdownEvent started)
    {
        try
        {
            if (stage.Options.Cpu is int cpu) ThreadAffinity.PinCurrentThread(cpu);
            stage.OsThreadId = ThreadAffinity.CurrentOsThreadId();
        }
        catch (ThreadAffinityException ex)
        {
            stage.StartFailure = ex;
            return;
        }
        finally
        {
            started.Signal();
        }

        try
        {
            stage.Processor.Run();
        }
        catch (Exception ex)
        {
            // Only an exception handler that throws gets here; the stage is stopped and Halt will say so.
            stage.Fault = ex;
            _log?.Invoke($"stage '{stage.Options.Name}' stopped: {ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>
    /// Drain, then stop: wait until every stage has processed everything published up to the cursor as it is
    /// now (stop the producers first), then halt the stages and join their threads.
    /// </summary>
    /// <exception cref="TimeoutException">
    /// The stages did not drain, or their threads did not exit, within <paramref name="timeout"/>; the graph is
    /// halted anyway and the message names the lagging stages.
    /// </exception>
    public void Halt(TimeSpan timeout)
    {
        if (_state != GraphState.Running) return;
        _state = GraphState.Halted;

        long target = _ring.Cursor;
        var clock = Stopwatch.StartNew();
        var backOff = new SpinWait();
        List<Stage> lagging;
        while ((lagging = _stages.FindAll(stage => stage.Processor.Sequence.Value < target)).Count > 0 && clock.Elapsed < timeout)
        {
            // Escalates from spinning to yielding to one-millisecond sleeps: halting is not latency-critical.
            backOff.SpinOnce();
        }

        foreach (var stage in _stages) stage.Processor.Halt();

        // A halted stage leaves its wait at once; the grace keeps a drain timeout from also failing the join.
        var joinDeadline = clock.Elapsed + TimeSpan.FromSeconds(1) > timeout ? clock.Elapsed + TimeSpan.FromSeconds(1) : timeout;
        var stuck = new List<Stage>();
        foreach (var stage in _stages)
        {
            var left = joinDeadline - clock.Elapsed;
            if (!stage.Thread!.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero)) stuck.Add(stage);
        }

        if (lagging.Count == 0 && stuck.Count == 0) return;
        throw new TimeoutException(DescribeHaltFailure(target, timeout, lagging, stuck));
    }

    private static string DescribeHaltFailure(long target, TimeSpan timeout, List<Stage> lagging, List<Stage> stuck)
    {
        var parts = new List<string>();
        if (lagging.Count > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture,
                $"did not drain to sequence {target} within {timeout.TotalMilliseconds:0} ms, halted anyway; lagging: ")
                + string.Join(", ", lagging.Select(stage => DescribeStage(stage))));
        }
        if (stuck.Count > 0)
        {
            parts.Add("thread did not exit after halt: " + string.Join(", ", stuck.Select(stage => $"'{stage.Options.Name}'")));
        }
        return "stage graph " + string.Join("; ", parts);
    }

    private static string DescribeStage(Stage stage)
    {
        string where = string.Create(CultureInfo.InvariantCulture, $"'{stage.Options.Name}' at {stage.Processor.Sequence.Value}");
        return stage.Fault is null ? where : $"{where} (stopped by {stage.Fault.GetType().Name}: {stage.Fault.Message})";
    }

    private enum GraphState { Building, Running, Halted }

    private sealed class Stage(StageOptions options, BatchEventProcessor<T> processor)
    {
        public StageOptions Options { get; } = options;
        public BatchEventProcessor<T> Processor { get; } = processor;
        public Thread? Thread { get; set; }
        public ThreadAffinityException? StartFailure { get; set; }
        public int OsThreadId { get; set; } = -1;
        public Exception? Fault { get; set; }
    }
}
