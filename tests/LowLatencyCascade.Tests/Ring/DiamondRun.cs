using LowLatencyCascade.Engine.Ring;
using Xunit;

namespace LowLatencyCascade.Tests.Ring;

/// <summary>
/// Builds the diamond (A and B in parallel after the producers, C after both, D after C) on a
/// multi-producer ring, runs producers on their own threads until every stage has seen every event, halts,
/// and asserts what each stage recorded.
/// </summary>
internal static class DiamondRun
{
    /// <summary>Producer 0 claims in batches of this size, to cover Next(n)/Publish(lo, hi) across producers.</summary>
    private const int ProducerZeroBatch = 3;

    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(90);

    public static void RunAndAssert(int bufferSize, IWaitStrategy waitStrategy, int producers, long eventsPerProducer)
    {
        var ring = RingBuffer<DiamondSlot>.CreateMultiProducer(bufferSize, waitStrategy);
        long total = producers * eventsPerProducer;
        var a = new DiamondStage(DiamondStage.Role.A, producers, total);
        var b = new DiamondStage(DiamondStage.Role.B, producers, total);
        var c = new DiamondStage(DiamondStage.Role.C, producers, total);
        var d = new DiamondStage(DiamondStage.Role.D, producers, total);

        var graph = new StageGraph<DiamondSlot>(ring);
        var groupA = graph.HandleEventsWith(new StageOptions("A"), a);
        var groupB = graph.HandleEventsWith(new StageOptions("B"), b);
        graph.After(groupA, groupB).Then(new StageOptions("C"), c).Then(new StageOptions("D"), d);
        graph.Start();

        var threads = new Thread[producers];
        for (int p = 0; p < producers; p++)
        {
            int producer = p;
            threads[p] = new Thread(() => Produce(ring, producer, eventsPerProducer)) { Name = $"producer {p}", IsBackground = true };
            threads[p].Start();
        }
        foreach (var thread in threads) Assert.True(thread.Join(HangGuard), "a producer did not finish");

        bool finished = d.Finished.Wait(HangGuard);
        graph.Halt(TimeSpan.FromSeconds(30));
        Assert.True(finished, $"D saw {d.Seen} of {total} events");

        foreach (var stage in new[] { a, b, c, d })
        {
            Assert.Null(stage.Failure);
            Assert.Equal(total, stage.Seen);
        }
        Assert.Equal(0, graph.ExceptionCount);
        Assert.All(graph.Stages, stage => Assert.Equal(total - 1, stage.Sequence.Value));
    }

    private static void Produce(RingBuffer<DiamondSlot> ring, int producer, long events)
    {
        long counter = 0;
        while (counter < events)
        {
            if (producer == 0)
            {
                int n = (int)Math.Min(ProducerZeroBatch, events - counter);
                long hi = ring.Next(n);
                long lo = hi - n + 1;
                for (long sequence = lo; sequence <= hi; sequence++) ring[sequence].Fill(sequence, producer, counter++);
                ring.Publish(lo, hi);
            }
            else
            {
                long sequence = ring.Next();
                ring[sequence].Fill(sequence, producer, counter++);
                ring.Publish(sequence);
            }
        }
    }
}
