using System.Globalization;

namespace LowLatencyCascade.Engine.Latency;

/// <summary>
/// Writes a histogram's percentile distribution in the text HdrHistogram's <c>outputPercentileDistribution</c>
/// produces: the <c>.hgrm</c> format that HdrHistogram's plotter and the quants' tools read.
/// </summary>
public static class HistogramOutput
{
    /// <param name="writer">Where the text goes; lines end with '\n' whatever the platform, as in the reference.</param>
    /// <param name="histogram">The distribution to print.</param>
    /// <param name="percentileTicksPerHalfDistance">Rows per halving of the distance to 100 %.</param>
    /// <param name="outputValueUnitScalingRatio">Values are divided by this before printing (e.g. 1000 for ns to us).</param>
    public static void WritePercentileDistribution(
        TextWriter writer, HdrHistogram histogram, int percentileTicksPerHalfDistance = 5, double outputValueUnitScalingRatio = 1.0)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(histogram);
        if (!(outputValueUnitScalingRatio > 0))
            throw new ArgumentOutOfRangeException(nameof(outputValueUnitScalingRatio), outputValueUnitScalingRatio, "The scaling ratio must be positive.");

        int valueDigits = histogram.NumberOfSignificantValueDigits;
        writer.Write("       Value     Percentile TotalCount 1/(1-Percentile)\n\n");
        foreach (HistogramIterationValue step in histogram.Percentiles(percentileTicksPerHalfDistance))
        {
            double level = step.PercentileLevelIteratedTo / 100.0;
            writer.Write(Fixed(step.ValueIteratedTo / outputValueUnitScalingRatio, valueDigits, 12));
            writer.Write(' ');
            writer.Write(Fixed(level, 12, 2));
            writer.Write(' ');
            writer.Write(step.TotalCountToThisValue.ToString(CultureInfo.InvariantCulture).PadLeft(10));
            if (step.PercentileLevelIteratedTo != 100.0)
            {
                writer.Write(' ');
                writer.Write(Fixed(1.0 / (1.0 - level), 2, 14));
            }
            writer.Write('\n');
        }

        double mean = histogram.GetMean();
        double stdDeviation = histogram.GetStdDeviation();
        writer.Write($"#[Mean    = {Fixed(mean / outputValueUnitScalingRatio, valueDigits, 12)}, StdDeviation   = {Fixed(stdDeviation / outputValueUnitScalingRatio, valueDigits, 12)}]\n");
        writer.Write($"#[Max     = {Fixed(histogram.GetMaxValue() / outputValueUnitScalingRatio, valueDigits, 12)}, Total count    = {Integer(histogram.TotalCount, 12)}]\n");
        writer.Write($"#[Buckets = {Integer(histogram.BucketCount, 12)}, SubBuckets     = {Integer(histogram.SubBucketCount, 12)}]\n");
    }

    // "%{width}.{digits}f" in the reference.
    private static string Fixed(double value, int fractionDigits, int width) => FixedPointText.Format(value, fractionDigits).PadLeft(width);

    private static string Integer(long value, int width) => value.ToString(CultureInfo.InvariantCulture).PadLeft(width);
}
