using LowLatencyCascade.Cli.Dashboard;
using System.CommandLine;
using LowLatencyCascade.Hosting.Dashboard;
using LowLatencyCascade.Hosting;
using LowLatencyCascade.Feeds.Capture;
using Spectre.Console;

namespace LowLatencyCascade.Cli.Commands;

/// <summary><c>cascade replay &lt;files or folders&gt;</c>: captured frames through the same decoders and stages as live.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("captures") { Description = "Capture files (tardis.dev raw layout, .gz or plain) or folders of them.", Arity = ArgumentArity.OneOrMore };
        var speed = new Option<double>("--speed") { Description = "Replay at N times real time (default: as fast as possible). Signals are the same at any speed.", DefaultValueFactory = _ => 0 };
        var verify = new Option<FileInfo?>("--verify") { Description = "Compare the generated signals with a golden JSONL file from an earlier run (timing fields aside); exit 1 at the first difference." };
        var strict = new Option<bool>("--strict") { Description = "Stop at the first bad capture line (default: report, count and go on)." };
        var all = new Option<bool>("--all-signals") { Description = "Print every generated signal, not only level changes." };
        var noReadAhead = new Option<bool>("--no-read-ahead") { Description = "Read and decompress the captures on the replay thread itself instead of one thread per file (for a single-core box; the frames and signals are the same)." };
        var reportJson = RunOptions.NewReportJson();
        var run = new RunOptions();
        var command = new Command("replay", "Replay captured feeds through the whole pipeline; print level changes, the summary and the latency report.")
        {
            paths, speed, verify, strict, all, noReadAhead, reportJson,
        };
        run.AddTo(command, stateFile: true);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            RunOptions.CheckCapturePaths(parse.GetValue(paths)!);
            var settings = run.Load(parse);
            double s = parse.GetValue(speed);
            if (s < 0) throw new Hosting.Configuration.ConfigurationErrorException([$"--speed: must be >= 0 (was {s})"]);
            var golden = parse.GetValue(verify);
            if (golden is not null && !golden.Exists) throw new Hosting.Configuration.ConfigurationErrorException([$"--verify: file '{golden.FullName}' does not exist"]);
            string? signalsOut = parse.GetValue(run.SignalsOut)?.FullName;
            string? temp = null;
            if (golden is not null && signalsOut is null) signalsOut = temp = Path.Combine(Path.GetTempPath(), $"cascade-verify-{Environment.ProcessId}.jsonl");
            if (signalsOut is not null) File.Delete(signalsOut);
            bool quiet = parse.GetValue(run.Quiet);
            var progress = ReplayProgress.ForConsole();
            var files = CaptureReplayer.ExpandPaths(RunOptions.CheckCapturePaths(parse.GetValue(paths)!));
            if (!quiet) Console.WriteLine($"replay: starting, {files.Count} capture file(s){(s > 0 ? $" at {s}x real time" : ", as fast as possible")}");
            using var shutdown = new ShutdownSignal(token);
            try
            {
                var result = await ReplayRun.RunAsync(settings, files, new HostRunOptions
                {
                    DashboardPage = DashboardPage.Html,
                    FanOut = true,
                    SignalsOut = signalsOut,
                    Console = quiet ? null : Console.Out,
                    PrintAllSignals = parse.GetValue(all),
                }, new CaptureReplayOptions
                {
                    Speed = s,
                    Strict = parse.GetValue(strict),
                    ReadAhead = !parse.GetValue(noReadAhead),
                    Progress = quiet ? null : progress.Report,
                },
                host => host.Announce(Console.Error),
                shutdown.Token);
                RunReport.Print(AnsiConsole.Console, result);
                if (parse.GetValue(reportJson) is { } jsonFile) RunSummaryJson.Write(jsonFile.FullName, "replay", result);
                if (result.Capture.Cancelled)
                {
                    // A stop the user asked for (Ctrl+C, SIGTERM) that drained and flushed cleanly is a success.
                    Console.WriteLine($"stopped early: {result.Frames.Frames:N0} frames replayed; every published slot went through every stage ({result.ObservedSlots:N0} of {result.PublishedSlots:N0})");
                    return ExitCodes.Success;
                }
                if (golden is not null)
                {
                    var diff = GoldenComparer.Compare(golden.FullName, signalsOut!);
                    if (diff is not null)
                    {
                        Console.Error.WriteLine($"cascade: verify: signals differ from {golden.Name}: {diff}");
                        return ExitCodes.Failure;
                    }
                    Console.WriteLine($"verify: signals identical to {golden.Name} (timing fields aside)");
                }
                return ExitCodes.Success;
            }
            finally
            {
                if (temp is not null) File.Delete(temp);
            }
        }, ct));
        return command;
    }
}
