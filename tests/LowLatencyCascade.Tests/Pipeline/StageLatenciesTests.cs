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
    public void The_final_read_returns_the_cumulative_histograms_without_copies_or_double_counting()
    {
        var latencies = new StageLatencies();
        var target = StageLatencies.Names.Select(_ => new HdrHistogram(1, StageLatencies.HighestTrackableNanos, 3)).ToArray();
        for (int i = 0; i < 6; i++) { var e = Slot(2_000_000 + i, signal: true); latencies.Record(ref e); }
        latencies.CopyCumulativeInto(target);   // a dashboard read during the run
        for (int i = 0; i < 4; i++) { var e = Slot(3_000_000 + i, signal: false); latencies.Record(ref e); }

        var final = latencies.Final();
        Assert.Equal(10, final[StageLatencies.EndToEnd].TotalCount);
        Assert.Equal(6, final[StageLatencies.Publish].TotalCount);
        Assert.Same(final, latencies.Final());          // the same histograms, not copies
        Assert.Equal(10, final[StageLatencies.EndToEnd].TotalCount);
        latencies.CopyCumulativeInto(target);           // a read after the end adds nothing to them
        Assert.Equal(10, final[StageLatencies.EndToEnd].TotalCount);
        Assert.Equal(10, target[StageLatencies.EndToEnd].TotalCount);
        Assert.Equal(latencies.Cumulative()[StageLatencies.Service].GetValueAtPercentile(99), final[StageLatencies.Service].GetValueAtPercentile(99));
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

public class StageServiceTimeTests
{
    private static long Value(HdrHistogram h) => h.GetMaxValue();

    [Fact]
    public void A_fused_thread_splits_a_slots_time_into_decode_service_and_the_wait_before_pick_up()
    {
        // Frequency-independent: feed stamps in Stopwatch ticks and compare ratios of the recorded values.
        var latencies = new StageLatencies();
        var e = new MarketEvent();
        long t = 10_000_000;
        e.Stamps = new StageStamps
        {
            Ingress = t, Decoded = t + 100, VelocityStart = t + 10_100, // waited 10,000 ticks in the ring
            Velocity = t + 10_300, Volatility = t + 10_400, Regime = t + 10_500, Scored = t + 10_700, Published = t + 11_100,
        };
        e.Signal.Generated = true;
        latencies.Record(ref e);
        var h = latencies.Cumulative();
        double unit = Value(h[StageLatencies.Decode]) / 100.0; // nanoseconds per tick, as recorded
        Assert.InRange(Value(h[StageLatencies.Velocity]) / unit, 199, 201);
        Assert.InRange(Value(h[StageLatencies.Volatility]) / unit, 99, 101);
        Assert.InRange(Value(h[StageLatencies.Scoring]) / unit, 199, 201);
        Assert.InRange(Value(h[StageLatencies.Publish]) / unit, 399, 401);
        Assert.InRange(Value(h[StageLatencies.Service]) / unit, 997, 1003);
        Assert.InRange(Value(h[StageLatencies.Backlog]) / unit, 9_950, 10_050);
        Assert.InRange(Value(h[StageLatencies.EndToEnd]) / unit, 11_050, 11_150);
    }

    [Fact]
    public void Parallel_branches_count_only_the_one_the_join_waited_for()
    {
        var latencies = new StageLatencies();
        var e = new MarketEvent();
        long t = 10_000_000;
        e.Stamps = new StageStamps
        {
            Ingress = t, Decoded = t + 100,
            VelocityStart = t + 200, Velocity = t + 300,            // 100 of service
            VolatilityStart = t + 1_100, Volatility = t + 1_600,     // 500 of service, finishes last
            RegimeStart = t + 2_600, Regime = t + 2_700, Scored = t + 2_800,
        };
        latencies.Record(ref e);
        var h = latencies.Cumulative();
        double unit = Value(h[StageLatencies.Decode]) / 100.0;
        Assert.InRange(Value(h[StageLatencies.Service]) / unit, 697, 703); // 500 + 100 + 100
        Assert.InRange(Value(h[StageLatencies.Backlog]) / unit, 1_995, 2_005); // 1000 before volatility + 1000 before regime
        Assert.Equal(0, h[StageLatencies.Publish].TotalCount);
    }

    [Fact]
    public void Chained_stages_on_threads_of_their_own_count_both_branches()
    {
        var latencies = new StageLatencies(chained: true);
        var e = new MarketEvent();
        long t = 10_000_000;
        e.Stamps = new StageStamps
        {
            Ingress = t, Decoded = t + 100, VelocityStart = t + 200, Velocity = t + 300,
            VolatilityStart = t + 400, Volatility = t + 600, RegimeStart = t + 700, Regime = t + 800, ScoringStart = t + 900, Scored = t + 1_000,
        };
        latencies.Record(ref e);
        var h = latencies.Cumulative();
        double unit = Value(h[StageLatencies.Decode]) / 100.0;
        Assert.InRange(Value(h[StageLatencies.Service]) / unit, 497, 503); // 100 + 200 + 100 + 100
        Assert.InRange(Value(h[StageLatencies.Backlog]) / unit, 397, 403); // four waits of 100
    }
}
