namespace LowLatencyCascade.Engine.Monitoring;

/// <summary>One labelled summary: its quantiles plus the <c>_sum</c> and <c>_count</c> of every observation.</summary>
public sealed record SummaryPoint(IReadOnlyList<MetricLabel> Labels, IReadOnlyList<QuantileValue> Quantiles, double Sum, long Count)
{
    /// <summary>The quantiles every latency summary of this project reports, read from the HDR histograms.</summary>
    public static IReadOnlyList<double> StandardQuantiles { get; } = [0.5, 0.9, 0.99, 0.999, 0.9999];
}
