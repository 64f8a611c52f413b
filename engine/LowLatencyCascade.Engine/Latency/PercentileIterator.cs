using System.Collections;

namespace LowLatencyCascade.Engine.Latency;

/// <summary>
/// Walks a histogram by percentile levels that start at 0 % and halve their distance to 100 % every
/// <c>percentileTicksPerHalfDistance</c> steps, ending with one step at 100 %: HdrHistogram's percentile
/// iterator, step for step, so that the .hgrm rows match the reference's. A slot may be reported at several
/// levels. <c>foreach</c> over it allocates nothing; LINQ works too (boxing it once). The histogram must not
/// change while iterating.
/// </summary>
public struct PercentileIterator : IEnumerable<HistogramIterationValue>, IEnumerator<HistogramIterationValue>
{
    private readonly HdrHistogram _histogram;
    private readonly int _percentileTicksPerHalfDistance;
    private readonly long _arrayTotalCount;
    private int _currentIndex;
    private long _countAtThisValue;
    private long _totalCountToCurrentIndex;
    private bool _freshSubBucket;
    private double _percentileLevelToIterateTo;
    private bool _reachedLastRecordedValue;

    internal PercentileIterator(HdrHistogram histogram, int percentileTicksPerHalfDistance)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentileTicksPerHalfDistance, 1);
        _histogram = histogram;
        _percentileTicksPerHalfDistance = percentileTicksPerHalfDistance;
        _arrayTotalCount = histogram.TotalCount;
        _freshSubBucket = true;
        Current = default;
    }

    public HistogramIterationValue Current { get; private set; }

    public readonly PercentileIterator GetEnumerator() => this;

    readonly IEnumerator<HistogramIterationValue> IEnumerable<HistogramIterationValue>.GetEnumerator() => this;

    readonly IEnumerator IEnumerable.GetEnumerator() => this;

    readonly object IEnumerator.Current => Current;

    readonly void IEnumerator.Reset() => throw new NotSupportedException("Ask the histogram for a new iterator instead.");

    public readonly void Dispose() { }

    public bool MoveNext()
    {
        if (_totalCountToCurrentIndex >= _arrayTotalCount)
        {
            // One last step to 100 % once every recorded value has been passed.
            if (_reachedLastRecordedValue || _arrayTotalCount == 0) return false;
            _percentileLevelToIterateTo = 100.0;
            _reachedLastRecordedValue = true;
        }
        int length = _histogram.CountsArrayLength;
        while (_currentIndex < length)
        {
            _countAtThisValue = _histogram.GetCountAtIndex(_currentIndex);
            if (_freshSubBucket)
            {
                _totalCountToCurrentIndex += _countAtThisValue;
                _freshSubBucket = false;
            }
            if (ReachedIterationLevel())
            {
                Current = new HistogramIterationValue(
                    _histogram.HighestEquivalentValue(_histogram.ValueFromIndex(_currentIndex)),
                    _percentileLevelToIterateTo,
                    100.0 * _totalCountToCurrentIndex / _arrayTotalCount,
                    _countAtThisValue,
                    _totalCountToCurrentIndex);
                IncrementIterationLevel();
                return true;
            }
            _currentIndex++;
            _freshSubBucket = true;
        }
        throw new InvalidOperationException("The histogram changed while its percentiles were being iterated.");
    }

    private readonly bool ReachedIterationLevel()
    {
        if (_countAtThisValue == 0) return false;
        double currentPercentile = 100.0 * _totalCountToCurrentIndex / _arrayTotalCount;
        return currentPercentile >= _percentileLevelToIterateTo;
    }

    private void IncrementIterationLevel()
    {
        // Fixed-size ticks within each half of the remaining distance to 100 % keep the printed levels
        // readable (90, 95, 97.5, ...); the tick halves each time a half-distance is crossed.
        double halvings = Math.Floor(Math.Log2(100.0 / (100.0 - _percentileLevelToIterateTo)));
        double percentileReportingTicks = _percentileTicksPerHalfDistance * Math.Pow(2, halvings + 1);
        _percentileLevelToIterateTo += 100.0 / percentileReportingTicks;
    }
}
