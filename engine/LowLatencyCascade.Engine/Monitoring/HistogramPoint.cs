namespace LowLatencyCascade.Engine.Monitoring;

/// <summary>
/// One labelled histogram: cumulative bucket counts by upper bound (<c>le</c>, ascending; the writer adds
/// <c>+Inf</c> with <see cref="Count"/>), plus the <c>_sum</c> and <c>_count</c> of every observation.
/// </summary>
public sealed record HistogramPoint(IReadOnlyList<MetricLabel> Labels, IReadOnlyList<BucketCount> Buckets, double Sum, long Count)
{
    /// <summary>Upper bounds, in seconds, of the stage latency histograms: 1 µs to 100 ms.</summary>
    public static IReadOnlyList<double> LatencyBucketsSeconds { get; } =
        [1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 1e-2, 2.5e-2, 5e-2, 0.1];
}

/// <summary>Observations at or below <see cref="UpperBound"/> (cumulative, as Prometheus counts buckets).</summary>
public readonly record struct BucketCount(double UpperBound, long Count);
