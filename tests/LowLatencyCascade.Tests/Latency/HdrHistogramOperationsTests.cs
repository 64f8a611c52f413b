using LowLatencyCascade.Engine.Latency;
using Xunit;

namespace LowLatencyCascade.Tests.Latency;

public class HdrHistogramOperationsTests
{
    private static HdrHistogram Recorded(long lowest, long highest, int digits, uint seed, int count)
    {
        var histogram = new HdrHistogram(lowest, highest, digits);
        foreach ((long value, _) in new InputGenerator("logspread", seed, count, MaxShift: 20).Generate()) histogram.RecordValue(value);
        return histogram;
    }

    [Fact]
    public void Add_of_two_histograms_equals_recording_both_inputs_into_one()
    {
        HdrHistogram a = Recorded(1, 3_600_000_000, 3, 21, 2000);
        HdrHistogram b = Recorded(1, 3_600_000_000, 3, 22, 3000);
        var both = new HdrHistogram(1, 3_600_000_000, 3);
        foreach (uint seed in new uint[] { 21, 22 })
            foreach ((long value, _) in new InputGenerator("logspread", seed, seed == 21 ? 2000 : 3000, MaxShift: 20).Generate())
                both.RecordValue(value);
        a.StartTimeStampMsec = 5_000; a.EndTimeStampMsec = 6_000;
        b.StartTimeStampMsec = 4_000; b.EndTimeStampMsec = 5_500;
        b.RecordValue(-1);

        a.Add(b);

        HistogramAssert.SameCounts(both, a);
        Assert.Equal(both.GetValueAtPercentile(99.9), a.GetValueAtPercentile(99.9));
        Assert.Equal((4_000L, 6_000L), (a.StartTimeStampMsec, a.EndTimeStampMsec));
        Assert.Equal(1, a.OutOfRangeCount);
    }

    [Fact]
    public void Add_across_layouts_records_each_slot_at_its_value()
    {
        HdrHistogram fine = Recorded(1, 3_600_000_000, 3, 23, 2000);
        var coarse = new HdrHistogram(1, 100_000_000_000, 2);
        coarse.Add(fine);
        Assert.Equal(fine.TotalCount, coarse.TotalCount);
        Assert.Equal(coarse.HighestEquivalentValue(fine.GetMaxValue()), coarse.GetMaxValue());
    }

    [Fact]
    public void Add_rejects_a_histogram_with_values_beyond_the_range()
    {
        var wide = new HdrHistogram(1, 100_000_000_000, 3);
        wide.RecordValue(50_000_000_000);
        var narrow = new HdrHistogram(1, 1_000_000, 3);
        var error = Assert.Throws<ArgumentException>(() => narrow.Add(wide));
        Assert.Equal("other", error.ParamName);
        Assert.Equal(0, narrow.TotalCount);
    }

    [Fact]
    public void Copy_is_equal_and_independent()
    {
        HdrHistogram original = Recorded(1000, 3_600_000_000_000, 3, 24, 2000);
        original.Tag = "scoring";
        original.StartTimeStampMsec = 10;
        original.EndTimeStampMsec = 20;

        HdrHistogram copy = original.Copy();
        HistogramAssert.SameCounts(original, copy);
        Assert.Equal(("scoring", 10L, 20L), (copy.Tag, copy.StartTimeStampMsec, copy.EndTimeStampMsec));

        copy.RecordValue(5_000_000);
        Assert.Equal(original.TotalCount + 1, copy.TotalCount);
    }

    [Fact]
    public void CopyInto_replaces_the_targets_content()
    {
        HdrHistogram source = Recorded(1, 3_600_000_000, 3, 25, 500);
        HdrHistogram target = Recorded(1, 3_600_000_000, 3, 26, 800);
        source.CopyInto(target);
        HistogramAssert.SameCounts(source, target);
    }

    [Fact]
    public void Reset_empties_everything_and_recording_starts_afresh()
    {
        HdrHistogram histogram = Recorded(1, 3_600_000_000, 3, 27, 500);
        histogram.RecordValue(-1);
        histogram.Tag = "x";
        histogram.Reset();
        Assert.Equal(0, histogram.TotalCount);
        Assert.Equal(0, histogram.OutOfRangeCount);
        Assert.Equal(0, histogram.GetMaxValue());
        Assert.Equal(long.MaxValue, histogram.GetMinNonZeroValue());
        Assert.Null(histogram.Tag);
        Assert.Equal(0, Enumerable.Range(0, histogram.CountsArrayLength).Sum(i => histogram.GetCountAtIndex(i)));

        histogram.RecordValue(42);
        Assert.Equal(42, histogram.GetMaxValue());
        Assert.Equal(42, histogram.GetMinValue());
    }
}
