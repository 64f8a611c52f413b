using System.Runtime.CompilerServices;
using LowLatencyCascade.Engine.Ring;
using Xunit;

namespace LowLatencyCascade.Tests.Ring;

/// <summary>Claiming, wrapping and capacity, driven from the test thread with a hand-moved consumer sequence.</summary>
public sealed class RingBufferClaimTests
{
    public static TheoryData<bool> ProducerKinds => new() { false, true };

    private static RingBuffer<long> Create(bool multiProducer, int bufferSize) => multiProducer
        ? RingBuffer<long>.CreateMultiProducer(bufferSize, new BusySpinWaitStrategy())
        : RingBuffer<long>.CreateSingleProducer(bufferSize, new BusySpinWaitStrategy());

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-8)]
    public void BufferSizeThatIsNotAPowerOfTwoIsRejectedNamingTheParameter(int bufferSize)
    {
        var single = Assert.Throws<ArgumentException>(() => RingBuffer<long>.CreateSingleProducer(bufferSize, new BusySpinWaitStrategy()));
        var multi = Assert.Throws<ArgumentException>(() => RingBuffer<long>.CreateMultiProducer(bufferSize, new BusySpinWaitStrategy()));
        Assert.Equal("bufferSize", single.ParamName);
        Assert.Equal("bufferSize", multi.ParamName);
        Assert.Contains(bufferSize.ToString(System.Globalization.CultureInfo.InvariantCulture), single.Message);
    }

    [Theory]
    [MemberData(nameof(ProducerKinds))]
    public void TryNextOnAFullRingReturnsFalseAndSucceedsOnceTheConsumerMoves(bool multiProducer)
    {
        var ring = Create(multiProducer, 8);
        var consumer = new Sequence();
        ring.AddGatingSequences(consumer);

        for (int i = 0; i < 8; i++)
        {
            Assert.True(ring.TryNext(out long claimed));
            Assert.Equal(i, claimed);
            ring.Publish(claimed);
        }
        Assert.Equal(0, ring.RemainingCapacity());
        Assert.False(ring.TryNext(out _));
        Assert.False(ring.TryNext(2, out _));

        consumer.SetValue(0);
        Assert.Equal(1, ring.RemainingCapacity());
        Assert.False(ring.TryNext(2, out _));
        Assert.True(ring.TryNext(out long next));
        Assert.Equal(8, next);
        Assert.False(ring.TryNext(out _));
    }

    [Theory]
    [MemberData(nameof(ProducerKinds))]
    public void NextOfNClaimsConsecutiveSlotsAndReturnsTheHighest(bool multiProducer)
    {
        var ring = Create(multiProducer, 16);
        Assert.Equal(4, ring.Next(5));
        Assert.Equal(5, ring.Next());
        Assert.True(ring.TryNext(3, out long highest));
        Assert.Equal(8, highest);
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.Next(17));
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.Next(0));
    }

    [Fact]
    public void SingleProducerWrapsOntoTheSameSlotsOnlyAfterTheConsumerHasPassedThem()
    {
        var ring = RingBuffer<long>.CreateSingleProducer(4, new BusySpinWaitStrategy());
        var consumer = new Sequence();
        ring.AddGatingSequences(consumer);

        for (long lap = 0; lap < 50; lap++)
        {
            for (int i = 0; i < 4; i++)
            {
                Assert.True(ring.TryNext(out long sequence));
                Assert.Equal(lap * 4 + i, sequence);
                // The slot of sequence s is the slot of s - bufferSize: the ring reuses it, it does not grow.
                Assert.True(Unsafe.AreSame(ref ring[sequence], ref ring[sequence % 4]));
                ring[sequence] = sequence * 10;
                ring.Publish(sequence);
            }
            Assert.False(ring.TryNext(out _));

            for (long sequence = lap * 4; sequence < lap * 4 + 4; sequence++)
            {
                Assert.True(ring.IsAvailable(sequence));
                Assert.Equal(sequence * 10, ring[sequence]);
                consumer.SetValue(sequence);
            }
            Assert.Equal(ring.Cursor, ring.GetMinimumGatingSequence());
        }
        Assert.False(ring.IsAvailable(0));
    }

    [Fact]
    public void SingleProducerWrapsManyTimesUnderARealConsumerThread()
    {
        var ring = RingBuffer<long>.CreateSingleProducer(4, new YieldingWaitStrategy());
        var consumer = new BatchEventProcessor<long>(ring, ring.NewBarrier(), new PayloadChecker());
        ring.AddGatingSequences(consumer.Sequence);
        var thread = new Thread(consumer.Run) { IsBackground = true };
        thread.Start();

        const long Events = 8_000;
        for (long i = 0; i < Events; i++)
        {
            long sequence = ring.Next();
            ring[sequence] = sequence * 7;
            ring.Publish(sequence);
        }
        Assert.True(SpinWait.SpinUntil(() => consumer.Sequence.Value == Events - 1, TimeSpan.FromSeconds(60)));
        consumer.Halt();
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)));
        Assert.Equal(Events - 1, consumer.Sequence.Value);
        Assert.Equal(0, consumer.ExceptionCount);
    }

    /// <summary>Throws when a slot does not hold what the producer wrote for that sequence.</summary>
    private sealed class PayloadChecker : IEventHandler<long>
    {
        public void OnEvent(ref long evt, long sequence, bool endOfBatch)
        {
            if (evt != sequence * 7) throw new InvalidOperationException($"slot {sequence} holds {evt}");
        }
    }

    [Fact]
    public void GatingSequencesCanBeRemoved()
    {
        var ring = RingBuffer<long>.CreateSingleProducer(4, new BusySpinWaitStrategy());
        var consumer = new Sequence();
        ring.AddGatingSequences(consumer);
        for (int i = 0; i < 4; i++) ring.Publish(ring.Next());
        Assert.False(ring.TryNext(out _));

        Assert.True(ring.RemoveGatingSequence(consumer));
        Assert.False(ring.RemoveGatingSequence(consumer));
        Assert.True(ring.TryNext(out long sequence));
        Assert.Equal(4, sequence);
    }
}
