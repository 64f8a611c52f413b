namespace LowLatencyCascade.Engine.Latency;

/// <summary>
/// Records values from any number of writer threads into an active histogram and hands out interval
/// histograms without stopping them (HdrHistogram's Recorder). Writers never block and never allocate: each
/// record is a phaser entry, atomic increments on the active histogram, and a phaser exit. The reader swaps
/// the active histogram for an empty one and waits only for writers already inside a record.
/// </summary>
public sealed class Recorder
{
    private readonly WriterReaderPhaser _phaser = new();
    private readonly TimeProvider _time;
    private volatile HdrHistogram _active;

    /// <param name="timeProvider">Stamps interval start and end times (ms since the epoch); the system clock when null.</param>
    public Recorder(long lowestDiscernibleValue, long highestTrackableValue, int numberOfSignificantValueDigits, TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _active = new HdrHistogram(lowestDiscernibleValue, highestTrackableValue, numberOfSignificantValueDigits)
        {
            StartTimeStampMsec = _time.GetUtcNow().ToUnixTimeMilliseconds(),
        };
    }

    public long LowestDiscernibleValue => _active.LowestDiscernibleValue;
    public long HighestTrackableValue => _active.HighestTrackableValue;
    public int NumberOfSignificantValueDigits => _active.NumberOfSignificantValueDigits;

    /// <summary>Records a value; safe from any thread, never blocks, never throws (out-of-range values are counted).</summary>
    public void RecordValue(long value)
    {
        long epoch = _phaser.WriterCriticalSectionEnter();
        try { _active.RecordValueAtomic(value); }
        finally { _phaser.WriterCriticalSectionExit(epoch); }
    }

    /// <summary>Records a value with coordinated-omission correction (see <see cref="HdrHistogram.RecordValueWithExpectedInterval"/>).</summary>
    public void RecordValueWithExpectedInterval(long value, long expectedIntervalBetweenValueSamples)
    {
        long epoch = _phaser.WriterCriticalSectionEnter();
        try { _active.RecordValueWithExpectedIntervalAtomic(value, expectedIntervalBetweenValueSamples); }
        finally { _phaser.WriterCriticalSectionExit(epoch); }
    }

    /// <summary>
    /// Returns what was recorded since the previous call (or since construction) and starts a new interval.
    /// Pass the histogram the previous call returned to reuse it: then nothing is allocated. Without one, a new
    /// histogram is allocated. Every value recorded lands in exactly one interval.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="histogramToRecycle"/> has another layout.</exception>
    public HdrHistogram GetIntervalHistogram(HdrHistogram? histogramToRecycle = null)
    {
        if (histogramToRecycle is not null && !histogramToRecycle.HasSameLayoutAs(_active))
            throw new ArgumentException("The histogram to recycle must have the recorder's layout.", nameof(histogramToRecycle));
        if (ReferenceEquals(histogramToRecycle, _active))
            throw new ArgumentException("The histogram to recycle is the recorder's active histogram.", nameof(histogramToRecycle));

        using (_phaser.EnterReaderLock())
        {
            HdrHistogram next = histogramToRecycle ?? new HdrHistogram(LowestDiscernibleValue, HighestTrackableValue, NumberOfSignificantValueDigits);
            next.Reset();
            long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            next.StartTimeStampMsec = now;
            HdrHistogram sample = _active;
            _active = next;
            // Writers that picked up the old active histogram before the swap finish before the flip returns.
            _phaser.FlipPhase();
            sample.EndTimeStampMsec = now;
            return sample;
        }
    }
}
