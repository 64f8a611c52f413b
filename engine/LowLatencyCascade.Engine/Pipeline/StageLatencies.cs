using System.Diagnostics;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Latency;
using LowLatencyCascade.Engine.Ring;

namespace LowLatencyCascade.Engine.Pipeline;

/// <summary>
/// Per-stage and end-to-end latency from the slots' monotonic stamps, recorded into HDR interval recorders
/// (writers never block or allocate) and accumulated by whoever reads a report. Values are nanoseconds.
/// </summary>
public sealed class StageLatencies
{
    public const int Decode = 0, Velocity = 1, Volatility = 2, Regime = 3, Scoring = 4, Publish = 5, EndToEnd = 6;
    public static readonly string[] Names = ["decode", "velocity", "volatility", "regime", "scoring", "publish", "end_to_end"];

    /// <summary>Highest trackable latency: one minute, in nanoseconds; 3 significant digits.</summary>
    public const long HighestTrackableNanos = 60_000_000_000;

    private static readonly double NanosPerTick = 1e9 / Stopwatch.Frequency;

    private readonly Recorder[] _recorders;
    private readonly HdrHistogram[] _cumulative;
    private HdrHistogram?[] _recycle;
    private readonly object _readLock = new();

    public StageLatencies()
    {
        _recorders = new Recorder[Names.Length];
        _cumulative = new HdrHistogram[Names.Length];
        _recycle = new HdrHistogram?[Names.Length];
        for (int i = 0; i < Names.Length; i++)
        {
            _recorders[i] = new Recorder(1, HighestTrackableNanos, 3);
            _cumulative[i] = new HdrHistogram(1, HighestTrackableNanos, 3);
        }
    }

    /// <summary>Called on a stage thread for every slot after the last stage: allocation-free.</summary>
    public void Record(ref MarketEvent e)
    {
        ref readonly var s = ref e.Stamps;
        if (s.Ingress == 0) return;
        Put(Decode, s.Decoded - s.Ingress);
        if (s.Velocity != 0) Put(Velocity, s.Velocity - s.Decoded);
        if (s.Volatility != 0) Put(Volatility, s.Volatility - s.Decoded);
        if (s.Regime != 0) Put(Regime, s.Regime - Math.Max(s.Velocity, s.Volatility));
        if (s.Scored != 0) Put(Scoring, s.Scored - s.Regime);
        long end = s.Scored;
        if (e.Signal.Generated && s.Published != 0)
        {
            Put(Publish, s.Published - s.Scored);
            end = s.Published;
        }
        if (end != 0) Put(EndToEnd, end - s.Ingress);
    }

    private void Put(int stage, long ticks)
    {
        long nanos = (long)(ticks * NanosPerTick);
        _recorders[stage].RecordValue(nanos < 1 ? 1 : nanos);
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
            for (int i = 0; i < Names.Length; i++)
            {
                var interval = _recorders[i].GetIntervalHistogram(_recycle[i]);
                _cumulative[i].Add(interval);
                _recycle[i] = interval;
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
            for (int i = 0; i < Names.Length; i++)
            {
                var interval = _recorders[i].GetIntervalHistogram(_recycle[i]);
                _cumulative[i].Add(interval);
                interval.CopyInto(intervals[i]);
                _recycle[i] = interval;
            }
        }
    }

    /// <summary>Forgets everything recorded so far (the harness calls this after warm-up).</summary>
    public void Reset()
    {
        lock (_readLock)
        {
            for (int i = 0; i < Names.Length; i++)
            {
                _recycle[i] = _recorders[i].GetIntervalHistogram(_recycle[i]);
                _cumulative[i].Reset();
            }
        }
    }
}

/// <summary>The last handler on the last thread: records the slot's stamps.</summary>
public sealed class LatencyRecordingHandler(StageLatencies latencies) : IEventHandler<MarketEvent>
{
    public void OnEvent(ref MarketEvent evt, long sequence, bool endOfBatch) => latencies.Record(ref evt);
}
