using LowLatencyCascade.Engine.Ring;
using Xunit;

namespace LowLatencyCascade.Tests.Ring;

public sealed class MultiProducerPublicationTests
{
    [Fact]
    public void ASequencePublishedBeforeAnEarlierClaimIsHiddenUntilTheEarlierOneIsPublished()
    {
        var strategy = new ScriptedWaitStrategy();
        var ring = RingBuffer<long>.CreateMultiProducer(8, strategy);
        var barrier = ring.NewBarrier();

        long first = ring.Next();
        long second = ring.Next();
        ring[second] = 22;
        ring.Publish(second);

        Assert.Equal(second, ring.Cursor);
        Assert.True(ring.IsAvailable(second));
        Assert.False(ring.IsAvailable(first));
        Assert.Equal(first - 1, ring.GetHighestPublishedSequence(first, ring.Cursor));

        // The strategy reports the cursor (past both claims) at once; the barrier must keep waiting until the
        // first claim is published, which the strategy does on its third call.
        strategy.OnCall = call =>
        {
            if (call == 3)
            {
                ring[first] = 11;
                ring.Publish(first);
            }
        };
        long available = barrier.WaitFor(first);

        Assert.Equal(3, strategy.Calls);
        Assert.Equal(second, available);
        Assert.Equal(11, ring[first]);
        Assert.Equal(22, ring[second]);
    }

    [Fact]
    public void AvailabilityDistinguishesLapsOfTheSameSlot()
    {
        var ring = RingBuffer<long>.CreateMultiProducer(4, new BusySpinWaitStrategy());
        for (int i = 0; i < 4; i++) ring.Publish(ring.Next());
        Assert.True(ring.IsAvailable(2));
        Assert.False(ring.IsAvailable(6));

        long sequence = ring.Next(3);
        Assert.Equal(6, sequence);
        Assert.False(ring.IsAvailable(6));
        ring.Publish(4, 6);
        Assert.True(ring.IsAvailable(6));
        Assert.False(ring.IsAvailable(2));
        Assert.Equal(6, ring.GetHighestPublishedSequence(4, 6));
    }

    /// <summary>Returns the cursor without waiting and lets the test act on each call.</summary>
    private sealed class ScriptedWaitStrategy : IWaitStrategy
    {
        public int Calls { get; private set; }

        public Action<int> OnCall { get; set; } = _ => { };

        public long WaitFor(long sequence, Sequence cursor, ISequence dependentSequence, ISequenceBarrier barrier)
        {
            OnCall(++Calls);
            return dependentSequence.Value;
        }

        public void SignalAllWhenBlocking() { }
    }
}
