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
    public async Task The_signal_fan_out_options_are_offered_where_they_apply(string command, bool wsPort, bool waitClients)
    {
        var (code, stdout, _) = await CascadeProcess.RunAsync(Timeout, command, "--help");
        Assert.Equal(0, code);
        Assert.Equal(wsPort, stdout.Contains("--ws-port", StringComparison.Ordinal));
        Assert.Equal(waitClients, stdout.Contains("--ws-wait-clients", StringComparison.Ordinal));
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
        Assert.Contains("latency per stage", stdout, StringComparison.Ordinal);
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
        Assert.Contains("latency per stage", p.Stdout, StringComparison.Ordinal);
        Assert.Contains("stopped early", p.Stdout, StringComparison.Ordinal);
    }

    private string WriteNoWarmupConfig()
    {
        string path = Path.Combine(scenario.Directory, "no-warmup.json");
        if (!File.Exists(path)) File.WriteAllText(path, """{ "Model": { "WarmupSeconds": 0 } }""");
        return path;
    }
}
