using System.Text;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Publishing;
using Xunit;
using LowLatencyCascade.Testing;

namespace LowLatencyCascade.Tests.Publishing;

public class PublishStageTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void Generated_signals_reach_every_sink_and_other_slots_do_not()
    {
        var symbols = SymbolTable.Of("BTCUSDT", "ETHUSDT");
        var a = new InMemorySignalSink(name: "a");
        var b = new InMemorySignalSink(name: "b");
        using var ra = new SinkRunner(a);
        using var rb = new SinkRunner(b);
        ra.Start(); rb.Start();
        var stage = new PublishStage(new TestSignalEncoder(symbols), [ra, rb]);

        var levels = new[] { SignalLevel.Watch, SignalLevel.Alert, SignalLevel.Critical, SignalLevel.Alert };
        long seq = 0;
        foreach (var level in levels)
        {
            var slot = SignalSlots.Signal(1, level, SignalSlots.ProbabilityFor(level), SignalSlots.BaseTimeMs + seq);
            stage.OnEvent(ref slot, seq++, endOfBatch: true);
            Assert.NotEqual(0, slot.Stamps.Published);
            var quiet = SignalSlots.Signal(0, level, 0.9, SignalSlots.BaseTimeMs + seq);
            quiet.Signal.Generated = false;
            stage.OnEvent(ref quiet, seq++, endOfBatch: true);
            Assert.Equal(0, quiet.Stamps.Published);
        }

        Assert.True(ra.WaitUntilDrained(Timeout) && rb.WaitUntilDrained(Timeout));
        foreach (var sink in new[] { a, b })
        {
            var got = sink.Snapshot();
            Assert.Equal(levels, got.Select(s => s.Level));
            Assert.All(got, s => Assert.Equal(1, s.SymbolId));
            Assert.All(got, s => Assert.Contains("\"symbol\":\"ETHUSDT\"", s.JsonText));
            Assert.All(got, s => Assert.Empty(SignalJsonSchema.Violations(s.JsonText)));
        }
        Assert.Equal(4, stage.Published);
        Assert.Equal(2, stage.PublishedAt(SignalLevel.Alert));
        Assert.Equal(1, stage.PublishedAt(SignalLevel.Critical));
        Assert.Equal(0, stage.PublishedAt(SignalLevel.Extreme));
    }

    [Fact]
    public void A_stalled_sink_costs_its_own_drops_and_never_blocks_the_stage_or_the_other_sinks()
    {
        var symbols = SymbolTable.Of("BTCUSDT");
        using var gate = new ManualResetEventSlim(false);
        var stalled = new RecordingSignalSink { Gate = gate };
        var healthy = new InMemorySignalSink(capacity: 1024);
        using var stalledRunner = new SinkRunner(stalled, queueCapacity: 8);
        using var healthyRunner = new SinkRunner(healthy, queueCapacity: 1024);
        stalledRunner.Start(); healthyRunner.Start();
        var stage = new PublishStage(new TestSignalEncoder(symbols), [stalledRunner, healthyRunner]);

        const int count = 500;
        for (int i = 0; i < count; i++)
        {
            var slot = SignalSlots.Signal(0, SignalLevel.Alert, 0.6, SignalSlots.BaseTimeMs + i);
            stage.OnEvent(ref slot, i, endOfBatch: true);
        }
        Assert.Equal(count, stage.Published);
        Assert.True(healthyRunner.WaitUntilDrained(Timeout));
        Assert.Equal(count, healthy.Count);
        Assert.Equal(0, healthyRunner.Stats.DroppedQueueFull);

        // The stalled sink's thread holds at most one message plus a full queue; the rest were dropped and counted.
        var stalledStats = stalledRunner.Stats;
        Assert.InRange(stalledStats.DroppedQueueFull, count - 9, count - 8);
        gate.Set();
        Assert.True(stalledRunner.WaitUntilDrained(Timeout));
        Assert.Equal(count, stalledRunner.Stats.Processed + stalledRunner.Stats.DroppedQueueFull);
    }

    [Fact]
    public void An_encoder_failure_is_counted_and_the_next_signal_still_goes_out()
    {
        var sink = new InMemorySignalSink();
        using var runner = new SinkRunner(sink);
        runner.Start();
        var stage = new PublishStage(new FailingOnceEncoder(), [runner]);
        var first = SignalSlots.Signal(0, SignalLevel.Alert, 0.6, SignalSlots.BaseTimeMs);
        var second = SignalSlots.Signal(0, SignalLevel.Alert, 0.6, SignalSlots.BaseTimeMs + 1);
        stage.OnEvent(ref first, 0, true);
        stage.OnEvent(ref second, 1, true);
        Assert.Equal(1, stage.EncodeErrors);
        Assert.Contains("encoder broke", stage.LastEncodeError);
        Assert.Equal(1, stage.Published);
        Assert.True(runner.WaitUntilDrained(Timeout));
        Assert.Equal(SignalSlots.BaseTimeMs + 1, Assert.Single(sink.Snapshot()).EventTimeMs);
    }

    [Fact]
    public void Without_sinks_signals_are_counted_and_stamped_but_not_encoded()
    {
        var encoder = new CountingEncoder();
        var stage = new PublishStage(encoder, []);
        var signal = SignalSlots.Signal(0, SignalLevel.Critical, 0.8, SignalSlots.BaseTimeMs);
        var quiet = SignalSlots.Signal(0, SignalLevel.None, 0.1, SignalSlots.BaseTimeMs + 1);
        quiet.Signal.Generated = false;
        stage.OnEvent(ref signal, 0, false);
        stage.OnEvent(ref quiet, 1, true);
        Assert.Equal(0, encoder.Calls);
        Assert.Equal(1, stage.Published);
        Assert.Equal(1, stage.PublishedAt(SignalLevel.Critical));
        Assert.NotEqual(0, signal.Stamps.Published);
        Assert.Equal(0, quiet.Stamps.Published);

        var withSink = new PublishStage(encoder, [new SinkRunner(new InMemorySignalSink())]);
        withSink.OnEvent(ref signal, 0, true);
        Assert.Equal(1, encoder.Calls);
    }

    private sealed class CountingEncoder : ISignalEncoder
    {
        public int Calls;

        public ReadOnlySpan<byte> Encode(ref MarketEvent slot)
        {
            Calls++;
            return "{}"u8;
        }
    }

    [Fact]
    public void The_hand_off_allocates_nothing_per_signal()
    {
        var symbols = SymbolTable.Of("BTCUSDT", "ETHUSDT");
        var a = new InMemorySignalSink(capacity: 64);
        var b = new InMemorySignalSink(capacity: 64);
        using var ra = new SinkRunner(a, queueCapacity: 256);
        using var rb = new SinkRunner(b, queueCapacity: 256);
        ra.Start(); rb.Start();
        var stage = new PublishStage(new TestSignalEncoder(symbols), [ra, rb]);
        var slots = new MarketEvent[64];
        for (int i = 0; i < slots.Length; i++) slots[i] = SignalSlots.Signal(i & 1, (SignalLevel)(1 + i % 4), 0.5, SignalSlots.BaseTimeMs + i);

        for (int i = 0; i < 5_000; i++) stage.OnEvent(ref slots[i & 63], i, (i & 7) == 7); // warm-up: JIT, tiering
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20_000; i++) stage.OnEvent(ref slots[i & 63], i, (i & 7) == 7);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(25_000, stage.Published);
    }

    private sealed class FailingOnceEncoder : ISignalEncoder
    {
        private bool _failed;

        public ReadOnlySpan<byte> Encode(ref MarketEvent slot)
        {
            if (!_failed) { _failed = true; throw new InvalidOperationException("encoder broke"); }
            return Encoding.UTF8.GetBytes($"{{\"t\":{slot.EventTimeMs}}}");
        }
    }
}
