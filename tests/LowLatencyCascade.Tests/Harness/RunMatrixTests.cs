using LowLatencyCascade.Cli;
using LowLatencyCascade.Hosting.Harness;
using LowLatencyCascade.Engine.Pipeline;
using Xunit;

namespace LowLatencyCascade.Tests.Harness;

public sealed class RunMatrixTests
{
    [Theory]
    [InlineData("10k", 10_000)]
    [InlineData("1.5M", 1_500_000)]
    [InlineData("2500", 2_500)]
    [InlineData("saturation", 0)]
    [InlineData(" SAT ", 0)]
    public void Rates_parse_with_their_suffixes(string text, double expected)
    {
        Assert.True(RunSpec.TryParseRate(text, out double rate));
        Assert.Equal(expected, rate);
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("-5k")]
    [InlineData("0")]
    [InlineData("")]
    public void Nonsense_rates_are_refused(string text) => Assert.False(RunSpec.TryParseRate(text, out _));

    [Fact]
    public void The_default_runs_three_ring_layouts_and_the_baseline_at_each_rate_saturation_last()
    {
        var runs = RunMatrix.Build([0, 500_000, 10_000], null, null, matrix: false, baseline: true, cpus: []);
        Assert.Equal(3 * (RunMatrix.DefaultLayouts.Count + 1), runs.Count);
        Assert.Equal([10_000.0, 500_000, 0], runs.Select(r => r.Rate).Distinct());
        Assert.All(runs.GroupBy(r => r.Rate), g => Assert.Single(g, r => r.IsBaseline));
        Assert.Contains(runs, r => r.Name == "fused-busy-spin-500k");
        Assert.Contains(runs, r => r.Name == "channels-saturation");
    }

    [Fact]
    public void With_a_floor_each_rate_starts_with_a_floor_run_on_the_first_layouts_wait_strategy()
    {
        var runs = RunMatrix.Build([100_000, 10_000], null, null, matrix: false, baseline: true, cpus: [], floor: true);
        Assert.Equal(2 * (RunMatrix.DefaultLayouts.Count + 2), runs.Count);
        Assert.All(runs.GroupBy(r => r.Rate), g => Assert.True(g.First().IsFloor));
        Assert.Contains(runs, r => r.Name == "floor-100k" && r.WaitStrategy == RunMatrix.DefaultLayouts[0].Wait);
        Assert.Contains(runs, r => r.Name == "floor-10k");
    }

    [Fact]
    public void The_matrix_crosses_every_topology_with_every_wait_strategy()
    {
        var runs = RunMatrix.Build([100_000], null, null, matrix: true, baseline: false, cpus: [0, 1]);
        Assert.Equal(PipelineOptions.Topologies.Length * RunMatrix.MatrixWaits.Length, runs.Count);
        Assert.Equal(runs.Count, runs.Select(r => r.Layout).Distinct().Count());
        Assert.All(runs, r => Assert.EndsWith("/pinned", r.Layout));
    }

    [Fact]
    public void Named_topologies_take_every_wait_strategy_unless_waits_are_named_too()
    {
        var runs = RunMatrix.Build([10_000], ["split"], null, matrix: false, baseline: false, cpus: []);
        Assert.Equal(RunMatrix.MatrixWaits, runs.Select(r => r.WaitStrategy));
        var one = RunMatrix.Build([10_000], ["split"], ["blocking"], matrix: false, baseline: false, cpus: []);
        Assert.Equal("split-blocking-10k", Assert.Single(one).Name);
    }

    [Theory]
    [InlineData("--rates", "fast")]
    [InlineData("--topologies", "ring-of-fire")]
    [InlineData("--waits", "napping")]
    [InlineData("--seconds", "0")]
    [InlineData("--ring-size", "1000")]
    [InlineData("--symbols", "0")]
    public async Task Bad_options_are_a_usage_error_before_anything_runs(string option, string value)
    {
        var error = new StringWriter();
        var saved = Console.Error;
        Console.SetError(error);
        try
        {
            int code = await Program.BuildRoot().Parse(["bench", "e2e", option, value]).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal(ExitCodes.Usage, code);
        }
        finally
        {
            Console.SetError(saved);
        }
        Assert.Contains(option, error.ToString());
    }
}
