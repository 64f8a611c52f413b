using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Pipeline;
using LowLatencyCascade.Engine.Ring;
using Xunit;

namespace LowLatencyCascade.Tests.Pipeline;

public class ThreadLayoutTests
{
    private static int[] Cpus(int count) => Enumerable.Range(0, count).ToArray();

    [Theory]
    [InlineData("fused", 1, "spin-then-park")]
    [InlineData("fused", 2, "yielding")]
    [InlineData("fused", 3, "busy-spin")]
    [InlineData("split", 2, "spin-then-park")]
    [InlineData("split", 4, "yielding")]
    [InlineData("split", 5, "busy-spin")]
    [InlineData("per-stage", 2, "spin-then-park")]
    [InlineData("per-stage", 6, "yielding")]
    [InlineData("per-stage", 16, "busy-spin")]
    public void Auto_spins_only_where_every_stage_thread_has_a_core_and_pins_only_where_two_are_left(string topology, int cores, string expected)
    {
        var layout = ThreadLayout.Resolve(new PipelineOptions { Topology = topology }, Cpus(cores));
        Assert.True(layout.Auto);
        Assert.Equal(expected, layout.WaitStrategy);
        Assert.Equal(expected == "busy-spin", layout.Cpus.Length > 0);
        Assert.Equal(expected == "busy-spin", layout.KeepsOtherThreadsOff);
        Assert.StartsWith("auto: " + expected, layout.Reason);
    }

    [Fact]
    public void Pinned_stage_threads_take_the_highest_allowed_cpus_and_the_rest_keep_the_others()
    {
        // A process restricted to CPUs 2,3,5,7 (taskset, a container's cpuset).
        var layout = ThreadLayout.Resolve(new PipelineOptions { Topology = "fused" }, [2, 3, 5, 7]);
        Assert.Equal("busy-spin", layout.WaitStrategy);
        Assert.Equal([7], layout.Cpus);
        Assert.Equal([2, 3, 5], layout.OtherThreadCpus);
        Assert.Contains("pinned to CPUs 7", layout.Reason);
        Assert.Contains("other threads on CPUs 2-3,5", layout.Reason);

        var perStage = ThreadLayout.Resolve(new PipelineOptions { Topology = "per-stage" }, Cpus(16));
        Assert.Equal([11, 12, 13, 14, 15], perStage.Cpus);
        Assert.Equal(Cpus(11), perStage.OtherThreadCpus);
    }

    [Fact]
    public void Configured_cpus_are_kept_when_auto_pins()
    {
        var layout = ThreadLayout.Resolve(new PipelineOptions { Topology = "fused", Cpus = [4] }, Cpus(8));
        Assert.Equal("busy-spin", layout.WaitStrategy);
        Assert.Equal([4], layout.Cpus);
        Assert.Equal([0, 1, 2, 3, 5, 6, 7], layout.OtherThreadCpus);
    }

    [Fact]
    public void A_second_pipeline_while_one_holds_pinned_cores_does_not_pin()
    {
        var layout = ThreadLayout.Resolve(new PipelineOptions { Topology = "fused" }, Cpus(15), allowPinning: false);
        Assert.Equal("yielding", layout.WaitStrategy);
        Assert.Empty(layout.Cpus);
        Assert.False(layout.KeepsOtherThreadsOff);
    }

    [Theory]
    [InlineData("busy-spin")]
    [InlineData("blocking")]
    [InlineData("yielding")]
    public void An_explicit_wait_strategy_is_used_as_configured_whatever_the_cores(string wait)
    {
        var layout = ThreadLayout.Resolve(new PipelineOptions { Topology = "per-stage", WaitStrategy = wait, Cpus = [0] }, Cpus(2));
        Assert.False(layout.Auto);
        Assert.Equal(wait, layout.WaitStrategy);
        Assert.Equal([0], layout.Cpus);
        Assert.False(layout.KeepsOtherThreadsOff);
    }

    [Fact]
    public void Auto_is_the_default_and_validates()
    {
        var options = new PipelineOptions();
        Assert.Equal("auto", options.WaitStrategy);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void The_pipeline_on_this_machine_uses_the_layout_its_cpus_call_for_and_gives_the_cpus_back()
    {
        var allowed = ThreadAffinity.AllowedCpus();
        var noop = new NoopHandler();
        using (var pipeline = new CascadePipeline(new PipelineOptions { RingSize = 64, MultiProducer = false },
                   new PipelineStages(noop, noop, noop, noop, noop)))
        {
            var expected = ThreadLayout.Resolve(pipeline.Options, allowed);
            Assert.Equal(expected.WaitStrategy, pipeline.Layout.WaitStrategy);
            Assert.Equal(expected.Cpus, pipeline.Layout.Cpus);
            pipeline.Start();
            pipeline.Stop();
        }
        if (OperatingSystem.IsLinux()) Assert.Equal(ThreadAffinity.FormatRanges(allowed), CpusAllowedList(Environment.ProcessId));
    }

    private sealed class NoopHandler : IEventHandler<MarketEvent>
    {
        public void OnEvent(ref MarketEvent data, long sequence, bool endOfBatch) { }
    }

    [Fact]
    public void Other_threads_are_moved_off_the_stage_cores_and_given_back()
    {
        if (!OperatingSystem.IsLinux()) Assert.Skip("thread affinity of other threads is set on Linux only");
        var allowed = ThreadAffinity.AllowedCpus();
        if (allowed.Count < 2) Assert.Skip("needs two CPUs");

        int keptTid = -1;
        using var ready = new ManualResetEventSlim();
        using var done = new ManualResetEventSlim();
        var kept = new Thread(() => { keptTid = ThreadAffinity.CurrentOsThreadId(); ready.Set(); done.Wait(); }) { IsBackground = true };
        kept.Start();
        ready.Wait(TestContext.Current.CancellationToken);
        try
        {
            int moved = ThreadAffinity.SetOtherThreads([keptTid], [allowed[0]]);
            Assert.True(moved > 0);
            Assert.Equal(allowed[0].ToString(), CpusAllowedList(Environment.ProcessId));
            Assert.Equal(ThreadAffinity.FormatRanges(allowed), CpusAllowedList(keptTid));
        }
        finally
        {
            ThreadAffinity.SetOtherThreads([], allowed);
            done.Set();
            kept.Join();
        }
        Assert.Equal(ThreadAffinity.FormatRanges(allowed), CpusAllowedList(Environment.ProcessId));
    }

    private static string CpusAllowedList(int tid) =>
        File.ReadAllLines($"/proc/self/task/{tid}/status").First(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))
            ["Cpus_allowed_list:".Length..].Trim();
}
