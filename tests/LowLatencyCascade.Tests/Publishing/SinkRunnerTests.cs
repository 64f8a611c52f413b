using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Publishing;
using Xunit;
using LowLatencyCascade.Testing;

namespace LowLatencyCascade.Tests.Publishing;

public class SinkRunnerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void Flush_is_called_once_at_the_end_of_each_drained_batch()
    {
        var sink = new RecordingSignalSink();
        using var runner = new SinkRunner(sink, queueCapacity: 16, maxMessageBytes: 64, maxBatch: 4);
        for (int i = 0; i < 10; i++) runner.Queue.TryEnqueue(System.Text.Encoding.UTF8.GetBytes(i.ToString()), 0, SignalLevel.Alert, 0.5, i);
        runner.Start();
        Assert.True(runner.WaitUntilDrained(Timeout));
        var expected = new List<string>();
        for (int i = 0; i < 10; i++)
        {
            expected.Add($"write {i}");
            if (i % 4 == 3 || i == 9) expected.Add("flush");
        }
        Assert.Equal(expected, sink.Calls);
        Assert.Equal(10, runner.Stats.Processed);
    }

    [Fact]
    public void A_throwing_sink_is_counted_and_the_runner_keeps_going()
    {
        var sink = new RecordingSignalSink { ThrowOn = t => t % 3 == 0 };
        using var runner = new SinkRunner(sink, queueCapacity: 64, maxMessageBytes: 64);
        runner.Start();
        for (int i = 0; i < 30; i++) runner.Queue.TryEnqueue("{}"u8, 0, SignalLevel.Alert, 0.5, i);
        Assert.True(runner.WaitUntilDrained(Timeout));
        var stats = runner.Stats;
        Assert.Equal(30, stats.Processed);
        Assert.Equal(10, stats.Errors);
        Assert.Equal(20, stats.Delivered);
        Assert.Contains("refused", stats.LastError);
        Assert.Equal(10, stats.NotDelivered);
    }

    [Fact]
    public void Dispose_writes_what_was_already_queued()
    {
        var sink = new InMemorySignalSink();
        var runner = new SinkRunner(sink, queueCapacity: 64, maxMessageBytes: 64);
        runner.Start();
        for (int i = 0; i < 40; i++) runner.Queue.TryEnqueue("{}"u8, 0, SignalLevel.Watch, 0.4, i);
        runner.Dispose();
        Assert.Equal(40, sink.Count);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i), sink.Snapshot().Select(s => s.EventTimeMs));
    }
}
