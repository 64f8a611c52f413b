using LowLatencyCascade.Engine.Ring;
using Xunit;

namespace LowLatencyCascade.Tests.Ring;

/// <summary>
/// The stage loop is built per handler class with a struct wrapper that calls the class directly; classes it
/// cannot wrap (a struct handler, boxed) fall back to an interface call. Both must deliver every event in order,
/// with lifecycle hooks and exception handling intact.
/// </summary>
[Collection(RingThreadsCollection.Name)]
public sealed class StageLoopDispatchTests
{
    [Theory]
    [InlineData("yielding")]
    [InlineData("busy-spin")]
    [InlineData("spin-then-park")]
    [InlineData("blocking")]
    public void APrivateHandlerClassIsCalledDirectlyAndSeesEveryEventInOrder(string strategy)
    {
        var ring = RingBuffer<long>.CreateSingleProducer(64, WaitStrategies.Parse(strategy));
        var first = new OrderedSum();
        var second = new OrderedSum();
        var graph = new StageGraph<long>(ring);
        graph.HandleEventsWith(new StageOptions("first"), first).Then(new StageOptions("second"), second);
        graph.Start();

        const long Events = 5_000;
        for (long i = 0; i < Events; i++)
        {
            long seq = ring.Next();
            ring[seq] = seq;
            ring.Publish(seq);
        }
        graph.Halt(TimeSpan.FromSeconds(60));

        foreach (var stage in new[] { first, second })
        {
            Assert.Null(stage.Failure);
            Assert.Equal(Events, stage.Count);
            Assert.Equal(Events * (Events - 1) / 2, stage.Sum);
            Assert.Equal(1, stage.Started);
            Assert.Equal(1, stage.Stopped);
        }
    }

    [Fact]
    public void TheLoopCallsAClassHandlerDirectlyAndFallsBackToTheInterfaceForAStructHandler()
    {
        var ring = RingBuffer<long>.CreateSingleProducer(8, new YieldingWaitStrategy());
        var direct = new BatchEventProcessor<long>(ring, ring.NewBarrier(), new OrderedSum());
        var boxed = new BatchEventProcessor<long>(ring, ring.NewBarrier(), new StructHandler());
        Assert.True(direct.CallsHandlerDirectly);
        Assert.False(boxed.CallsHandlerDirectly);
    }

    [Fact]
    public void AStructHandlerOnTheFallbackPathStillSeesEveryEvent()
    {
        var ring = RingBuffer<long>.CreateMultiProducer(16, new YieldingWaitStrategy());
        var counter = new StrongBox<long>();
        var graph = new StageGraph<long>(ring);
        graph.HandleEventsWith(new StageOptions("struct"), new StructHandler(counter));
        graph.Start();
        for (int i = 0; i < 1_000; i++) ring.Publish(ring.Next());
        graph.Halt(TimeSpan.FromSeconds(60));
        Assert.Equal(1_000, counter.Value);
    }

    private sealed class OrderedSum : IEventHandler<long>, ILifecycleAware
    {
        private long _expected;
        public long Count;
        public long Sum;
        public int Started;
        public int Stopped;
        public string? Failure;

        public void OnEvent(ref long evt, long sequence, bool endOfBatch)
        {
            if (sequence != _expected && Failure is null) Failure = $"expected {_expected}, got {sequence}";
            _expected = sequence + 1;
            Count++;
            Sum += evt;
        }

        public void OnStart() => Started++;
        public void OnShutdown() => Stopped++;
    }

    private sealed class StrongBox<TValue> { public TValue? Value; }

    private readonly struct StructHandler(StrongBox<long>? counter) : IEventHandler<long>
    {
        public StructHandler() : this(null) { }

        public void OnEvent(ref long evt, long sequence, bool endOfBatch)
        {
            if (counter is not null) counter.Value++;
        }
    }
}
