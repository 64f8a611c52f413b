using LowLatencyCascade.Cli.Dashboard;
using System.CommandLine;
using LowLatencyCascade.Hosting.Dashboard;
using LowLatencyCascade.Hosting;
using LowLatencyCascade.Hosting.Backtesting;
using LowLatencyCascade.Feeds.Capture;
using LowLatencyCascade.Feeds.Simulation;
using Spectre.Console;

namespace LowLatencyCascade.Cli.Commands;

/// <summary>
/// <c>cascade demo</c> (what <c>./run.sh</c> runs): the built-in scenario, a synthetic market generated from a fixed
/// seed (so no data ships with the binary and no network is needed), replayed through the whole pipeline; prints
/// the level changes, the run summary, the latency report and how the signals compare with the scenario's labels.
/// </summary>
internal static class DemoCommand
{
    /// <summary>
    /// The built-in scenario: fixed seed, a quiet first minute (the demo's warm-up), then two cascades on all three
    /// venues two and a half minutes apart.
    /// </summary>
    public static ScenarioOptions Scenario(int seed) => new()
    {
        Seed = seed,
        Duration = TimeSpan.FromMinutes(6),
        QuietStart = TimeSpan.FromMinutes(1),
        CascadeEpisodes = 2,
    };

    public static Command Create()
    {
        var seed = new Option<int>("--seed") { Description = "Seed of the built-in scenario.", DefaultValueFactory = _ => 7 };
        var keep = new Option<DirectoryInfo?>("--keep") { Description = "Keep the generated capture and labels in this folder (default: a temporary folder, removed afterwards)." };
        var reportJson = RunOptions.NewReportJson();
        var run = new RunOptions();
        var command = new Command("demo", "Replay the built-in synthetic scenario through the whole pipeline (what ./run.sh runs): signals, summary, latency report, backtest against its labels.")
        {
            seed, keep, reportJson,
        };
        run.AddTo(command, stateFile: true);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            // The scenario's quiet first minute is its warm-up: baselines then are the market's own, as they have always been in the demo.
            var settings = run.Load(parse, new Dictionary<string, string?> { ["Model:WarmupSeconds"] = "60" });
            var kept = parse.GetValue(keep);
            string dir = kept?.FullName ?? Path.Combine(Path.GetTempPath(), $"cascade-demo-{Environment.ProcessId}");
            Directory.CreateDirectory(dir);
            try
            {
                var scenario = ScenarioGenerator.GenerateToDirectory(dir, Scenario(parse.GetValue(seed)));
                Console.WriteLine($"demo: built-in scenario (seed {parse.GetValue(seed)}): {scenario.Frames:N0} frames from Binance, Bybit and OKX, " +
                    $"{scenario.Labels.Count(l => l.IsCascade)} labelled cascade episodes; replaying through the pipeline...");
                var collector = new SignalCollector();
                using var shutdown = new ShutdownSignal(token);
                bool quiet = parse.GetValue(run.Quiet);
                var result = await ReplayRun.RunAsync(settings, scenario.CaptureFiles, new HostRunOptions
                {
                    DashboardPage = DashboardPage.Html,
                    FanOut = true,
                    SignalsOut = parse.GetValue(run.SignalsOut)?.FullName,
                    Console = quiet ? null : Console.Out,
                    ExtraSinks = [collector],
                }, new CaptureReplayOptions(), host => { collector.Bind(host.Symbols); host.Announce(Console.Error); }, shutdown.Token);
                RunReport.Print(AnsiConsole.Console, result);
                if (parse.GetValue(reportJson) is { } jsonFile) RunSummaryJson.Write(jsonFile.FullName, "demo", result);
                var report = new Backtester(new BacktestOptions()).Run(collector.Signals(), scenario.Labels);
                Console.WriteLine();
                Console.WriteLine("backtest against the scenario's labels:");
                Console.WriteLine(report.ToText());
                return result.Capture.Cancelled ? ExitCodes.Failure : ExitCodes.Success;
            }
            finally
            {
                if (kept is null) Directory.Delete(dir, recursive: true);
            }
        }, ct));
        return command;
    }
}
