using System.Buffers.Binary;
using LowLatencyCascade.Engine.Latency;
using Xunit;

namespace LowLatencyCascade.Tests.Latency;

/// <summary>The in-house histogram against hdr-histogram-js 3.0.1, value for value, on the committed reference vectors.</summary>
public class HdrHistogramReferenceTests
{
    public static IEnumerable<object[]> Sets => ReferenceVectors.SetNames();

    [Theory]
    [MemberData(nameof(Sets))]
    public void Layout_matches_the_reference(string name)
    {
        ReferenceSet set = ReferenceVectors.Set(name);
        var histogram = new HdrHistogram(set.Lowest, set.Highest, set.Digits);
        Assert.Equal(set.Layout, new ReferenceLayout(histogram.UnitMagnitude, histogram.SubBucketCount, histogram.BucketCount, histogram.CountsArrayLength));
        foreach (ReferenceProbe probe in set.Probes)
        {
            Assert.Equal(probe, new ReferenceProbe(probe.Value, histogram.CountsArrayIndex(probe.Value),
                histogram.LowestEquivalentValue(probe.Value), histogram.HighestEquivalentValue(probe.Value)));
        }
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Percentiles_min_max_mean_and_count_match_the_reference(string name)
    {
        ReferenceSet set = ReferenceVectors.Set(name);
        HdrHistogram histogram = set.Record();
        Assert.Equal(set.TotalCount, histogram.TotalCount);
        Assert.Equal(0, histogram.OutOfRangeCount);
        Assert.Equal(set.Min, histogram.GetMinValue());
        Assert.Equal(set.Max, histogram.GetMaxValue());
        AssertRelativelyEqual(set.Mean, histogram.GetMean());
        AssertRelativelyEqual(set.StdDeviation, histogram.GetStdDeviation());
        foreach (ReferencePercentile p in set.Percentiles)
            Assert.True(p.Value == histogram.GetValueAtPercentile(p.Percentile),
                $"{name} p{p.Percentile}: reference {p.Value}, ours {histogram.GetValueAtPercentile(p.Percentile)}");
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Percentile_distribution_text_matches_the_reference_hgrm(string name)
    {
        ReferenceSet set = ReferenceVectors.Set(name);
        HdrHistogram histogram = set.Record();
        foreach (ReferenceHgrm expected in set.Hgrm)
        {
            var text = new StringWriter();
            HistogramOutput.WritePercentileDistribution(text, histogram, expected.Ticks, expected.Ratio);
            Assert.Equal(expected.Text, text.ToString());
        }
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Reference_encoded_histogram_decodes_to_our_counts(string name)
    {
        ReferenceSet set = ReferenceVectors.Set(name);
        HdrHistogram ours = set.Record();
        HdrHistogram decoded = HistogramEncoding.DecodeCompressedBase64(set.Histf);

        Assert.Equal((set.Lowest, set.Highest, set.Digits),
            (decoded.LowestDiscernibleValue, decoded.HighestTrackableValue, decoded.NumberOfSignificantValueDigits));
        HistogramAssert.SameCounts(ours, decoded);
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Our_encoded_counts_are_byte_identical_to_the_reference_payload(string name)
    {
        // The deflated bytes depend on the zlib build; the encoding inside them must not. The header's
        // normalizing offset and ratio fields are skipped: hdr-histogram-js writes 1 and (long) 1 there where
        // HdrHistogram (Java) and this project write 0 and (double) 1.0.
        ReferenceSet set = ReferenceVectors.Set(name);
        byte[] reference = HistogramEncoding.Decompress(Convert.FromBase64String(set.Histf));
        byte[] ours = HistogramEncoding.Encode(set.Record());

        Assert.Equal(reference[..8], ours[..8]);
        Assert.Equal(reference[12..32], ours[12..32]);
        Assert.Equal(reference[40..], ours[40..]);
        Assert.Equal(0, BinaryPrimitives.ReadInt32BigEndian(ours.AsSpan(8)));
        Assert.Equal(1.0, BinaryPrimitives.ReadDoubleBigEndian(ours.AsSpan(32)));
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Our_compressed_encoding_round_trips(string name)
    {
        HdrHistogram ours = ReferenceVectors.Set(name).Record();
        string base64 = HistogramEncoding.EncodeCompressedBase64(ours);
        Assert.StartsWith("HISTF", base64);
        HistogramAssert.SameCounts(ours, HistogramEncoding.DecodeCompressedBase64(base64));
    }

    [Fact]
    public void Reference_vectors_cover_every_precision_and_the_corrected_and_weighted_paths()
    {
        IReadOnlyList<ReferenceSet> sets = ReferenceVectors.Instance.Sets;
        Assert.Equal([1, 2, 3, 4, 5], sets.Select(s => s.Digits).Distinct().Order());
        Assert.Contains(sets, s => s.ExpectedInterval > 0 && s.TotalCount > s.Generator.Count);
        Assert.Contains(sets, s => s.Generator.Kind == "weighted");
        Assert.Contains(sets, s => s.Lowest > 1);
        Assert.Contains(sets, s => s.TotalCount == 0);
    }

    private static void AssertRelativelyEqual(double expected, double actual)
    {
        double tolerance = Math.Max(Math.Abs(expected), 1.0) * 1e-9;
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"expected {expected:R}, got {actual:R}");
    }
}
