using LowLatencyCascade.Engine.Ring;
using Xunit;

namespace LowLatencyCascade.Tests.Ring;

[Collection(RingThreadsCollection.Name)]
public sealed class StageExceptionTests
{
    [Fact]
    public void AThrowingHandlerIsCountedAndLoggedOncePerNAndItsStageAndDownstreamKeepGoing()
    {
        var ring = RingBuffer<long>.CreateSingleProducer(64, new YieldingWaitStrategy());
        var lines = new List<string>();
        var flaky = new FlakyStage();
        var counting = new CountingExceptionHandler<long>("flaky", lines.Add, logEvery: 30);
        var downstream = new RecordingStage();
        var graph = new StageGraph<long>(ring);
        graph.HandleEventsWith(new StageOptions("flaky"), flaky, counting).Then(new StageOptions("after"), downstream);
        graph.Start();

        const long Events = 1_000;
        for (long i = 0; i < Events; i++) ring.Publish(ring.Next());
        graph.Halt(TimeSpan.FromSeconds(60));

        Assert.Equal(Events, flaky.Calls);
        Assert.True(flaky.Thrown > 0);
        Assert.Equal(flaky.Thrown, counting.Count);
        Assert.Equal(flaky.Thrown, graph.ExceptionCount);
        Assert.Equal(flaky.Thrown, graph.Stages[0].ExceptionCount);
        Assert.Equal(0, graph.Stages[1].ExceptionCount);
        Assert.Equal((flaky.Thrown + 29) / 30, lines.Count);
        Assert.Contains("stage 'flaky'", lines[0]);
        Assert.Contains("at sequence 3 ", lines[0]);
        Assert.Contains("InvalidOperationException", lines[0]);

        Assert.Null(downstream.Failure);
        Assert.Equal(Events, downstream.Seen);
        Assert.Equal(Events - 1, graph.Stages[0].Sequence.Value);
    }

    [Fact]
    public void TheGraphsDefaultExceptionHandlerLogsThroughTheGraphsLog()
    {
        var ring = RingBuffer<long>.CreateSingleProducer(64, new YieldingWaitStrategy());
        var lines = new List<string>();
        var flaky = new FlakyStage();
        var graph = new StageGraph<long>(ring, lines.Add);
        graph.HandleEventsWith(new StageOptions("velocity"), flaky);
        graph.Start();
        for (long i = 0; i < 20; i++) ring.Publish(ring.Next());
        graph.Halt(TimeSpan.FromSeconds(60));

        Assert.Equal(flaky.Thrown, graph.ExceptionCount);
        Assert.Single(lines);
        Assert.Contains("stage 'velocity'", lines[0]);
    }

    /// <summary>Throws on every tenth sequence, starting at 3.</summary>
    private sealed class FlakyStage : IEventHandler<long>
    {
        public long Calls { get; private set; }

        public long Thrown { get; private set; }

        public void OnEvent(ref long evt, long sequence, bool endOfBatch)
        {
            Calls++;
            if (sequence % 10 != 3) return;
            Thrown++;
            throw new InvalidOperationException($"cannot handle sequence {sequence}");
        }
    }
}
