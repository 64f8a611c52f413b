using Microsoft.Extensions.Time.Testing;
using LowLatencyCascade.Engine.Latency;
using Xunit;
using LowLatencyCascade.Testing;

namespace LowLatencyCascade.Tests.Latency;

public class RecorderTests
{
    [Fact]
    public void Interval_swaps_under_concurrent_writers_lose_no_counts()
    {
        const int writers = 4;
        const int valuesPerWriter = 200_000;
        var recorder = new Recorder(1, 3_600_000_000, 3);
        var total = new HdrHistogram(1, 3_600_000_000, 3);
        using var start = new Barrier(writers + 1);
        // Writers pause halfway until the reader has swapped a few times, so swaps surely overlap writing.
        using var readerHasSwapped = new ManualResetEventSlim();
        int finished = 0;
        int writersThatTimedOut = 0;

        var threads = Enumerable.Range(0, writers).Select(w => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < valuesPerWriter; i++)
            {
                if (i == valuesPerWriter / 2 && !readerHasSwapped.Wait(TimeSpan.FromSeconds(30))) Interlocked.Increment(ref writersThatTimedOut);
                recorder.RecordValue(1 + (i % 5000) + w);
            }
            Interlocked.Increment(ref finished);
        })).ToList();
        threads.ForEach(t => t.Start());
        start.SignalAndWait(TestContext.Current.CancellationToken);

        // Take intervals while the writers run, recycling each one after adding it up.
        HdrHistogram? recycled = null;
        int intervals = 0;
        while (Volatile.Read(ref finished) < writers)
        {
            HdrHistogram interval = recorder.GetIntervalHistogram(recycled);
            total.Add(interval);
            recycled = interval;
            if (++intervals == 3) readerHasSwapped.Set();
        }
        threads.ForEach(t => t.Join());
        total.Add(recorder.GetIntervalHistogram(recycled));

        Assert.Equal((long)writers * valuesPerWriter, total.TotalCount);
        Assert.Equal(0, writersThatTimedOut);
        Assert.True(intervals >= 3);
        var expected = new HdrHistogram(1, 3_600_000_000, 3);
        for (int w = 0; w < writers; w++)
            for (int i = 0; i < valuesPerWriter; i++) expected.RecordValue(1 + (i % 5000) + w);
        HistogramAssert.SameCounts(expected, total);
    }

    [Fact]
    public void No_writer_touches_an_interval_histogram_after_it_was_handed_out()
    {
        const int writers = 6;
        const int valuesPerWriter = 100_000;
        var recorder = new Recorder(1, 3_600_000_000, 3);
        using var start = new Barrier(writers + 1);
        int finished = 0;
        var threads = Enumerable.Range(0, writers).Select(w => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < valuesPerWriter; i++) recorder.RecordValue(i % 1000);
            Interlocked.Increment(ref finished);
        })).ToList();
        threads.ForEach(t => t.Start());
        start.SignalAndWait(TestContext.Current.CancellationToken);

        // Keep every interval with the total it had when handed out: a late write would change it afterwards.
        var handedOut = new List<(HdrHistogram Interval, long TotalAtHandOut)>();
        while (Volatile.Read(ref finished) < writers)
        {
            HdrHistogram interval = recorder.GetIntervalHistogram();
            handedOut.Add((interval, interval.TotalCount));
        }
        threads.ForEach(t => t.Join());
        HdrHistogram last = recorder.GetIntervalHistogram();
        handedOut.Add((last, last.TotalCount));

        Assert.All(handedOut, h => Assert.Equal(h.TotalAtHandOut, h.Interval.TotalCount));
        Assert.Equal((long)writers * valuesPerWriter, handedOut.Sum(h => h.TotalAtHandOut));
    }

    [Fact]
    public void Each_interval_holds_only_what_was_recorded_since_the_previous_one()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000));
        var recorder = new Recorder(1, 1_000_000, 3, clock);
        recorder.RecordValue(10);
        recorder.RecordValue(20);
        clock.Advance(TimeSpan.FromSeconds(1));
        HdrHistogram first = recorder.GetIntervalHistogram();
        recorder.RecordValueWithExpectedInterval(300, 100);
        recorder.RecordValue(2_000_000_000);
        clock.Advance(TimeSpan.FromSeconds(1));
        HdrHistogram second = recorder.GetIntervalHistogram(histogramToRecycle: null);

        Assert.Equal(2, first.TotalCount);
        Assert.Equal((1_000_000L, 1_001_000L), (first.StartTimeStampMsec, first.EndTimeStampMsec));
        Assert.Equal(3, second.TotalCount); // 300, 200, 100
        Assert.Equal(1, second.OutOfRangeCount);
        Assert.Equal((1_001_000L, 1_002_000L), (second.StartTimeStampMsec, second.EndTimeStampMsec));
    }

    [Fact]
    public void Recycling_the_previous_interval_allocates_nothing_on_the_reader()
    {
        var recorder = new Recorder(1, 3_600_000_000, 3);
        HdrHistogram recycled = recorder.GetIntervalHistogram();
        recycled = recorder.GetIntervalHistogram(recycled);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            recorder.RecordValue(i);
            recycled = recorder.GetIntervalHistogram(recycled);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1, recycled.TotalCount);
    }

    [Fact]
    public void Recycling_a_histogram_of_another_layout_is_rejected()
    {
        var recorder = new Recorder(1, 3_600_000_000, 3);
        var error = Assert.Throws<ArgumentException>(() => recorder.GetIntervalHistogram(new HdrHistogram(1, 3_600_000_000, 2)));
        Assert.Equal("histogramToRecycle", error.ParamName);
    }
}
