using LowLatencyCascade.Engine.Ring;
using Xunit;

namespace LowLatencyCascade.Tests.Ring;

[Collection(RingThreadsCollection.Name)]
public sealed class StageGraphHaltTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    // Busy-spinning stages only hand over when the scheduler preempts them, so that row runs fewer events.
    [Theory]
    [InlineData("busy-spin", 2_000)]
    [InlineData("yielding", 20_000)]
    [InlineData("sleeping", 20_000)]
    [InlineData("blocking", 20_000)]
    public void HaltDeliversEverythingPublishedBeforeItToEveryStageExactlyOnceThenStopsTheThreads(string strategy, long events)
    {
        var ring = RingBuffer<long>.CreateSingleProducer(256, WaitStrategies.Parse(strategy));
        var (graph, stages) = BuildDiamond(ring);
        graph.Start();

        for (long i = 0; i < events; i++)
        {
            long sequence = ring.Next();
            ring[sequence] = i;
            ring.Publish(sequence);
        }
        // No waiting for the stages: whatever is still in flight must be drained by Halt itself.
        graph.Halt(Generous);

        foreach (var stage in stages)
        {
            Assert.Null(stage.Failure);
            Assert.Equal(events, stage.Seen);
            Assert.True(stage.ShutDown.IsSet);
            Assert.False(stage.Thread!.IsAlive);
        }
    }

    [Theory]
    [InlineData("busy-spin")]
    [InlineData("yielding")]
    [InlineData("sleeping")]
    [InlineData("blocking")]
    public void HaltOfAnIdleGraphReturnsAndStopsEveryThread(string strategy)
    {
        var ring = RingBuffer<long>.CreateMultiProducer(64, WaitStrategies.Parse(strategy));
        var (graph, stages) = BuildDiamond(ring);
        graph.Start();
        foreach (var stage in stages) Assert.True(stage.Started.Wait(Generous, TestContext.Current.CancellationToken));

        // Every stage is now parked in its wait strategy (blocked on the monitor, for blocking), behind the
        // cursor or behind its upstream stages.
        graph.Halt(Generous);

        foreach (var stage in stages)
        {
            Assert.Equal(0, stage.Seen);
            Assert.False(stage.Thread!.IsAlive);
        }
    }

    [Fact]
    public void HaltThatCannotDrainStopsAnywayAndNamesTheLaggingStage()
    {
        var ring = RingBuffer<long>.CreateSingleProducer(16, new BlockingWaitStrategy());
        var release = new ManualResetEventSlim();
        var stuck = new StuckStage(release);
        var graph = new StageGraph<long>(ring);
        graph.HandleEventsWith(new StageOptions("fast"), new RecordingStage());
        graph.HandleEventsWith(new StageOptions("stuck"), stuck);
        graph.Start();

        ring.Publish(ring.Next());
        Assert.True(stuck.Entered.Wait(Generous, TestContext.Current.CancellationToken));

        var ex = Assert.Throws<TimeoutException>(() => graph.Halt(TimeSpan.FromMilliseconds(100)));
        Assert.Contains("'stuck' at -1", ex.Message);
        Assert.DoesNotContain("'fast'", ex.Message);

        release.Set();
        Assert.True(stuck.ShutDown.Wait(Generous, TestContext.Current.CancellationToken));
    }

    private static (StageGraph<long> Graph, RecordingStage[] Stages) BuildDiamond(RingBuffer<long> ring)
    {
        var stages = new[] { new RecordingStage(), new RecordingStage(), new RecordingStage(), new RecordingStage() };
        var graph = new StageGraph<long>(ring);
        var a = graph.HandleEventsWith(new StageOptions("A"), stages[0]);
        var b = graph.HandleEventsWith(new StageOptions("B"), stages[1]);
        graph.After(a, b).Then(new StageOptions("C"), stages[2]).Then(new StageOptions("D"), stages[3]);
        return (graph, stages);
    }

    /// <summary>Blocks inside its first event until released: a stage that cannot drain.</summary>
    private sealed class StuckStage(ManualResetEventSlim release) : IEventHandler<long>, ILifecycleAware
    {
        public ManualResetEventSlim Entered { get; } = new();

        public ManualResetEventSlim ShutDown { get; } = new();

        public void OnEvent(ref long evt, long sequence, bool endOfBatch)
        {
            Entered.Set();
            release.Wait();
        }

        public void OnStart() { }

        public void OnShutdown() => ShutDown.Set();
    }
}
