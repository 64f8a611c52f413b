using System.Diagnostics;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Ring;
using LowLatencyCascade.Feeds;
using LowLatencyCascade.Feeds.Transport;
using LowLatencyCascade.Feeds.Venues;

namespace LowLatencyCascade.Hosting.Harness;

/// <summary>
/// The producer of a harness run, on a thread of its own: hands the corpus's frames, one by one, to the venue
/// decoder of each frame's connection, which decodes straight into the pipeline's sink.
/// <para>
/// Paced (rate &gt; 0): frame <c>i</c> is due at <c>start + i / rate</c>; the generator waits for that instant (see
/// <see cref="SpinBelow"/>) and
/// stamps the frame's ingress with it, not with the time it actually got there. That is the coordinated-omission
/// correction (as wrk2 does): when the pipeline pushes back (a full ring) or the generator is descheduled, the frames
/// it should have sent meanwhile carry the wait in their latency instead of silently not being sent.
/// Saturation (rate 0): no pacing, the ingress is the actual hand-over time, and the rate is whatever the
/// pipeline sustains.
/// </para>
/// Nothing on the generator's loop allocates: frames are spans of the corpus, decoders are created up front.
/// </summary>
public sealed class LoadGenerator
{
    /// <summary>
    /// By default the generator never spins: it yields the core between checks. On a quiet machine a yield with
    /// nothing else to run returns at once (as good as spinning); on a shared 2-core machine a spinning generator
    /// starved the stage thread (fused/yielding at 100k: 3.5-412 ms median spinning below 20 µs, 13-18 µs always
    /// yielding, three runs each).
    /// </summary>
    public static readonly TimeSpan DefaultSpinBelow = TimeSpan.Zero;

    private readonly FrameCorpus _corpus;
    private readonly FrameProducer _producer;
    private readonly double _rate;
    private readonly int _frameLimit;
    private Thread? _thread;
    private volatile bool _stop;
    private long _framesSent;
    private long _maxLagTicks;
    private volatile bool _windowStarted;
    private long _windowAllocatedBytes = -1;

    /// <param name="rate">Frames per second; 0 for saturation (as fast as the sink takes them).</param>
    /// <param name="frameLimit">Frames to send at most (the paced run's length; the corpus's size caps it too).</param>
    public LoadGenerator(FrameCorpus corpus, SymbolTable symbols, IMarketEventSink sink, double rate, int frameLimit)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentOutOfRangeException.ThrowIfNegative(rate);
        _corpus = corpus;
        _producer = new FrameProducer(sink);
        _rate = rate;
        _frameLimit = Math.Min(frameLimit, corpus.Count);
        foreach (var (connection, exchange) in corpus.Connections)
            _producer.SetDecoder(connection, VenueProtocols.For(exchange, corpus.Okx).CreateDecoder(symbols, connection));
    }

    /// <summary>Stopwatch timestamp of the first frame's due time (set by <see cref="Start"/>).</summary>
    public long StartTimestamp { get; private set; }

    /// <summary>Stopwatch timestamp when the last frame had been handed over.</summary>
    public long EndTimestamp { get; private set; }

    public int FrameLimit => _frameLimit;
    public long FramesSent => Volatile.Read(ref _framesSent);
    /// <summary>What became of each frame sent (counted by the same <see cref="FrameProducer"/> as live and replay).</summary>
    public FrameTally Tally => _producer.Tally;
    /// <summary>Slots the decoders committed with market events.</summary>
    public long Events => _producer.Tally.Events;
    /// <summary>Frames that decoded to one rejected slot.</summary>
    public long Rejected => _producer.Tally.RejectedFrames;
    /// <summary>Control frames (no slot).</summary>
    public long Control => _producer.Tally.ControlFrames;
    /// <summary>Paced runs: the furthest the generator fell behind a frame's due time, in stopwatch ticks.</summary>
    public long MaxLagTicks => Volatile.Read(ref _maxLagTicks);
    public bool IsRunning => _thread is { IsAlive: true };

    /// <summary>The CPU the generator's thread pins itself to (null: not pinned). Set before <see cref="Start"/>.</summary>
    public int? Cpu { get; init; }

    /// <summary>
    /// Waits for a frame's due time shorter than this spin; longer ones yield the core between checks. Zero: always
    /// yield (a producer that never holds a core it does not need, closer to a network thread blocked in epoll).
    /// </summary>
    public TimeSpan SpinBelow { get; init; } = DefaultSpinBelow;

    /// <summary>Why the generator could not pin itself, if it could not (it then ran unpinned).</summary>
    public string? PinFailure { get; private set; }

    /// <summary>Starts sending on a new thread, the first frame due <paramref name="delay"/> from now.</summary>
    public void Start(TimeSpan delay)
    {
        if (_thread is not null) throw new InvalidOperationException("the generator has already run");
        StartTimestamp = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
        _thread = new Thread(Run) { Name = "load-generator", IsBackground = true };
        _thread.Start();
    }

    /// <summary>
    /// Bytes the generator's own thread allocated from the first frame after <see cref="MarkWindowStart"/> to its
    /// last (decoding included); -1 until it has finished with the window marked.
    /// </summary>
    public long WindowAllocatedBytes => Volatile.Read(ref _windowAllocatedBytes);

    /// <summary>The measured window starts now: the generator samples its thread's allocation counter at its next frame.</summary>
    public void MarkWindowStart() => _windowStarted = true;

    /// <summary>Asks the generator to stop after the frame in hand (saturation runs end this way).</summary>
    public void RequestStop() => _stop = true;

    public bool Join(TimeSpan timeout) => _thread?.Join(timeout) ?? true;

    private void Run()
    {
        if (Cpu is int cpu)
        {
            try { ThreadAffinity.PinCurrentThread(cpu); }
            catch (ThreadAffinityException ex) { PinFailure = ex.Message; }
        }
        double ticksPerFrame = _rate > 0 ? Stopwatch.Frequency / _rate : 0;
        long spinBelowTicks = (long)(SpinBelow.TotalSeconds * Stopwatch.Frequency);
        long start = StartTimestamp;
        WaitUntil(start, spinBelowTicks);
        long allocatedAtWindow = 0;
        bool inWindow = false;
        for (int i = 0; i < _frameLimit && !_stop; i++)
        {
            if (!inWindow && _windowStarted)
            {
                inWindow = true;
                allocatedAtWindow = GC.GetAllocatedBytesForCurrentThread();
            }
            long ingress;
            if (ticksPerFrame > 0)
            {
                long due = start + (long)(i * ticksPerFrame);
                long now = WaitUntil(due, spinBelowTicks);
                long lag = now - due;
                if (lag > _maxLagTicks) _maxLagTicks = lag;
                ingress = due;
            }
            else
            {
                ingress = Stopwatch.GetTimestamp();
            }

            int connection = _corpus.ConnectionOf(i);
            _producer.Decode(_corpus.Frame(i), new FrameContext(connection, _corpus.ReceiveTicksOf(i), ingress));
            Volatile.Write(ref _framesSent, i + 1);
        }
        EndTimestamp = Stopwatch.GetTimestamp();
        if (inWindow) Volatile.Write(ref _windowAllocatedBytes, GC.GetAllocatedBytesForCurrentThread() - allocatedAtWindow);
    }

    /// <summary>Waits for <paramref name="due"/>: yields while it is far, spins when it is close. Returns the time it got there.</summary>
    private static long WaitUntil(long due, long spinBelowTicks)
    {
        long now;
        while ((now = Stopwatch.GetTimestamp()) < due)
        {
            if (due - now >= spinBelowTicks) Thread.Yield();
            else Thread.SpinWait(10);
        }
        return now;
    }
}
