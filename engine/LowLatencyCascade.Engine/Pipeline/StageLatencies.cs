using System.Diagnostics;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Latency;
using LowLatencyCascade.Engine.Ring;

namespace LowLatencyCascade.Engine.Pipeline;

/// <summary>
/// Per-stage and end-to-end latency from the slots' monotonic stamps, recorded into HDR histograms and accumulated
/// by whoever reads a report. Values are nanoseconds.
/// <para>
/// What each figure is (a slot's time from ingress to its last stage = decode + service + backlog, exactly):
/// <list type="bullet">
/// <item><c>decode</c>: ingress to the slot committed (the producer's decoding).</item>
/// <item><c>velocity</c> ... <c>publish</c>: each stage's <b>service time</b>, from the moment it started on the slot
/// (its thread picked the slot up, or the stage fused before it on the same thread finished) to its own stamp: the
/// pipeline's own cost, independent of load.</item>
/// <item><c>service</c>: the slot's service times summed along its path (of velocity and volatility, when they run
/// in parallel, the branch that finished later).</item>
/// <item><c>backlog</c>: the rest, the time the slot waited in the ring before a stage thread picked it up: behind
/// earlier slots when the producer runs ahead (a full-speed replay keeps the ring full), or for a thread to wake.</item>
/// <item><c>end_to_end</c>: ingress to the last stage (publish for a signal, else scoring).</item>
/// </list>
/// Slots without start stamps (a pipeline that does not stamp pick-ups) fall back to the decode stamp: their first
/// stage's service then includes the wait, and their backlog reads 0.
/// </para>
/// <para>
/// One writer: <see cref="Record"/> runs on the pipeline's last stage thread only (HdrHistogram's
/// SingleWriterRecorder, for a set of histograms). A slot's values go into the active set inside one
/// writer-reader phaser section, as plain (non-atomic) increments: two atomic operations per slot instead of
/// some thirty with one multi-writer recorder per stage. Readers swap in the spare set and wait only for a
/// record already under way; the writer never blocks and never allocates.
/// </para>
/// </summary>
public sealed class StageLatencies
{
    public const int Decode = 0, Velocity = 1, Volatility = 2, Regime = 3, Scoring = 4, Publish = 5, EndToEnd = 6, Backlog = 7, Service = 8;
    public static readonly string[] Names = ["decode", "velocity", "volatility", "regime", "scoring", "publish", "end_to_end", "backlog", "service"];

    /// <summary>Highest trackable latency: one minute, in nanoseconds; 3 significant digits.</summary>
    public const long HighestTrackableNanos = 60_000_000_000;

    private static readonly double NanosPerTick = 1e9 / Stopwatch.Frequency;

    private readonly WriterReaderPhaser _phaser = new();
    private volatile HdrHistogram[] _active;
    private HdrHistogram[] _spare;
    private readonly HdrHistogram[] _cumulative;
    private readonly object _readLock = new();

    private readonly bool _chained;

    /// <param name="chained">Velocity and volatility run one after the other even on threads of their own (the
    /// harness's Channels baseline), so both are on every slot's path; by default a volatility stage with a thread of
    /// its own runs beside velocity and only the branch that finished later counts towards <see cref="Service"/>.</param>
    public StageLatencies(bool chained = false)
    {
        _chained = chained;
        _active = NewSet();
        _spare = NewSet();
        _cumulative = NewSet();
        long now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var h in _active) h.StartTimeStampMsec = now;
    }

    private static HdrHistogram[] NewSet()
    {
        var set = new HdrHistogram[Names.Length];
        for (int i = 0; i < set.Length; i++) set[i] = new HdrHistogram(1, HighestTrackableNanos, 3);
        return set;
    }

    /// <summary>Called on a stage thread for every slot after the last stage: allocation-free.</summary>
    public void Record(ref MarketEvent e)
    {
        ref readonly var s = ref e.Stamps;
        if (s.Ingress == 0) return;
        long epoch = _phaser.WriterCriticalSectionEnter();
        try
        {
            var set = _active;
            Put(set, Decode, s.Decoded - s.Ingress);
            // Each stage starts when its thread picked the slot up, or else when the stage before it on the same
            // thread finished (or, skipped, when that one started).
            long velocityStart = s.VelocityStart != 0 ? s.VelocityStart : s.Decoded;
            long velocity = ServiceOf(set, Velocity, velocityStart, s.Velocity);
            long volatilityStart = s.VolatilityStart != 0 ? s.VolatilityStart : s.Velocity != 0 ? s.Velocity : velocityStart;
            long volatility = ServiceOf(set, Volatility, volatilityStart, s.Volatility);
            long service = s.VolatilityStart != 0 && !_chained
                ? (s.Velocity >= s.Volatility ? velocity : volatility) // parallel branches: the one the join waited for
                : velocity + volatility;
            long joined = Math.Max(s.Velocity, s.Volatility);
            long regimeStart = s.RegimeStart != 0 ? s.RegimeStart : joined != 0 ? joined : volatilityStart;
            service += ServiceOf(set, Regime, regimeStart, s.Regime);
            long scoringStart = s.ScoringStart != 0 ? s.ScoringStart : s.Regime != 0 ? s.Regime : regimeStart;
            service += ServiceOf(set, Scoring, scoringStart, s.Scored);
            long end = s.Scored;
            if (e.Signal.Generated && s.Published != 0)
            {
                long publishStart = s.PublishStart != 0 ? s.PublishStart : s.Scored != 0 ? s.Scored : scoringStart;
                service += ServiceOf(set, Publish, publishStart, s.Published);
                end = s.Published;
            }
            if (end != 0)
            {
                long total = end - s.Ingress;
                Put(set, EndToEnd, total);
                Put(set, Service, service);
                Put(set, Backlog, total - (s.Decoded - s.Ingress) - service);
            }
        }
        finally
        {
            _phaser.WriterCriticalSectionExit(epoch);
        }
    }

    /// <summary>Records and returns a stage's service time (ticks); 0 when the stage did not stamp the slot.</summary>
    private static long ServiceOf(HdrHistogram[] set, int stage, long start, long finish)
    {
        if (finish == 0) return 0;
        long ticks = Math.Max(0, finish - start);
        Put(set, stage, ticks);
        return ticks;
    }

    private static void Put(HdrHistogram[] set, int stage, long ticks)
    {
        long nanos = (long)(ticks * NanosPerTick);
        set[stage].RecordValue(nanos < 1 ? 1 : nanos);
    }

    /// <summary>
    /// Swaps the spare set in as the active one and waits for a record under way to finish; returns the set that
    /// was active, now stable, which becomes the next spare once the caller has read it. Under <see cref="_readLock"/>.
    /// </summary>
    private HdrHistogram[] SwapIntervals()
    {
        using (_phaser.EnterReaderLock())
        {
            long now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
            var sample = _active;
            foreach (var h in _spare)
            {
                h.Reset();
                h.StartTimeStampMsec = now;
            }
            _active = _spare;
            // A record that picked up the old set before the swap finishes before the flip returns.
            _phaser.FlipPhase();
            foreach (var h in sample) h.EndTimeStampMsec = now;
            _spare = sample;
            return sample;
        }
    }

    /// <summary>
    /// The end-of-run figures, once nothing records any more (the pipeline has stopped): moves what was recorded since
    /// the last read into the cumulative histograms and returns those themselves, not copies. <see cref="Cumulative"/>
    /// allocated and cleared nine 220 KiB histograms for the copies, 7 MiB of resident memory at the end of a live run.
    /// Later reads (a dashboard still being scraped) add only empty intervals, so the returned histograms stay as they are.
    /// </summary>
    public HdrHistogram[] Final()
    {
        lock (_readLock)
        {
            var sample = SwapIntervals();
            for (int i = 0; i < Names.Length; i++) _cumulative[i].Add(sample[i]);
            return _cumulative;
        }
    }

    /// <summary>Moves what was recorded since the last call into the cumulative histograms and returns copies of them.</summary>
    public HdrHistogram[] Cumulative()
    {
        var result = new HdrHistogram[Names.Length];
        for (int i = 0; i < result.Length; i++) result[i] = new HdrHistogram(1, HighestTrackableNanos, 3);
        CopyCumulativeInto(result);
        return result;
    }

    /// <summary>
    /// The allocation-free form of <see cref="Cumulative"/> for periodic readers (the dashboard, /metrics): moves
    /// what was recorded since the last call into the cumulative histograms and copies them into
    /// <paramref name="target"/>, one preallocated histogram per stage. A copy per stage per call would be a
    /// steady stream of large-object allocations, and the gen-2 collections they bring pause the stage threads too.
    /// </summary>
    public void CopyCumulativeInto(HdrHistogram[] target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Length != Names.Length) throw new ArgumentException($"expected {Names.Length} histograms, one per stage", nameof(target));
        lock (_readLock)
        {
            var sample = SwapIntervals();
            for (int i = 0; i < Names.Length; i++)
            {
                _cumulative[i].Add(sample[i]);
                _cumulative[i].CopyInto(target[i]);
            }
        }
    }

    /// <summary>
    /// Like <see cref="Cumulative"/>, but copies what was recorded since the previous call into
    /// <paramref name="intervals"/> (one per stage) instead of returning new copies: allocation-free, so the harness can
    /// log one interval per second inside a measured window that must show no allocation.
    /// </summary>
    public void TakeIntervals(HdrHistogram[] intervals)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        if (intervals.Length != Names.Length) throw new ArgumentException($"expected {Names.Length} histograms, one per stage", nameof(intervals));
        lock (_readLock)
        {
            var sample = SwapIntervals();
            for (int i = 0; i < Names.Length; i++)
            {
                _cumulative[i].Add(sample[i]);
                sample[i].CopyInto(intervals[i]);
            }
        }
    }

    /// <summary>Forgets everything recorded so far (the harness calls this after warm-up).</summary>
    public void Reset()
    {
        lock (_readLock)
        {
            SwapIntervals();
            foreach (var h in _cumulative) h.Reset();
        }
    }
}

/// <summary>The last handler on the last thread: records the slot's stamps.</summary>
public sealed class LatencyRecordingHandler(StageLatencies latencies) : IEventHandler<MarketEvent>
{
    public void OnEvent(ref MarketEvent evt, long sequence, bool endOfBatch) => latencies.Record(ref evt);
}
