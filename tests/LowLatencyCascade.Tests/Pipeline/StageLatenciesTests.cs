using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Latency;
using LowLatencyCascade.Engine.Pipeline;
using Xunit;

namespace LowLatencyCascade.Tests.Pipeline;

public class StageLatenciesTests
{
    private static MarketEvent Slot(long ingress, bool signal)
    {
        var e = new MarketEvent();
        e.Stamps = new StageStamps { Ingress = ingress, Decoded = ingress + 100, Velocity = ingress + 200, Volatility = ingress + 250, Regime = ingress + 300, Scored = ingress + 400, Published = signal ? ingress + 900 : 0 };
        e.Signal.Generated = signal;
        return e;
    }

    [Fact]
    public void Every_stage_is_measured_from_its_upstream_stamp_and_end_to_end_ends_at_publish_for_signals()
    {
        var latencies = new StageLatencies();
        for (int i = 0; i < 10; i++) { var e = Slot(1_000_000 + i, signal: i % 2 == 0); latencies.Record(ref e); }
        var h = latencies.Cumulative();
        Assert.All(h.Where((_, i) => i != StageLatencies.Publish), x => Assert.Equal(10, x.TotalCount));
        Assert.Equal(5, h[StageLatencies.Publish].TotalCount);
        Assert.Equal(5, h[StageLatencies.EndToEnd].GetCountAtValue(h[StageLatencies.EndToEnd].GetMaxValue()));
        Assert.True(h[StageLatencies.EndToEnd].GetMaxValue() > h[StageLatencies.EndToEnd].GetMinValue());
    }

    [Fact]
    public void Periodic_readers_copy_the_cumulative_histograms_without_allocating()
    {
        var latencies = new StageLatencies();
        var target = StageLatencies.Names.Select(_ => new HdrHistogram(1, StageLatencies.HighestTrackableNanos, 3)).ToArray();
        var e = Slot(5_000_000, signal: true);
        latencies.Record(ref e);
        latencies.CopyCumulativeInto(target); // first call sets up the recorders' recycled interval histograms
        latencies.Record(ref e);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) { latencies.Record(ref e); latencies.CopyCumulativeInto(target); }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(22, target[StageLatencies.EndToEnd].TotalCount);
    }

    [Fact]
    public async Task Intervals_taken_while_the_writer_records_lose_and_repeat_nothing()
    {
        var latencies = new StageLatencies();
        const int Slots = 2_000_000;
        var intervals = StageLatencies.Names.Select(_ => new HdrHistogram(1, StageLatencies.HighestTrackableNanos, 3)).ToArray();
        var seen = new long[StageLatencies.Names.Length];
        int swaps = 0;
        var writer = Task.Factory.StartNew(() =>
        {
            for (int i = 0; i < Slots; i++) { var e = Slot(1_000_000 + i, signal: i % 4 == 0); latencies.Record(ref e); }
        }, TaskCreationOptions.LongRunning);
        while (!writer.IsCompleted)
        {
            latencies.TakeIntervals(intervals);
            for (int k = 0; k < seen.Length; k++) seen[k] += intervals[k].TotalCount;
            swaps++;
        }
        await writer;
        latencies.TakeIntervals(intervals);
        for (int k = 0; k < seen.Length; k++) seen[k] += intervals[k].TotalCount;

        Assert.True(swaps > 10, $"only {swaps} swaps happened while the writer ran");
        Assert.Equal(Slots, seen[StageLatencies.EndToEnd]);
        Assert.Equal(Slots / 4, seen[StageLatencies.Publish]);
        var cumulative = latencies.Cumulative();
        Assert.Equal(Slots, cumulative[StageLatencies.Decode].TotalCount);
        Assert.Equal(Slots / 4, cumulative[StageLatencies.Publish].TotalCount);
    }
}
