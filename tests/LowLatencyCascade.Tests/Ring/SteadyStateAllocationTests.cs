using LowLatencyCascade.Engine.Ring;
using Xunit;

namespace LowLatencyCascade.Tests.Ring;

[Collection(RingThreadsCollection.Name)]
public sealed class SteadyStateAllocationTests
{
    private const long WarmUp = 100_000;
    private const long Measured = 200_000;

    [Theory]
    [InlineData(false, "yielding")]
    [InlineData(true, "yielding")]
    [InlineData(false, "blocking")]
    [InlineData(true, "sleeping")]
    [InlineData(false, "spin-then-park")]
    [InlineData(true, "busy-spin")]
    public void ProducerAndStageAllocateNothingInSteadyState(bool multiProducer, string strategy)
    {
        var waitStrategy = WaitStrategies.Parse(strategy);
        var ring = multiProducer
            ? RingBuffer<long>.CreateMultiProducer(1024, waitStrategy)
            : RingBuffer<long>.CreateSingleProducer(1024, waitStrategy);
        var stage = new AllocationProbe(WarmUp - 1, WarmUp + Measured - 1);
        var graph = new StageGraph<long>(ring);
        graph.HandleEventsWith(new StageOptions("first"), new PassThrough()).Then(new StageOptions("probe"), stage);
        graph.Start();

        Produce(ring, WarmUp);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Produce(ring, Measured);
        long producerBytes = GC.GetAllocatedBytesForCurrentThread() - before;

        bool finished = stage.Finished.Wait(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        graph.Halt(TimeSpan.FromSeconds(60));
        Assert.True(finished);
        Assert.Equal(0, producerBytes);
        Assert.Equal(0, stage.AllocatedBytes);
    }

    private static void Produce(RingBuffer<long> ring, long events)
    {
        // Half single claims, half batches: both claim paths are on the hot path of a feed.
        for (long i = 0; i < events; i += 4)
        {
            long sequence = ring.Next();
            ring[sequence] = i;
            ring.Publish(sequence);

            long hi = ring.Next(3);
            for (long s = hi - 2; s <= hi; s++) ring[s] = i;
            ring.Publish(hi - 2, hi);
        }
    }

    private sealed class PassThrough : IEventHandler<long>
    {
        public void OnEvent(ref long evt, long sequence, bool endOfBatch) => evt++;
    }

    /// <summary>Measures its own thread's allocations between two sequences, wait strategy included.</summary>
    private sealed class AllocationProbe(long startAfter, long endAt) : IEventHandler<long>
    {
        private long _startBytes;

        public long AllocatedBytes { get; private set; } = -1;

        public ManualResetEventSlim Finished { get; } = new();

        public void OnEvent(ref long evt, long sequence, bool endOfBatch)
        {
            if (sequence == startAfter) _startBytes = GC.GetAllocatedBytesForCurrentThread();
            if (sequence != endAt) return;
            AllocatedBytes = GC.GetAllocatedBytesForCurrentThread() - _startBytes;
            Finished.Set();
        }
    }
}
