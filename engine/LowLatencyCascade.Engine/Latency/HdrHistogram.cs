using System.Numerics;
using System.Runtime.CompilerServices;

namespace LowLatencyCascade.Engine.Latency;

/// <summary>
/// A high-dynamic-range histogram with HdrHistogram's log-linear bucket layout, so that a value lands in the
/// same bucket (and encodes, percentiles and prints the same) as in the reference implementations.
/// </summary>
/// <remarks>
/// <para>Single writer: <see cref="RecordValue"/> and friends use plain increments. Several writers share one
/// histogram only through <see cref="Recorder"/>, which uses the internal atomic recording path.</para>
/// <para>A value is recordable when its counts index is inside the counts array, as in the reference: that
/// covers every value up to <see cref="HighestRecordableValue"/>, which is at least
/// <see cref="HighestTrackableValue"/> (the layout rounds the top bucket up). <see cref="RecordValue"/> never
/// throws: a negative value or one above that range is counted in <see cref="OutOfRangeCount"/>, remembered
/// in <see cref="LastOutOfRangeValue"/>, and not recorded.</para>
/// </remarks>
public sealed class HdrHistogram
{
    private readonly long[] _counts;
    private readonly int _subBucketHalfCountMagnitude;
    private readonly int _subBucketHalfCount;
    private readonly long _subBucketMask;
    private readonly long _unitMagnitudeMask;
    private readonly int _leadingZeroCountBase;

    private long _totalCount;
    // As in the reference: the largest recorded value with its unit bits set (value | unitMagnitudeMask), 0 when
    // nothing above 0 was recorded; and the smallest non-zero value with its unit bits cleared.
    private long _maxValue;
    private long _minNonZeroValue = long.MaxValue;
    private long _outOfRangeCount;
    private long _lastOutOfRangeValue;

    /// <param name="lowestDiscernibleValue">Smallest value distinguishable from 0; at least 1.</param>
    /// <param name="highestTrackableValue">Highest value to be tracked; at least 2 * lowestDiscernibleValue.</param>
    /// <param name="numberOfSignificantValueDigits">Decimal digits of precision kept at every value, 0 to 5.</param>
    public HdrHistogram(long lowestDiscernibleValue, long highestTrackableValue, int numberOfSignificantValueDigits)
    {
        if (lowestDiscernibleValue < 1)
            throw new ArgumentException($"lowestDiscernibleValue must be >= 1 (was {lowestDiscernibleValue}).", nameof(lowestDiscernibleValue));
        if (highestTrackableValue < 2 || highestTrackableValue / 2 < lowestDiscernibleValue)
            throw new ArgumentException(
                $"highestTrackableValue must be >= 2 * lowestDiscernibleValue (was {highestTrackableValue}, lowestDiscernibleValue {lowestDiscernibleValue}).",
                nameof(highestTrackableValue));
        if (numberOfSignificantValueDigits is < 0 or > 5)
            throw new ArgumentException($"numberOfSignificantValueDigits must be between 0 and 5 (was {numberOfSignificantValueDigits}).", nameof(numberOfSignificantValueDigits));

        LowestDiscernibleValue = lowestDiscernibleValue;
        HighestTrackableValue = highestTrackableValue;
        NumberOfSignificantValueDigits = numberOfSignificantValueDigits;

        // Unit resolution is kept up to 2 * 10^digits ("+/- 1 at 1000" also means "+/- 2 at 2000, not at 1999"),
        // rounded up to a power of two so that a sub-bucket is found by shifting.
        long largestValueWithSingleUnitResolution = 2 * (long)Math.Pow(10, numberOfSignificantValueDigits);
        UnitMagnitude = 63 - BitOperations.LeadingZeroCount((ulong)lowestDiscernibleValue);
        _unitMagnitudeMask = (1L << UnitMagnitude) - 1;
        int subBucketCountMagnitude = 64 - BitOperations.LeadingZeroCount((ulong)(largestValueWithSingleUnitResolution - 1));
        _subBucketHalfCountMagnitude = Math.Max(subBucketCountMagnitude, 1) - 1;
        if (UnitMagnitude + _subBucketHalfCountMagnitude > 61)
            throw new ArgumentException(
                $"lowestDiscernibleValue {lowestDiscernibleValue} with {numberOfSignificantValueDigits} significant digits leaves no room for buckets.",
                nameof(lowestDiscernibleValue));
        SubBucketCount = 1 << (_subBucketHalfCountMagnitude + 1);
        _subBucketHalfCount = SubBucketCount / 2;
        _subBucketMask = ((long)SubBucketCount - 1) << UnitMagnitude;
        _leadingZeroCountBase = 64 - UnitMagnitude - _subBucketHalfCountMagnitude - 1;

        BucketCount = BucketsNeededToCoverValue(highestTrackableValue);
        _counts = new long[(BucketCount + 1) * _subBucketHalfCount];
        HighestRecordableValue = HighestEquivalentValue(ValueFromIndex(_counts.Length - 1));
    }

    public long LowestDiscernibleValue { get; }
    public long HighestTrackableValue { get; }
    public int NumberOfSignificantValueDigits { get; }

    /// <summary>log2 of the lowest discernible value, rounded down: values are kept in units of 2^UnitMagnitude.</summary>
    public int UnitMagnitude { get; }

    /// <summary>Sub-buckets per bucket (a power of two); bucket 0 uses all of them, the others their top half.</summary>
    public int SubBucketCount { get; }

    /// <summary>Buckets needed to cover <see cref="HighestTrackableValue"/>.</summary>
    public int BucketCount { get; }

    /// <summary>Length of the counts array: (BucketCount + 1) * SubBucketCount / 2.</summary>
    public int CountsArrayLength => _counts.Length;

    /// <summary>The largest value the layout can record (the top of the last bucket).</summary>
    public long HighestRecordableValue { get; }

    /// <summary>Total of all recorded counts (out-of-range values are not in it).</summary>
    public long TotalCount => Volatile.Read(ref _totalCount);

    /// <summary>Values that were not recorded because they were negative or above <see cref="HighestRecordableValue"/>.</summary>
    public long OutOfRangeCount => Volatile.Read(ref _outOfRangeCount);

    /// <summary>The most recent value counted in <see cref="OutOfRangeCount"/> (0 when none was).</summary>
    public long LastOutOfRangeValue => Volatile.Read(ref _lastOutOfRangeValue);

    /// <summary>A readable description of the last out-of-range value, or null when every value fitted.</summary>
    public string? OutOfRangeMessage => OutOfRangeCount == 0
        ? null
        : $"{OutOfRangeCount} value(s) outside the recordable range 0..{HighestRecordableValue} were not recorded; last was {LastOutOfRangeValue}.";

    /// <summary>Start of the period this histogram covers, in ms since the epoch (long.MaxValue when unset, as in the reference).</summary>
    public long StartTimeStampMsec { get; set; } = long.MaxValue;

    /// <summary>End of the period this histogram covers, in ms since the epoch (0 when unset).</summary>
    public long EndTimeStampMsec { get; set; }

    /// <summary>Optional tag written to a histogram log line (<c>Tag=...</c>).</summary>
    public string? Tag { get; set; }

    // ---------------------------------------------------------------- recording (hot path, allocation-free)

    /// <summary>Records one value. Never throws: an out-of-range value is counted in <see cref="OutOfRangeCount"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void RecordValue(long value)
    {
        int index = CountsArrayIndexOrMinusOne(value);
        if (index < 0) { CountOutOfRange(value); return; }
        _counts[index]++;
        _totalCount++;
        UpdateMinAndMax(value);
    }

    /// <summary>Records one value; returns false (and counts it as out of range) when it does not fit.</summary>
    public bool TryRecordValue(long value)
    {
        int index = CountsArrayIndexOrMinusOne(value);
        if (index < 0) { CountOutOfRange(value); return false; }
        _counts[index]++;
        _totalCount++;
        UpdateMinAndMax(value);
        return true;
    }

    /// <summary>Records one value, throwing when it does not fit: for callers where a bad value is a bug.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or above <see cref="HighestRecordableValue"/>.</exception>
    public void RecordValueOrThrow(long value)
    {
        int index = CountsArrayIndexOrMinusOne(value);
        if (index < 0)
            throw new ArgumentOutOfRangeException(nameof(value), value,
                $"Value {value} is outside the recordable range 0..{HighestRecordableValue} (highestTrackableValue {HighestTrackableValue}).");
        _counts[index]++;
        _totalCount++;
        UpdateMinAndMax(value);
    }

    /// <summary>Records <paramref name="count"/> occurrences of a value. An out-of-range value counts once in <see cref="OutOfRangeCount"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public void RecordValueWithCount(long value, long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        int index = CountsArrayIndexOrMinusOne(value);
        if (index < 0) { CountOutOfRange(value); return; }
        _counts[index] += count;
        _totalCount += count;
        UpdateMinAndMax(value);
    }

    /// <summary>
    /// Records a value and, to correct for coordinated omission, the values a sampler running every
    /// <paramref name="expectedIntervalBetweenValueSamples"/> would have seen while this one was stalled:
    /// value - interval, value - 2 * interval, ... down to (not below) the interval, as the reference does
    /// (with the same resulting counts, but one update per slot rather than per missing value).
    /// An out-of-range value is counted once and nothing is recorded for it.
    /// </summary>
    public void RecordValueWithExpectedInterval(long value, long expectedIntervalBetweenValueSamples)
    {
        if (CountsArrayIndexOrMinusOne(value) < 0) { CountOutOfRange(value); return; }
        RecordValue(value);
        if (expectedIntervalBetweenValueSamples > 0) RecordMissingSamples(value, expectedIntervalBetweenValueSamples, atomic: false);
    }

    /// <summary>Multi-writer form of <see cref="RecordValue"/> used by <see cref="Recorder"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void RecordValueAtomic(long value)
    {
        int index = CountsArrayIndexOrMinusOne(value);
        if (index < 0) { CountOutOfRangeAtomic(value); return; }
        Interlocked.Increment(ref _counts[index]);
        Interlocked.Increment(ref _totalCount);
        UpdateMinAndMaxAtomic(value);
    }

    /// <summary>Multi-writer form of <see cref="RecordValueWithExpectedInterval"/> used by <see cref="Recorder"/>.</summary>
    internal void RecordValueWithExpectedIntervalAtomic(long value, long expectedIntervalBetweenValueSamples)
    {
        if (CountsArrayIndexOrMinusOne(value) < 0) { CountOutOfRangeAtomic(value); return; }
        RecordValueAtomic(value);
        if (expectedIntervalBetweenValueSamples > 0) RecordMissingSamples(value, expectedIntervalBetweenValueSamples, atomic: true);
    }

    /// <summary>
    /// Records value - interval, value - 2 * interval, ... down to the interval, with the same resulting counts,
    /// total and min as recording them one by one (as the reference does), in two passes from the top:
    /// where a slot is several intervals wide (8 single-writer, 2 atomic), the missing values sharing it are added in one
    /// step per slot
    /// (a one-second stall with a 1 ns interval is a few thousand slot updates, not a billion records); below that
    /// every missing value costs one increment of its slot, with no division and no per-value
    /// total, min or max update (the HdrHistogram package's plain loop, minus its per-value bookkeeping). The
    /// total grows once by the number of missing values; the min is the lowest of them; the max cannot change.
    /// </summary>
    private void RecordMissingSamples(long value, long interval, bool atomic)
    {
        long missingCount = value / interval - 1;
        if (missingCount <= 0) return;
        long lowest = value - missingCount * interval;
        long[] counts = _counts;
        long missing = value - interval;
        while (missing >= interval)
        {
            int bucketIndex = BucketIndex(missing);
            int shift = bucketIndex + UnitMagnitude;
            // Slots only a few intervals wide hold a few missing values at most: a division per slot costs more than
            // the plain increments it saves, so from here down each value is one increment. An atomic increment
            // costs more than a division, so the Recorder's path keeps bulk-adding down to two intervals (measured).
            if ((1L << shift) < (atomic ? 2 : 8) * interval) break;
            int subBucketIndex = (int)((ulong)missing >> shift);
            int index = ((bucketIndex + 1) << _subBucketHalfCountMagnitude) + (subBucketIndex - _subBucketHalfCount);
            long slotFloor = Math.Max((long)subBucketIndex << shift, interval);
            long inSlot = (missing - slotFloor) / interval + 1;
            if (atomic) Interlocked.Add(ref counts[index], inSlot);
            else counts[index] += inSlot;
            missing -= inSlot * interval;
        }
        if (atomic)
        {
            for (; missing >= interval; missing -= interval) Interlocked.Increment(ref counts[SlotOf(missing)]);
            Interlocked.Add(ref _totalCount, missingCount);
            UpdateMinAndMaxAtomic(lowest);
        }
        else
        {
            for (; missing >= interval; missing -= interval) counts[SlotOf(missing)]++;
            _totalCount += missingCount;
            UpdateMinAndMax(lowest);
        }
    }

    /// <summary>The slot of a value known to be in range (no checks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int SlotOf(long value)
    {
        int bucketIndex = BucketIndex(value);
        int subBucketIndex = (int)((ulong)value >> (bucketIndex + UnitMagnitude));
        return ((bucketIndex + 1) << _subBucketHalfCountMagnitude) + (subBucketIndex - _subBucketHalfCount);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void UpdateMinAndMax(long value)
    {
        if (value > _maxValue) _maxValue = value | _unitMagnitudeMask;
        // Values within the first unit are only visible through the count at index 0, as in the reference.
        if (value < _minNonZeroValue && value > _unitMagnitudeMask) _minNonZeroValue = value & ~_unitMagnitudeMask;
    }

    private void UpdateMinAndMaxAtomic(long value)
    {
        long max = value | _unitMagnitudeMask;
        long seen = Volatile.Read(ref _maxValue);
        while (max > seen)
        {
            long witnessed = Interlocked.CompareExchange(ref _maxValue, max, seen);
            if (witnessed == seen) break;
            seen = witnessed;
        }
        if (value <= _unitMagnitudeMask) return;
        long min = value & ~_unitMagnitudeMask;
        seen = Volatile.Read(ref _minNonZeroValue);
        while (min < seen)
        {
            long witnessed = Interlocked.CompareExchange(ref _minNonZeroValue, min, seen);
            if (witnessed == seen) break;
            seen = witnessed;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CountOutOfRange(long value)
    {
        _outOfRangeCount++;
        _lastOutOfRangeValue = value;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CountOutOfRangeAtomic(long value)
    {
        Interlocked.Increment(ref _outOfRangeCount);
        Volatile.Write(ref _lastOutOfRangeValue, value);
    }

    // ---------------------------------------------------------------- layout

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int CountsArrayIndexOrMinusOne(long value)
    {
        if (value < 0) return -1;
        int bucketIndex = BucketIndex(value);
        int subBucketIndex = (int)((ulong)value >> (bucketIndex + UnitMagnitude));
        int index = ((bucketIndex + 1) << _subBucketHalfCountMagnitude) + (subBucketIndex - _subBucketHalfCount);
        return index < _counts.Length ? index : -1;
    }

    /// <summary>The counts-array index of a non-negative value, as the reference computes it (may exceed the array).</summary>
    public int CountsArrayIndex(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        int bucketIndex = BucketIndex(value);
        int subBucketIndex = (int)((ulong)value >> (bucketIndex + UnitMagnitude));
        return ((bucketIndex + 1) << _subBucketHalfCountMagnitude) + (subBucketIndex - _subBucketHalfCount);
    }

    // The number of powers of two by which the value exceeds bucket 0's range; the mask maps small values to 0.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int BucketIndex(long value) => _leadingZeroCountBase - BitOperations.LeadingZeroCount((ulong)(value | _subBucketMask));

    /// <summary>The lowest value that the counts-array slot <paramref name="index"/> stands for.</summary>
    public long ValueFromIndex(int index)
    {
        int bucketIndex = (index >> _subBucketHalfCountMagnitude) - 1;
        int subBucketIndex = (index & (_subBucketHalfCount - 1)) + _subBucketHalfCount;
        if (bucketIndex < 0)
        {
            subBucketIndex -= _subBucketHalfCount;
            bucketIndex = 0;
        }
        return (long)subBucketIndex << (bucketIndex + UnitMagnitude);
    }

    /// <summary>The lowest value recorded in the same slot as <paramref name="value"/>.</summary>
    public long LowestEquivalentValue(long value)
    {
        int bucketIndex = BucketIndex(value);
        long subBucketIndex = (long)((ulong)value >> (bucketIndex + UnitMagnitude));
        return subBucketIndex << (bucketIndex + UnitMagnitude);
    }

    /// <summary>The width of the slot <paramref name="value"/> falls in.</summary>
    public long SizeOfEquivalentValueRange(long value)
    {
        int bucketIndex = BucketIndex(value);
        long subBucketIndex = (long)((ulong)value >> (bucketIndex + UnitMagnitude));
        int adjustedBucket = subBucketIndex >= SubBucketCount ? bucketIndex + 1 : bucketIndex;
        return 1L << (UnitMagnitude + adjustedBucket);
    }

    public long NextNonEquivalentValue(long value) => LowestEquivalentValue(value) + SizeOfEquivalentValueRange(value);

    /// <summary>The highest value recorded in the same slot as <paramref name="value"/>.</summary>
    public long HighestEquivalentValue(long value) => NextNonEquivalentValue(value) - 1;

    /// <summary>The middle (rounded up) of the slot <paramref name="value"/> falls in; used for mean and deviation.</summary>
    public long MedianEquivalentValue(long value) => LowestEquivalentValue(value) + (SizeOfEquivalentValueRange(value) >> 1);

    private int BucketsNeededToCoverValue(long value)
    {
        // Bucket k covers 0 .. subBucketCount * 2^(k + unitMagnitude) in units of 2^(k + unitMagnitude).
        long smallestUntrackableValue = (long)SubBucketCount << UnitMagnitude;
        int bucketsNeeded = 1;
        while (smallestUntrackableValue <= value)
        {
            if (smallestUntrackableValue > long.MaxValue / 2) return bucketsNeeded + 1;
            smallestUntrackableValue <<= 1;
            bucketsNeeded++;
        }
        return bucketsNeeded;
    }

    // ---------------------------------------------------------------- queries (reader side)

    /// <summary>The count at counts-array slot <paramref name="index"/>.</summary>
    public long GetCountAtIndex(int index) => Volatile.Read(ref _counts[index]);

    /// <summary>The count recorded in the slot <paramref name="value"/> falls in (clamped to the array, as the reference).</summary>
    public long GetCountAtValue(long value)
    {
        int index = Math.Clamp(CountsArrayIndex(value), 0, _counts.Length - 1);
        return _counts[index];
    }

    /// <summary>The largest recorded value's highest equivalent value; 0 when empty.</summary>
    public long GetMaxValue() => _maxValue == 0 ? 0 : HighestEquivalentValue(_maxValue);

    /// <summary>The smallest recorded value's lowest equivalent value (0 when a value in the first unit was recorded or the histogram is empty).</summary>
    public long GetMinValue() => _counts[0] > 0 || TotalCount == 0 ? 0 : GetMinNonZeroValue();

    /// <summary>The smallest recorded non-zero value's lowest equivalent value; long.MaxValue when none.</summary>
    public long GetMinNonZeroValue() => _minNonZeroValue == long.MaxValue ? long.MaxValue : LowestEquivalentValue(_minNonZeroValue);

    /// <summary>
    /// The value that <paramref name="percentile"/> % of recorded values are smaller than or equivalent to: the
    /// highest equivalent value of the slot where the running count reaches the percentile's count (lowest
    /// equivalent value for percentile 0), with the reference's rounding of that count.
    /// </summary>
    public long GetValueAtPercentile(double percentile)
    {
        double requestedPercentile = Math.Min(Math.Max(percentile, 0.0), 100.0);
        double fpCountAtPercentile = requestedPercentile / 100.0 * TotalCount;
        // The product can come out 1 ulp above the exact integer count; stepping back 1 ulp before rounding up
        // keeps that from skipping a count.
        long countAtPercentile = Math.Max((long)Math.Ceiling(fpCountAtPercentile - Ulp(fpCountAtPercentile)), 1);
        long totalToCurrentIndex = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            totalToCurrentIndex += _counts[i];
            if (totalToCurrentIndex >= countAtPercentile)
            {
                long valueAtIndex = ValueFromIndex(i);
                return percentile == 0.0 ? LowestEquivalentValue(valueAtIndex) : HighestEquivalentValue(valueAtIndex);
            }
        }
        return 0;
    }

    // Java's Math.ulp: the gap to the next double of larger magnitude.
    private static double Ulp(double x)
    {
        double magnitude = Math.Abs(x);
        return double.IsFinite(magnitude) ? double.BitIncrement(magnitude) - magnitude : magnitude;
    }

    /// <summary>Mean of recorded values, each counted at the middle of its slot; 0 when empty.</summary>
    public double GetMean()
    {
        long total = TotalCount;
        if (total == 0) return 0.0;
        double totalValue = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            long count = _counts[i];
            if (count != 0) totalValue += MedianEquivalentValue(ValueFromIndex(i)) * (double)count;
        }
        return totalValue / total;
    }

    /// <summary>Standard deviation of recorded values around <see cref="GetMean"/>; 0 when empty.</summary>
    public double GetStdDeviation()
    {
        long total = TotalCount;
        if (total == 0) return 0.0;
        double mean = GetMean();
        double geometricDeviationTotal = 0.0;
        for (int i = 0; i < _counts.Length; i++)
        {
            long count = _counts[i];
            if (count == 0) continue;
            double deviation = MedianEquivalentValue(ValueFromIndex(i)) - mean;
            geometricDeviationTotal += deviation * deviation * count;
        }
        return Math.Sqrt(geometricDeviationTotal / total);
    }

    /// <summary>Steps through the distribution as HdrHistogram's percentile iterator does (the rows of a .hgrm file).</summary>
    public PercentileIterator Percentiles(int percentileTicksPerHalfDistance = 5) => new(this, percentileTicksPerHalfDistance);

    // ---------------------------------------------------------------- whole-histogram operations (reader side)

    /// <summary>Adds <paramref name="other"/>'s counts (and out-of-range count) to this one and widens the time range to cover both.</summary>
    /// <exception cref="ArgumentException">The other histogram holds values above <see cref="HighestRecordableValue"/>.</exception>
    public void Add(HdrHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        long otherMax = other.GetMaxValue();
        if (HighestRecordableValue < otherMax)
            throw new ArgumentException(
                $"The other histogram holds values up to {otherMax}, above this one's recordable range 0..{HighestRecordableValue}.", nameof(other));

        if (BucketCount == other.BucketCount && SubBucketCount == other.SubBucketCount && UnitMagnitude == other.UnitMagnitude)
        {
            // Same layout: the slots mean the same values, so add them directly.
            long observedOtherTotalCount = 0;
            for (int i = 0; i < other._counts.Length; i++)
            {
                long otherCount = other._counts[i];
                if (otherCount > 0)
                {
                    _counts[i] += otherCount;
                    observedOtherTotalCount += otherCount;
                }
            }
            _totalCount += observedOtherTotalCount;
            long mergedMax = Math.Max(GetMaxValue(), otherMax);
            if (mergedMax > 0) _maxValue = mergedMax | _unitMagnitudeMask;
            long mergedMinNonZero = Math.Min(GetMinNonZeroValue(), other.GetMinNonZeroValue());
            if (mergedMinNonZero != long.MaxValue && mergedMinNonZero > _unitMagnitudeMask) _minNonZeroValue = mergedMinNonZero & ~_unitMagnitudeMask;
        }
        else
        {
            for (int i = 0; i < other._counts.Length; i++)
            {
                long otherCount = other._counts[i];
                if (otherCount > 0) RecordValueWithCount(other.ValueFromIndex(i), otherCount);
            }
        }
        _outOfRangeCount += other.OutOfRangeCount;
        if (other.OutOfRangeCount > 0) _lastOutOfRangeValue = other.LastOutOfRangeValue;
        StartTimeStampMsec = Math.Min(StartTimeStampMsec, other.StartTimeStampMsec);
        EndTimeStampMsec = Math.Max(EndTimeStampMsec, other.EndTimeStampMsec);
    }

    /// <summary>Clears counts, min/max, out-of-range count, time stamps and tag; keeps the layout (no allocation).</summary>
    public void Reset()
    {
        // Every count is in the total (recording, adding and decoding keep them in step): with a total of 0 the counts
        // are all 0 already, and clearing them would only make never-touched pages of the array resident.
        if (_totalCount != 0) Array.Clear(_counts);
        _totalCount = 0;
        _maxValue = 0;
        _minNonZeroValue = long.MaxValue;
        _outOfRangeCount = 0;
        _lastOutOfRangeValue = 0;
        StartTimeStampMsec = long.MaxValue;
        EndTimeStampMsec = 0;
        Tag = null;
    }

    /// <summary>A new histogram with the same layout, counts, time stamps and tag.</summary>
    public HdrHistogram Copy()
    {
        var copy = new HdrHistogram(LowestDiscernibleValue, HighestTrackableValue, NumberOfSignificantValueDigits);
        CopyInto(copy);
        return copy;
    }

    /// <summary>Replaces <paramref name="target"/>'s content with this one's (target may have another layout if the values fit).</summary>
    public void CopyInto(HdrHistogram target)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Reset();
        target.Add(this);
        target.StartTimeStampMsec = StartTimeStampMsec;
        target.EndTimeStampMsec = EndTimeStampMsec;
        target.Tag = Tag;
    }

    /// <summary>True when <paramref name="other"/> has the same bucket layout, so its slots can be swapped in or added directly.</summary>
    public bool HasSameLayoutAs(HdrHistogram other) =>
        LowestDiscernibleValue == other.LowestDiscernibleValue
        && HighestTrackableValue == other.HighestTrackableValue
        && NumberOfSignificantValueDigits == other.NumberOfSignificantValueDigits;

    // ---------------------------------------------------------------- encoding support

    /// <summary>Sets one slot's count directly; for the decoder, which then calls <see cref="EstablishInternalTrackingValues"/>.</summary>
    internal void SetCountAtIndex(int index, long count) => _counts[index] = count;

    /// <summary>Recomputes total, min and max from the counts, as the reference does after decoding.</summary>
    internal void EstablishInternalTrackingValues()
    {
        _maxValue = 0;
        _minNonZeroValue = long.MaxValue;
        int maxIndex = -1;
        int minNonZeroIndex = -1;
        long observedTotalCount = 0;
        for (int index = 0; index < _counts.Length; index++)
        {
            long count = _counts[index];
            if (count <= 0) continue;
            observedTotalCount += count;
            maxIndex = index;
            if (minNonZeroIndex == -1 && index != 0) minNonZeroIndex = index;
        }
        if (maxIndex >= 0) _maxValue = HighestEquivalentValue(ValueFromIndex(maxIndex)) | _unitMagnitudeMask;
        if (minNonZeroIndex >= 0)
        {
            long min = ValueFromIndex(minNonZeroIndex);
            if (min > _unitMagnitudeMask) _minNonZeroValue = min & ~_unitMagnitudeMask;
        }
        _totalCount = observedTotalCount;
    }

    /// <summary>The counts index of the largest recorded value (0 when empty): where the encoder stops.</summary>
    internal int MaxValueIndex => CountsArrayIndex(_maxValue);
}
