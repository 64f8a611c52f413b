using LowLatencyCascade.Engine.Latency;
using Xunit;

namespace LowLatencyCascade.Tests.Latency;

/// <summary>The recording paths run on stage threads: steady state allocates nothing.</summary>
public class HistogramAllocationTests
{
    [Fact]
    public void RecordValue_allocates_nothing_in_steady_state()
    {
        var histogram = new HdrHistogram(1, 3_600_000_000, 3);
        for (long v = 0; v < 10_000; v++) histogram.RecordValue(v * 37);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (long v = 0; v < 100_000; v++)
        {
            histogram.RecordValue(v * 37);
            histogram.TryRecordValue(v);
            histogram.RecordValueWithExpectedInterval(v % 5000, 1000);
            histogram.RecordValue(-v); // out of range: counted, still no allocation
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(histogram.TotalCount > 200_000);
        Assert.Equal(99_999, histogram.OutOfRangeCount);
    }

    [Fact]
    public void Recorder_writers_allocate_nothing_in_steady_state()
    {
        var recorder = new Recorder(1, 3_600_000_000, 3);
        for (long v = 0; v < 10_000; v++) { recorder.RecordValue(v); recorder.RecordValueWithExpectedInterval(v, 1000); }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (long v = 0; v < 100_000; v++)
        {
            recorder.RecordValue(v * 13);
            recorder.RecordValueWithExpectedInterval(v % 3000, 1000);
            recorder.RecordValue(long.MaxValue);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        HdrHistogram interval = recorder.GetIntervalHistogram();

        var sameCallsSingleWriter = new HdrHistogram(1, 3_600_000_000, 3);
        for (long v = 0; v < 10_000; v++) { sameCallsSingleWriter.RecordValue(v); sameCallsSingleWriter.RecordValueWithExpectedInterval(v, 1000); }
        for (long v = 0; v < 100_000; v++)
        {
            sameCallsSingleWriter.RecordValue(v * 13);
            sameCallsSingleWriter.RecordValueWithExpectedInterval(v % 3000, 1000);
            sameCallsSingleWriter.RecordValue(long.MaxValue);
        }
        Assert.Equal(sameCallsSingleWriter.TotalCount, interval.TotalCount);
        Assert.Equal(100_000, interval.OutOfRangeCount);
    }
}
