using System.Text.Json.Nodes;
using Xunit;

namespace LowLatencyCascade.Tests.Host;

/// <summary>The <c>cascade</c> executable as a user meets it: help, exit codes, replay, golden verification, signals.</summary>
[Collection(HostCollection.Name)]
public class CliTests(ScenarioFixture scenario)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Help_lists_every_command_and_exits_0()
    {
        var (code, stdout, _) = await CascadeProcess.RunAsync(Timeout, "--help");
        Assert.Equal(0, code);
        foreach (var command in new[] { "demo", "replay", "generate", "subscribe" }) Assert.Contains(command, stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("live", true, false)]
    [InlineData("replay", true, true)]
    [InlineData("demo", true, true)]
    [InlineData("backtest", false, false)]
    [InlineData("fit-weights", false, false)]
    public async Task The_signal_fan_out_options_are_offered_where_they_apply(string command, bool wsPort, bool waitClients)
    {
        var (code, stdout, _) = await CascadeProcess.RunAsync(Timeout, command, "--help");
        Assert.Equal(0, code);
        Assert.Equal(wsPort, stdout.Contains("--ws-port", StringComparison.Ordinal));
        Assert.Equal(waitClients, stdout.Contains("--ws-wait-clients", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("drop,stalls", "'stalls' is not a fault")]
    [InlineData("all,every=0s", "'every=0s': expected a positive time")]
    [InlineData("every=1s", "no fault kind named")]
    public async Task Serve_with_a_bad_fault_spec_exits_2_naming_the_option_and_the_part(string spec, string why)
    {
        var (code, _, stderr) = await CascadeProcess.RunAsync(Timeout, "serve", scenario.CaptureDirectory, "--port", "0", "--faults", spec);
        Assert.Equal(2, code);
        Assert.Contains("--faults: ", stderr, StringComparison.Ordinal);
        Assert.Contains(why, stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--minutes", "0", "--minutes: must be above 0")]
    [InlineData("--speed", "-1", "--speed: must be above 0")]
    [InlineData("--sample-seconds", "0.1", "--sample-seconds: must be 0.5-600")]
    [InlineData("--warmup-share", "1", "--warmup-share: must be 0-0.9")]
    public async Task Bench_soak_rejects_bad_options_naming_them(string option, string value, string why)
    {
        var (code, _, stderr) = await CascadeProcess.RunAsync(Timeout, "bench", "soak", option, value);
        Assert.Equal(2, code);
        Assert.Contains(why, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_reports_service_time_apart_from_the_backlog_in_80_columns_and_writes_a_consistent_report_json()
    {
        string json = Path.Combine(Path.GetTempPath(), $"cascade-demo-report-{Guid.NewGuid():N}.json");
        try
        {
            var (code, stdout, stderr) = await CascadeProcess.RunAsync(Timeout, "demo", "--quiet", "--report-json", json);
            Assert.True(code == 0, stderr);
            int service = stdout.IndexOf("service time per stage (µs)", StringComparison.Ordinal);
            int backlog = stdout.IndexOf("backlog and end to end (µs)", StringComparison.Ordinal);
            Assert.True(service >= 0 && backlog > service, stdout);
            int legendEnd = stdout.IndexOf("end to end = decode", StringComparison.Ordinal);
            Assert.True(legendEnd > backlog, stdout);
            string tables = stdout[service..stdout.IndexOf('\n', legendEnd)];
            foreach (var line in tables.Split('\n')) Assert.True(line.TrimEnd('\r').Length <= 80, $"wider than 80 columns: '{line}'");
            Assert.Contains("│ backlog ", tables, StringComparison.Ordinal);
            Assert.Contains("│ all stages ", tables, StringComparison.Ordinal);

            var summary = JsonNode.Parse(File.ReadAllText(json))!;
            Assert.Equal("demo", (string?)summary["mode"]);
            long events = (long)summary["frames"]!["events"]!;
            var stages = summary["stages_us"]!;
            Assert.True(events > 0);
            Assert.Equal((long)summary["slots_published"]!, (long)summary["slots_observed"]!);
            foreach (var stage in new[] { "decode", "velocity", "volatility", "regime", "scoring", "end_to_end", "backlog", "service" })
                Assert.Equal(events, (long)stages[stage]!["count"]!);
            long signals = (long)summary["signals_total"]!;
            Assert.Equal(signals, summary["signals_by_level"]!.AsObject().Sum(kv => (long)kv.Value!));
            Assert.Equal(signals, (long)stages["publish"]!["count"]!);
            Assert.Equal(0, (long)summary["sink_drops_total"]!);
            var e2e = stages["end_to_end"]!;
            Assert.True((double)e2e["p50"]! <= (double)e2e["p99.9"]! && (double)e2e["p99.9"]! <= (double)e2e["max"]!);
            // The stages' own cost is a part of the end to end figure, never more.
            Assert.True((double)stages["service"]!["p50"]! <= (double)e2e["max"]!);
            Assert.True((long)summary["memory"]!["resident_bytes"]! > 0);
            Assert.True((long)summary["gc"]!["gen0"]! >= (long)summary["gc"]!["gen1"]!);
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Fact]
    public async Task An_unknown_option_is_a_usage_error_with_exit_code_2()
    {
        var (code, _, stderr) = await CascadeProcess.RunAsync(Timeout, "replay", "--no-such-option", scenario.CaptureDirectory);
        Assert.Equal(2, code);
        Assert.Contains("--no-such-option", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_configuration_value_exits_2_naming_the_key()
    {
        var (code, _, stderr) = await CascadeProcess.RunAsync(Timeout, "replay", "--ring-size", "1000", scenario.CaptureDirectory);
        Assert.Equal(2, code);
        Assert.Contains("Pipeline:RingSize", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_capture_exits_2_naming_the_path()
    {
        var (code, _, stderr) = await CascadeProcess.RunAsync(Timeout, "replay", "/nonexistent/capture.ndjson.gz");
        Assert.Equal(2, code);
        Assert.Contains("/nonexistent/capture.ndjson.gz", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_writes_signals_verifies_against_itself_and_reports_the_first_difference()
    {
        string golden = Path.Combine(scenario.Directory, $"golden-{Guid.NewGuid():N}.jsonl");
        string[] common = ["--quiet", "--config", WriteNoWarmupConfig()];
        var (code, stdout, stderr) = await CascadeProcess.RunAsync(Timeout, ["replay", scenario.CaptureDirectory, "--signals-out", golden, .. common]);
        Assert.True(code == 0, stderr);
        Assert.Contains("service time per stage", stdout, StringComparison.Ordinal);
        var lines = File.ReadAllLines(golden);
        Assert.True(lines.Length > 100, $"only {lines.Length} signals");

        (code, stdout, stderr) = await CascadeProcess.RunAsync(Timeout, ["replay", scenario.CaptureDirectory, "--verify", golden, .. common]);
        Assert.True(code == 0, stderr);
        Assert.Contains("identical", stdout, StringComparison.Ordinal);

        // Change one model field of one signal: verification must fail and say where.
        int target = lines.Length / 2;
        var node = JsonNode.Parse(lines[target])!;
        node["probability"] = node["probability"]!.GetValue<double>() + 0.5;
        lines[target] = node.ToJsonString();
        File.WriteAllLines(golden, lines);
        (code, _, stderr) = await CascadeProcess.RunAsync(Timeout, ["replay", scenario.CaptureDirectory, "--verify", golden, .. common]);
        Assert.Equal(1, code);
        Assert.Contains($"line {target + 1}: probability", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_stops_a_replay_cleanly_with_the_final_report_and_exit_0()
    {
        using var p = CascadeProcess.Start("replay", scenario.CaptureDirectory, "--speed", "2", "--config", WriteNoWarmupConfig());
        await p.WaitForOutputAsync("replay: starting", Timeout);
        p.Signal("TERM");
        int code = await p.WaitForExitAsync(Timeout);
        Assert.True(code == 0, p.Stderr);
        Assert.Contains("stopping", p.Stderr, StringComparison.Ordinal);
        Assert.Contains("service time per stage", p.Stdout, StringComparison.Ordinal);
        Assert.Contains("stopped early", p.Stdout, StringComparison.Ordinal);
    }

    private string WriteNoWarmupConfig()
    {
        string path = Path.Combine(scenario.Directory, "no-warmup.json");
        if (!File.Exists(path)) File.WriteAllText(path, """{ "Model": { "WarmupSeconds": 0 } }""");
        return path;
    }
}
