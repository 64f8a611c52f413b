using LowLatencyCascade.Engine.Ring;
using Xunit;

namespace LowLatencyCascade.Tests.Ring;

[Collection(RingThreadsCollection.Name)]
public sealed class ThreadAffinityTests
{
    private static bool AffinitySupported => OperatingSystem.IsLinux() || OperatingSystem.IsWindows();

    [Fact]
    public void AStagePinnedToCpu0RunsEveryEventOnCpu0()
    {
        if (!AffinitySupported) return;
        var ring = RingBuffer<long>.CreateSingleProducer(64, new YieldingWaitStrategy());
        var probe = new CpuProbe();
        var graph = new StageGraph<long>(ring);
        graph.HandleEventsWith(new StageOptions("pinned", Cpu: 0), probe);
        graph.Start();
        for (int i = 0; i < 2_000; i++) ring.Publish(ring.Next());
        graph.Halt(TimeSpan.FromSeconds(60));

        Assert.Equal(2_000, probe.Events);
        Assert.Equal(0, probe.LowestCpu);
        Assert.Equal(0, probe.HighestCpu);
        Assert.Equal(0, graph.Stages[0].Cpu);
    }

    [Fact]
    public void PinningAStageToCpu4096FailsStartNamingTheCpuAndStopsTheOtherStages()
    {
        if (!AffinitySupported) return;
        var ring = RingBuffer<long>.CreateSingleProducer(64, new BlockingWaitStrategy());
        var unpinned = new RecordingStage();
        var graph = new StageGraph<long>(ring);
        graph.HandleEventsWith(new StageOptions("unpinned"), unpinned);
        graph.HandleEventsWith(new StageOptions("velocity", Cpu: 4096), new RecordingStage());

        var ex = Assert.Throws<ThreadAffinityException>(graph.Start);

        Assert.Equal(4096, ex.Cpu);
        Assert.Equal("velocity", ex.ThreadName);
        Assert.StartsWith("cannot pin thread 'velocity' to CPU 4096: ", ex.Message);
        Assert.Contains("available", ex.Message);
        Assert.False(unpinned.Thread is { IsAlive: true });
        Assert.Throws<InvalidOperationException>(graph.Start);
    }

    [Fact]
    public void PinningToACpuTheProcessMayNotUseNamesTheAvailableCpusAndTheErrno()
    {
        if (!OperatingSystem.IsLinux() || ThreadAffinity.ProcessorCount >= 1023) return;
        ThreadAffinityException? caught = null;
        var thread = new Thread(() =>
        {
            try { ThreadAffinity.PinCurrentThread(1023); }
            catch (ThreadAffinityException ex) { caught = ex; }
        })
        { Name = "probe" };
        thread.Start();
        thread.Join();

        Assert.NotNull(caught);
        Assert.StartsWith("cannot pin thread 'probe' to CPU 1023: only CPUs ", caught.Message);
        Assert.EndsWith(" are available (EINVAL)", caught.Message);
    }

    [Fact]
    public void CpuListsAreWrittenAsRanges()
    {
        Assert.Equal("0-1", ThreadAffinity.FormatRanges([0, 1]));
        Assert.Equal("0,2-4,7", ThreadAffinity.FormatRanges([0, 2, 3, 4, 7]));
        Assert.Equal("5", ThreadAffinity.FormatRanges([5]));
    }

    /// <summary>Records the CPUs its events ran on.</summary>
    private sealed class CpuProbe : IEventHandler<long>
    {
        public long Events { get; private set; }

        public int LowestCpu { get; private set; } = int.MaxValue;

        public int HighestCpu { get; private set; } = int.MinValue;

        public void OnEvent(ref long evt, long sequence, bool endOfBatch)
        {
            Events++;
            if (!ThreadAffinity.TryGetCurrentCpu(out int cpu)) cpu = -1;
            LowestCpu = Math.Min(LowestCpu, cpu);
            HighestCpu = Math.Max(HighestCpu, cpu);
        }
    }
}
