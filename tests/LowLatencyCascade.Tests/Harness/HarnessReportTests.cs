using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using LowLatencyCascade.Hosting.Harness;
using LowLatencyCascade.Engine.Latency;
using LowLatencyCascade.Engine.Pipeline;
using Xunit;

namespace LowLatencyCascade.Tests.Harness;

[Collection(HarnessCollection.Name)]
public sealed class HarnessReportTests(HarnessCorpusFixture fixture) : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"harness-report-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private HarnessReport Report() => new(
        new HarnessEnvironment(DateTimeOffset.UtcNow.AddSeconds(-5), HarnessCorpusFixture.Settings, fixture.Corpus.Source, fixture.Corpus.Count, "cascade bench e2e (test)"),
        [fixture.Ring, fixture.Channels]);

    private IReadOnlyList<string> Write() => Report().WriteFiles(_dir, Path.Combine(_dir, "e2e.json"));

    [Fact]
    public void Every_file_is_written_beside_the_json()
    {
        var files = Write();
        foreach (var run in new[] { fixture.Ring, fixture.Channels })
        {
            foreach (var stage in StageLatencies.Names) Assert.Contains(Path.Combine(_dir, $"{run.Spec.Name}.{stage}.hgrm"), files);
            Assert.Contains(Path.Combine(_dir, $"{run.Spec.Name}.svg"), files);
        }
        Assert.Contains(Path.Combine(_dir, HarnessReport.PlotFile), files);
        Assert.Contains(Path.Combine(_dir, HarnessReport.HistogramLogFile), files);
        Assert.Contains(Path.Combine(_dir, HarnessReport.TextFile), files);
        Assert.Contains(Path.Combine(_dir, "e2e.json"), files);
        Assert.All(files, f => Assert.True(new FileInfo(f).Length > 0, $"{f} is empty"));
    }

    [Fact]
    public void The_hgrm_files_are_percentile_distributions_in_microseconds_with_the_runs_counts()
    {
        Write();
        var run = fixture.Ring;
        string[] lines = File.ReadAllLines(Path.Combine(_dir, $"{run.Spec.Name}.end_to_end.hgrm"));
        Assert.Equal("       Value     Percentile TotalCount 1/(1-Percentile)", lines[0]);
        string total = lines.Single(l => l.StartsWith("#[Max", StringComparison.Ordinal));
        long count = long.Parse(total[(total.IndexOf("Total count    =", StringComparison.Ordinal) + 16)..].TrimEnd(']').Trim(), CultureInfo.InvariantCulture);
        Assert.Equal(run.EndToEnd.TotalCount, count);
        double maxMicros = double.Parse(total["#[Max     =".Length..total.IndexOf(',')].Trim(), CultureInfo.InvariantCulture);
        Assert.Equal(run.EndToEnd.GetMaxValue() / 1000.0, maxMicros, 3);
    }

    [Fact]
    public void The_histogram_log_reads_back_to_the_same_counts_per_run_and_stage()
    {
        Write();
        using var reader = new StreamReader(Path.Combine(_dir, HarnessReport.HistogramLogFile));
        var intervals = new HistogramLogReader(reader).ReadAllIntervals();
        foreach (var run in new[] { fixture.Ring, fixture.Channels })
        {
            for (int s = 0; s < StageLatencies.Names.Length; s++)
            {
                string tag = $"{run.Spec.Name}.{StageLatencies.Names[s]}";
                var tagged = intervals.Where(i => i.Tag == tag).ToList();
                Assert.Equal(run.Intervals.Count, tagged.Count);
                Assert.Equal(run.Stages[s].TotalCount, tagged.Sum(i => i.Histogram.TotalCount));
            }
        }
    }

    [Fact]
    public void The_plots_are_well_formed_svg_with_one_line_per_series()
    {
        Write();
        XNamespace svg = "http://www.w3.org/2000/svg";
        var all = XDocument.Load(Path.Combine(_dir, HarnessReport.PlotFile));
        Assert.Equal(2, all.Descendants(svg + "polyline").Count());
        var stages = XDocument.Load(Path.Combine(_dir, $"{fixture.Ring.Spec.Name}.svg"));
        Assert.Equal(StageLatencies.Names.Length, stages.Descendants(svg + "polyline").Count());
        Assert.Contains(stages.Descendants(svg + "text"), t => t.Value == "end_to_end");
    }

    [Fact]
    public void The_json_has_every_figure_of_every_run_and_the_ratios()
    {
        Write();
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_dir, "e2e.json")));
        var root = doc.RootElement;
        Assert.Equal(Environment.ProcessorCount, root.GetProperty("environment").GetProperty("cores").GetInt32());
        var runs = root.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(2, runs.Count);
        foreach (var (json, run) in runs.Zip(new[] { fixture.Ring, fixture.Channels }))
        {
            Assert.Equal(run.Spec.Name, json.GetProperty("name").GetString());
            Assert.Equal(run.FramesSent, json.GetProperty("frames_sent").GetInt64());
            foreach (var gc in new[] { "gc_window", "gc_warmup" })
                foreach (var field in new[] { "gen0", "gen1", "gen2", "allocated_bytes" }) Assert.True(json.GetProperty(gc).TryGetProperty(field, out _), $"{gc}.{field}");
            foreach (var field in new[] { "achieved_frames_per_second", "working_set_bytes", "gc_heap_bytes", "signals_published" })
                Assert.True(json.TryGetProperty(field, out _), field);
            var stages = json.GetProperty("stages_us");
            for (int s = 0; s < StageLatencies.Names.Length; s++)
            {
                var stage = stages.GetProperty(StageLatencies.Names[s]);
                Assert.Equal(run.Stages[s].TotalCount, stage.GetProperty("count").GetInt64());
                double[] expected = run.Micros(s);
                string[] names = ["p50", "p90", "p99", "p99.9", "p99.99", "max"];
                for (int i = 0; i < names.Length; i++) Assert.Equal(Math.Round(expected[i], 3), stage.GetProperty(names[i]).GetDouble());
            }
        }
        var ratio = Assert.Single(root.GetProperty("ratios").EnumerateArray());
        Assert.Equal(fixture.Ring.Spec.Name, ratio.GetProperty("run").GetString());
        double[] b = fixture.Channels.Micros(StageLatencies.EndToEnd), r = fixture.Ring.Micros(StageLatencies.EndToEnd);
        Assert.Equal(Math.Round(b[3] / r[3], 3), ratio.GetProperty("channels_over_ring").GetProperty("p99.9").GetDouble());
    }

    [Fact]
    public void The_console_report_names_every_stage_and_the_ratio_per_percentile()
    {
        string text = Report().Text();
        foreach (var stage in StageLatencies.Names) Assert.Contains(stage, text);
        Assert.Contains("Channels / ring", text);
        Assert.Contains(fixture.Ring.Spec.Layout, HarnessReport.RunTable(fixture.Ring));
    }
}
