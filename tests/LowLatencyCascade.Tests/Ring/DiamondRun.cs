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

    /// <summary>
    /// A hang is a run in which no stage moves, not a slow run: with CPU-bound processes beside it a yielding ring on
    /// two cores hands each core to them on every yield and runs ~100× slower (about 2,500 events/s) than alone.
    /// </summary>
    private static readonly TimeSpan NoProgressGuard = TimeSpan.FromSeconds(60);

    /// <summary>Bounds a run that keeps moving, well below the runner's 5-minute hang timeout.</summary>
    private static readonly TimeSpan Overall = TimeSpan.FromMinutes(4);

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
        var stages = new[] { a, b, c, d };
        var overall = System.Diagnostics.Stopwatch.StartNew();
        var sinceProgress = System.Diagnostics.Stopwatch.StartNew();
        long lastSeen = 0;
        bool finished;
        while (!(finished = d.Finished.Wait(TimeSpan.FromSeconds(1))))
        {
            long seen = stages.Sum(stage => stage.Seen);
            if (seen != lastSeen) { lastSeen = seen; sinceProgress.Restart(); }
            if (sinceProgress.Elapsed > NoProgressGuard || overall.Elapsed > Overall) break;
        }
        string progress = $"after {overall.Elapsed.TotalSeconds:0} s (the last {sinceProgress.Elapsed.TotalSeconds:0} s without progress): " +
            string.Join(", ", stages.Select((stage, i) => $"{"ABCD"[i]} saw {stage.Seen}")) + $" of {total} events";
        bool producersDone = threads.All(thread => thread.Join(finished ? NoProgressGuard : TimeSpan.Zero));
        if (!finished || !producersDone)
        {
            try { graph.Halt(TimeSpan.FromSeconds(30)); }
            catch (TimeoutException) { }
            Assert.Fail((producersDone ? "D did not see every event " : "a producer did not finish ") + progress);
        }
        graph.Halt(TimeSpan.FromSeconds(30));

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
