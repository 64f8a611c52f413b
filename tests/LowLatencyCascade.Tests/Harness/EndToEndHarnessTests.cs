using LowLatencyCascade.Hosting.Harness;
using LowLatencyCascade.Engine.Pipeline;
using Xunit;

namespace LowLatencyCascade.Tests.Harness;

[Collection(HarnessCollection.Name)]
public sealed class EndToEndHarnessTests(HarnessCorpusFixture fixture)
{
    [Fact]
    public void A_paced_run_sends_every_frame_it_is_due_to_send()
    {
        int due = HarnessCorpusFixture.Settings.FramesFor(HarnessCorpusFixture.Rate);
        Assert.True(fixture.Corpus.Count >= due, $"the corpus holds {fixture.Corpus.Count} frames, fewer than the {due} due");
        Assert.Equal(due, fixture.Ring.FramesSent);
        Assert.Equal(0, fixture.Ring.FramesUnsent);
        Assert.Equal(0, fixture.Ring.FramesRejected);
    }

    [Fact]
    public void Every_decoded_event_is_measured_end_to_end_and_at_every_stage()
    {
        var run = fixture.Ring;
        Assert.True(run.EventsDecoded >= run.FramesSent, "a frame decodes to at least one event");
        Assert.Equal(run.EventsDecoded, run.Stages[StageLatencies.EndToEnd].TotalCount);
        foreach (int stage in new[] { StageLatencies.Decode, StageLatencies.Velocity, StageLatencies.Volatility, StageLatencies.Regime, StageLatencies.Scoring })
            Assert.Equal(run.EventsDecoded, run.Stages[stage].TotalCount);
        // Only slots that carry a signal go through the publish hand-off.
        Assert.Equal(run.SignalsPublished, run.Stages[StageLatencies.Publish].TotalCount);
        Assert.True(run.SignalsPublished > 0, "the synthetic market produces signals");
    }

    [Fact]
    public async Task The_floor_run_sends_the_same_frames_through_the_ring_to_a_consumer_that_only_stamps_and_every_layout_is_quoted_over_it()
    {
        var floor = await EndToEndHarness.RunAsync(fixture.Corpus, RunSpec.ForFloor("yielding", HarnessCorpusFixture.Rate), HarnessCorpusFixture.Settings, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("floor-8k", floor.Spec.Name);
        Assert.Equal(fixture.Ring.FramesSent, floor.FramesSent);
        Assert.Equal(fixture.Ring.EventsDecoded, floor.EventsDecoded);
        Assert.Equal(floor.EventsDecoded, floor.Stages[StageLatencies.EndToEnd].TotalCount);
        Assert.Equal(floor.EventsDecoded, floor.Stages[StageLatencies.Backlog].TotalCount);
        // No model, no publishing: only the stamp.
        Assert.Equal(0, floor.Stages[StageLatencies.Velocity].TotalCount);
        Assert.Equal(0, floor.Stages[StageLatencies.Publish].TotalCount);
        Assert.Equal(0, floor.SignalsPublished);

        var report = new HarnessReport(new HarnessEnvironment(DateTimeOffset.UtcNow, HarnessCorpusFixture.Settings, "test", fixture.Corpus.Count, "test"),
            [floor, fixture.Ring, fixture.Channels]);
        string table = report.FloorRatioTable();
        Assert.Contains("floor-8k", table, StringComparison.Ordinal);
        Assert.Contains("fused/yielding", table, StringComparison.Ordinal);
        Assert.Contains("channels", table, StringComparison.Ordinal);
        var json = System.Text.Json.Nodes.JsonNode.Parse(report.Json())!;
        var ratios = json["floor_ratios"]!.AsArray();
        Assert.Equal(2, ratios.Count);
        var ring = ratios.Single(r => (string?)r!["run"] == fixture.Ring.Spec.Name)!;
        double expected = fixture.Ring.Micros(StageLatencies.EndToEnd)[3] / floor.Micros(StageLatencies.EndToEnd)[3];
        Assert.Equal(Math.Round(expected, 3), (double)ring["run_over_floor"]!["p99.9"]!, 3);
        // The floor is no contender in the Channels table.
        Assert.DoesNotContain(json["ratios"]!.AsArray(), r => (string?)r!["run"] == floor.Spec.Name);
    }

    [Fact]
    public void The_channels_baseline_processes_the_same_events_and_signals_as_the_ring()
    {
        Assert.Equal(fixture.Ring.FramesSent, fixture.Channels.FramesSent);
        Assert.Equal(fixture.Ring.EventsDecoded, fixture.Channels.EventsDecoded);
        Assert.Equal(fixture.Ring.EndToEnd.TotalCount, fixture.Channels.EndToEnd.TotalCount);
        // Same frames, same order, same model: the same signals come out of both wirings.
        Assert.Equal(fixture.Ring.SignalsPublished, fixture.Channels.SignalsPublished);
    }

    [Fact]
    public void The_per_second_intervals_add_up_to_the_whole_window()
    {
        foreach (var run in new[] { fixture.Ring, fixture.Channels })
        {
            Assert.NotEmpty(run.Intervals);
            for (int stage = 0; stage < StageLatencies.Names.Length; stage++)
                Assert.Equal(run.Stages[stage].TotalCount, run.Intervals.Sum(i => i[stage].TotalCount));
        }
    }

    [Fact]
    public void Latencies_are_positive_and_ordered_by_percentile()
    {
        double[] e2e = fixture.Ring.Micros(StageLatencies.EndToEnd);
        Assert.True(e2e[0] > 0);
        for (int i = 1; i < e2e.Length; i++) Assert.True(e2e[i] >= e2e[i - 1], $"percentile {i} below the one before: {string.Join(", ", e2e)}");
        Assert.True(fixture.Ring.AchievedFramesPerSecond > 0);
        Assert.True(fixture.Ring.WindowSeconds > 0);
    }

    [Fact]
    public void Signals_are_paced_by_wall_clock_time_stretched_by_the_replays_speed_up()
    {
        var corpus = fixture.Corpus;
        Assert.True(corpus.FramesPerEventSecond > 0);
        var wall = new HarnessSettings();
        double speedUp = 100_000 / corpus.FramesPerEventSecond;
        Assert.Equal((int)Math.Round(100 * speedUp), wall.SignalIntervalMsFor(100_000, corpus));
        Assert.Equal(100, (wall with { WallClockSignalPacing = false }).SignalIntervalMsFor(100_000, corpus));
        Assert.Equal(wall.SignalIntervalMsFor(HarnessCorpusFixture.Rate, corpus), fixture.Ring.SignalIntervalMs);
    }

    [Fact]
    public void Every_published_signal_reaches_the_sink_behind_the_hand_off_or_is_counted_as_dropped()
    {
        foreach (var run in new[] { fixture.Ring, fixture.Channels })
        {
            Assert.True(run.SignalsDelivered > 0);
            Assert.Equal(run.SignalsPublished, run.SignalsDelivered + run.SignalsDropped);
        }
    }
}
