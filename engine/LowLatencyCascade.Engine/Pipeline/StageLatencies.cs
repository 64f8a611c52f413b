using System.Diagnostics;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Latency;
using LowLatencyCascade.Engine.Ring;

namespace LowLatencyCascade.Engine.Pipeline;

/// <summary>
/// Per-stage and end-to-end latency from the slots' monotonic stamps, recorded into HDR histograms and accumulated
/// by whoever reads a report. Values are nanoseconds.
/// <para>
/// One writer: <see cref="Record"/> runs on the pipeline's last stage thread only (HdrHistogram's
/// SingleWriterRecorder, for a set of histograms). A slot's seven values go into the active set inside one
/// writer-reader phaser section, as plain (non-atomic) increments: two atomic operations per slot instead of
/// some thirty with one multi-writer recorder per stage. Readers swap in the spare set and wait only for a
/// record already under way; the writer never blocks and never allocates.
/// </para>
/// </summary>
public sealed class StageLatencies
{
    public const int Decode = 0, Velocity = 1, Volatility = 2, Regime = 3, Scoring = 4, Publish = 5, EndToEnd = 6;
    public static readonly string[] Names = ["decode", "velocity", "volatility", "regime", "scoring", "publish", "end_to_end"];

    /// <summary>Highest trackable latency: one minute, in nanoseconds; 3 significant digits.</summary>
    public const long HighestTrackableNanos = 60_000_000_000;

    private static readonly double NanosPerTick = 1e9 / Stopwatch.Frequency;

    private readonly WriterReaderPhaser _phaser = new();
    private volatile HdrHistogram[] _active;
    private HdrHistogram[] _spare;
    private readonly HdrHistogram[] _cumulative;
    private readonly object _readLock = new();

    public StageLatencies()
    {
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
            if (s.Velocity != 0) Put(set, Velocity, s.Velocity - s.Decoded);
            if (s.Volatility != 0) Put(set, Volatility, s.Volatility - s.Decoded);
            if (s.Regime != 0) Put(set, Regime, s.Regime - Math.Max(s.Velocity, s.Volatility));
            if (s.Scored != 0) Put(set, Scoring, s.Scored - s.Regime);
            long end = s.Scored;
            if (e.Signal.Generated && s.Published != 0)
            {
                Put(set, Publish, s.Published - s.Scored);
                end = s.Published;
            }
            if (end != 0) Put(set, EndToEnd, end - s.Ingress);
        }
        finally
        {
            _phaser.WriterCriticalSectionExit(epoch);
        }
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
