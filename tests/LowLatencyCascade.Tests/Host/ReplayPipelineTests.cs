using LowLatencyCascade.Hosting;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Capture;
using Xunit;

namespace LowLatencyCascade.Tests.Host;

/// <summary>Replays through the real pipeline (ring, stage threads, sinks): determinism, speed independence, nothing lost.</summary>
[Collection(HostCollection.Name)]
public class ReplayPipelineTests(ScenarioFixture scenario)
{
    private async Task<(ReplayResult Result, string[] Signals)> ReplayAsync(string topology, double speed = 0, CancellationToken ct = default, Action<PipelineHost>? started = null)
    {
        string output = Path.Combine(scenario.Directory, $"signals-{Guid.NewGuid():N}.jsonl");
        var settings = ScenarioFixture.Settings(("Pipeline:Topology", topology));
        var result = await ReplayRun.RunAsync(settings, [scenario.CaptureDirectory], new HostRunOptions { SignalsOut = output },
            new CaptureReplayOptions { Speed = speed }, started, ct);
        var lines = File.ReadAllLines(output);
        File.Delete(output);
        return (result, lines);
    }

    private static string WithoutTiming(string json) =>
        System.Text.RegularExpressions.Regex.Replace(json, "\"processing_time_ms\":[^,}]*", "\"processing_time_ms\":0");

    [Fact]
    public async Task Two_replays_give_identical_signals_whatever_the_thread_layout()
    {
        var (first, a) = await ReplayAsync("fused", ct: TestContext.Current.CancellationToken);
        var (_, b) = await ReplayAsync("per-stage", ct: TestContext.Current.CancellationToken);
        Assert.True(a.Length > 100, $"only {a.Length} signals");
        Assert.Equal(a.Select(WithoutTiming), b.Select(WithoutTiming));
        Assert.Contains(a, l => l.Contains("\"signal\":\"ALERT\"", StringComparison.Ordinal) || l.Contains("\"signal\":\"CRITICAL\"", StringComparison.Ordinal));
        Assert.Equal(first.PublishedSlots, first.ObservedSlots);
    }

    [Fact]
    public async Task A_replay_at_N_times_real_time_gives_the_same_signals_as_full_speed()
    {
        var (_, fast) = await ReplayAsync("fused", ct: TestContext.Current.CancellationToken);
        // 3 minutes of market at 90x real time: two seconds of pacing with the replayer's precise waits.
        var (paced, slow) = await ReplayAsync("fused", speed: 90, ct: TestContext.Current.CancellationToken);
        Assert.False(paced.Capture.Cancelled);
        Assert.Equal(fast.Select(WithoutTiming), slow.Select(WithoutTiming));
    }

    [Fact]
    public async Task Every_frame_is_accounted_for_and_every_published_slot_reaches_the_last_stage()
    {
        var (r, signals) = await ReplayAsync("split", ct: TestContext.Current.CancellationToken);
        Assert.Equal(scenario.Result.Frames, r.Frames.Frames);
        Assert.Equal(r.Frames.Frames, r.Frames.EventFrames + r.Frames.Control + r.Frames.Rejected);
        Assert.Equal(r.Frames.Events + r.Frames.Rejected + r.Gaps, r.PublishedSlots);
        Assert.Equal(r.PublishedSlots, r.ObservedSlots);
        Assert.Equal(signals.Length, r.SignalsByLevel.Sum());
        Assert.Equal(r.PublishedSlots, r.Latencies[Engine.Pipeline.StageLatencies.Decode].TotalCount);
    }

    [Fact]
    public async Task A_stop_in_the_middle_drains_the_ring_and_flushes_the_signals_file()
    {
        using var stop = new CancellationTokenSource();
        PipelineHost? running = null;
        var replay = ReplayAsync("per-stage", speed: 20, stop.Token, host => running = host);
        // Stop once the pipeline has demonstrably produced signals, mid-replay (20x: the full market takes 9 s).
        await Eventually.HoldsAsync(() => running is { } h && h.Observer.Stats.SignalsGenerated > 50, TimeSpan.FromSeconds(60), "the replay produced signals");
        stop.Cancel();
        var (r, signals) = await replay;
        Assert.True(r.Capture.Cancelled);
        Assert.True(r.Frames.Frames < scenario.Result.Frames);
        Assert.Equal(r.PublishedSlots, r.ObservedSlots);
        Assert.Equal(r.SignalsByLevel.Sum(), signals.Length);
        Assert.All(r.Sinks, s => Assert.Equal(0, s.NotDelivered));
    }

    [Fact]
    public async Task A_corrupt_capture_line_is_reported_counted_and_accounted_as_a_rejected_slot()
    {
        string dir = Path.Combine(scenario.Directory, $"bad-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        string file = Path.Combine(dir, "binance-futures.ndjson");
        File.WriteAllLines(file,
        [
            "2025-01-27T16:00:00.0000000Z {\"stream\":\"btcusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1737993600000,\"s\":\"BTCUSDT\",\"a\":1,\"p\":\"100000.0\",\"q\":\"0.5\",\"f\":1,\"l\":1,\"T\":1737993600000,\"m\":false}}",
            "this line has no timestamp",
            "2025-01-27T16:00:01.0000000Z {\"stream\":\"btcusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1737993601000,\"s\":\"BTCUSDT\",\"a\":2,\"p\":\"not-a-number\",\"q\":\"0.5\",\"f\":2,\"l\":2,\"T\":1737993601000,\"m\":true}}",
        ]);
        var settings = ScenarioFixture.Settings();
        var r = await ReplayRun.RunAsync(settings, [dir], new HostRunOptions(), new CaptureReplayOptions(), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Contains(r.Issues, i => i.Line == 2 && i.File.EndsWith("binance-futures.ndjson", StringComparison.Ordinal));
        Assert.Equal(1, r.Frames.RejectedFor(RejectReason.BadCaptureLine));
        Assert.Equal(1, r.Frames.RejectedFor(RejectReason.BadNumber));
        Assert.Equal(3, r.Frames.Frames);
        Assert.Equal(r.PublishedSlots, r.ObservedSlots);
    }
}
