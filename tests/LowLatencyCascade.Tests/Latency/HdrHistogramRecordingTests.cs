using LowLatencyCascade.Engine.Latency;
using Xunit;

namespace LowLatencyCascade.Tests.Latency;

public class HdrHistogramRecordingTests
{
    [Theory]
    [InlineData(0L, 10L, 3, "lowestDiscernibleValue")]
    [InlineData(1000L, 1999L, 3, "highestTrackableValue")]
    [InlineData(1L, 1000L, 6, "numberOfSignificantValueDigits")]
    [InlineData(1L, 1000L, -1, "numberOfSignificantValueDigits")]
    public void Invalid_layout_arguments_throw_naming_the_parameter(long lowest, long highest, int digits, string parameter)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new HdrHistogram(lowest, highest, digits));
        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public void Smallest_valid_layout_is_accepted()
    {
        var histogram = new HdrHistogram(1000, 2000, 1);
        Assert.True(histogram.HighestRecordableValue >= 2000);
    }

    [Fact]
    public void Zero_lowest_and_highest_values_are_recorded_in_their_own_slots()
    {
        var histogram = new HdrHistogram(1, 3_600_000_000, 3);
        histogram.RecordValue(0);
        histogram.RecordValue(1);
        histogram.RecordValue(3_600_000_000);
        Assert.Equal(3, histogram.TotalCount);
        Assert.Equal(0, histogram.OutOfRangeCount);
        Assert.Equal(1, histogram.GetCountAtValue(0));
        Assert.Equal(1, histogram.GetCountAtValue(1));
        Assert.Equal(1, histogram.GetCountAtValue(3_600_000_000));
        Assert.Equal(0, histogram.GetMinValue());
        Assert.Equal(1, histogram.GetMinNonZeroValue());
        Assert.Equal(histogram.HighestEquivalentValue(3_600_000_000), histogram.GetMaxValue());
        Assert.InRange(histogram.GetMaxValue() - 3_600_000_000, 0, 3_600_000_000 / 1000);
    }

    [Fact]
    public void Value_just_over_the_recordable_range_is_counted_out_of_range_and_not_recorded()
    {
        var histogram = new HdrHistogram(1, 3_600_000_000, 3);
        long top = histogram.HighestRecordableValue;
        histogram.RecordValue(top);
        histogram.RecordValue(top + 1);
        histogram.RecordValue(-5);

        Assert.Equal(1, histogram.TotalCount);
        Assert.Equal(2, histogram.OutOfRangeCount);
        Assert.Equal(-5, histogram.LastOutOfRangeValue);
        Assert.Equal(top, histogram.GetMaxValue());
        Assert.Contains("-5", histogram.OutOfRangeMessage);
        Assert.Contains(top.ToString(), histogram.OutOfRangeMessage);
        Assert.False(histogram.TryRecordValue(top + 1));
        Assert.True(histogram.TryRecordValue(top));
        Assert.Equal(3, histogram.OutOfRangeCount);
    }

    [Fact]
    public void RecordValueOrThrow_names_the_value_and_the_range()
    {
        var histogram = new HdrHistogram(1, 1000, 3);
        long tooBig = histogram.HighestRecordableValue + 1;
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => histogram.RecordValueOrThrow(tooBig));
        Assert.Contains(tooBig.ToString(), error.Message);
        Assert.Contains(histogram.HighestRecordableValue.ToString(), error.Message);
        Assert.Equal(0, histogram.TotalCount);
        histogram.RecordValueOrThrow(1000);
        Assert.Equal(1, histogram.TotalCount);
    }

    [Fact]
    public void Empty_histogram_reports_zeros_and_no_out_of_range_message()
    {
        var histogram = new HdrHistogram(1, 1000, 3);
        Assert.Equal(0, histogram.GetMaxValue());
        Assert.Equal(0, histogram.GetMinValue());
        Assert.Equal(0.0, histogram.GetMean());
        Assert.Equal(0, histogram.GetValueAtPercentile(99));
        Assert.Null(histogram.OutOfRangeMessage);
        Assert.Empty(histogram.Percentiles());
    }

    [Fact]
    public void Equivalent_values_share_a_slot_whose_width_keeps_the_requested_precision()
    {
        var histogram = new HdrHistogram(1, 3_600_000_000, 3);
        foreach (long value in new long[] { 1, 2047, 2048, 2049, 10_007, 1_234_567, 3_599_999_999 })
        {
            long low = histogram.LowestEquivalentValue(value), high = histogram.HighestEquivalentValue(value);
            Assert.InRange(value, low, high);
            Assert.True(high - low + 1 <= Math.Max(1, value / 1000), $"slot of {value} is {low}..{high}");
            Assert.Equal(histogram.CountsArrayIndex(low), histogram.CountsArrayIndex(high));
            Assert.Equal(histogram.CountsArrayIndex(value) + 1, histogram.CountsArrayIndex(high + 1));
        }
    }

    [Fact]
    public void Expected_interval_fills_in_the_samples_a_stalled_sampler_missed()
    {
        var corrected = new HdrHistogram(1, 3_600_000_000, 3);
        corrected.RecordValueWithExpectedInterval(1000, 100);
        // 1000 plus the back-filled 900, 800, ..., 100.
        Assert.Equal(10, corrected.TotalCount);
        Assert.Equal(100, corrected.GetMinValue());
        Assert.Equal(1, corrected.GetCountAtValue(500));

        corrected.RecordValueWithExpectedInterval(50, 100);
        Assert.Equal(11, corrected.TotalCount);
        corrected.RecordValueWithExpectedInterval(-1, 100);
        Assert.Equal(11, corrected.TotalCount);
        Assert.Equal(1, corrected.OutOfRangeCount);
    }

    [Theory]
    [InlineData(1_000_000L, 1L)]
    [InlineData(1_000_000L, 7L)]
    [InlineData(123_456_789L, 1_000L)]
    [InlineData(5_000L, 4_999L)]
    [InlineData(10_000L, 20_000L)]
    public void Expected_interval_correction_equals_recording_each_missing_sample(long value, long interval)
    {
        var corrected = new HdrHistogram(1, 3_600_000_000, 3);
        corrected.RecordValueWithExpectedInterval(value, interval);
        var oneByOne = new HdrHistogram(1, 3_600_000_000, 3);
        oneByOne.RecordValue(value);
        for (long missing = value - interval; missing >= interval; missing -= interval) oneByOne.RecordValue(missing);
        HistogramAssert.SameCounts(oneByOne, corrected);
        Assert.Equal(oneByOne.GetMinNonZeroValue(), corrected.GetMinNonZeroValue());
    }

    [Fact]
    public void A_long_stall_with_a_tiny_interval_is_corrected_without_recording_each_sample()
    {
        // 10^12 missing samples: one record per sample would never finish; one update per slot does.
        var corrected = new HdrHistogram(1, 3_600_000_000_000, 3);
        corrected.RecordValueWithExpectedInterval(1_000_000_000_000, 1);
        Assert.Equal(1_000_000_000_000, corrected.TotalCount);
        Assert.Equal(1, corrected.GetMinValue());
        Assert.Equal(corrected.HighestEquivalentValue(500_000_000_000), corrected.GetValueAtPercentile(50));
    }

    [Fact]
    public void Percentile_iteration_ends_at_100_with_the_whole_count()
    {
        var histogram = new HdrHistogram(1, 1_000_000, 3);
        for (int i = 1; i <= 1000; i++) histogram.RecordValue(i);
        var steps = histogram.Percentiles(5).ToList();
        Assert.Equal(0.0, steps[0].PercentileLevelIteratedTo);
        Assert.Equal(100.0, steps[^1].PercentileLevelIteratedTo);
        Assert.Equal(1000, steps[^1].TotalCountToThisValue);
        Assert.Equal(1000, steps[^1].ValueIteratedTo);
        Assert.True(steps.Zip(steps.Skip(1)).All(p => p.First.PercentileLevelIteratedTo < p.Second.PercentileLevelIteratedTo));
    }
}
