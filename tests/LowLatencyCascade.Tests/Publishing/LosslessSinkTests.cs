using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Publishing;
using Xunit;
using LowLatencyCascade.Testing;

namespace LowLatencyCascade.Tests.Publishing;

/// <summary>Replay's local sinks are lossless: a stalled sink slows the replay down instead of losing signals.</summary>
public class LosslessSinkTests
{
    private const int Signals = 200;

    [Fact]
    public async Task A_lossless_sink_holds_the_publisher_until_it_has_room_and_receives_every_signal_in_order()
    {
        var symbols = SymbolTable.Of("BTCUSDT");
        using var gate = new ManualResetEventSlim(false);
        var sink = new RecordingSignalSink { Gate = gate };
        using var runner = new SinkRunner(sink, queueCapacity: 8) { Lossless = true };
        runner.Start();
        var stage = new PublishStage(new TestSignalEncoder(symbols), [runner]);
        long offered = 0;
        var producer = Task.Factory.StartNew(() =>
        {
            for (int i = 0; i < Signals; i++)
            {
                var slot = SignalSlots.Signal(0, SignalLevel.Alert, 0.6, SignalSlots.BaseTimeMs + i);
                stage.OnEvent(ref slot, i, endOfBatch: true);
                Interlocked.Increment(ref offered);
            }
        }, TaskCreationOptions.LongRunning);

        // With the sink stalled, the publisher gets at most a queue's worth (plus the message the sink holds) ahead.
        await Eventually.HoldsAsync(() => runner.Queue.Count == 8, TimeSpan.FromSeconds(30), "queue full");
        Assert.False(producer.IsCompleted);
        Assert.InRange(Interlocked.Read(ref offered), 8, 9);
        gate.Set();
        await producer.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.True(runner.WaitUntilDrained(TimeSpan.FromSeconds(30)));
        var writes = sink.Calls.Where(c => c.StartsWith("write", StringComparison.Ordinal)).ToList();
        Assert.Equal(Signals, writes.Count);
        Assert.Equal(0, runner.Stats.DroppedQueueFull);
        Assert.Equal(Signals, runner.Queue.Enqueued);
    }

    [Fact]
    public void A_live_sink_behind_drops_and_counts_instead_of_waiting()
    {
        var symbols = SymbolTable.Of("BTCUSDT");
        using var gate = new ManualResetEventSlim(false);
        var sink = new RecordingSignalSink { Gate = gate };
        using var runner = new SinkRunner(sink, queueCapacity: 8);
        runner.Start();
        var stage = new PublishStage(new TestSignalEncoder(symbols), [runner]);
        for (int i = 0; i < Signals; i++)
        {
            var slot = SignalSlots.Signal(0, SignalLevel.Alert, 0.6, SignalSlots.BaseTimeMs + i);
            stage.OnEvent(ref slot, i, endOfBatch: true);
        }
        gate.Set();
        Assert.True(runner.WaitUntilDrained(TimeSpan.FromSeconds(30)));
        Assert.InRange(runner.Stats.DroppedQueueFull, Signals - 9, Signals - 8);
    }
}

public class InMemorySignalSinkTests
{
    [Fact]
    public void Once_every_entry_has_held_a_signal_writing_allocates_nothing_even_as_sizes_vary()
    {
        var sink = new InMemorySignalSink(capacity: 64);
        var json = new byte[900];
        long seq = 0;
        void Write(int length) => sink.Write(new SignalMessage(json.AsSpan(0, length), 0, SignalLevel.Alert, 0.6, seq++));
        for (int i = 0; i < 128; i++) Write(400 + i % 3 * 200);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++) Write(500 + i * 7 % 400);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(10_128, sink.Count);
    }
}
