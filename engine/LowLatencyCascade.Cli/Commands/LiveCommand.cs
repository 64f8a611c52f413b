using LowLatencyCascade.Cli.Dashboard;
using System.CommandLine;
using LowLatencyCascade.Hosting.Dashboard;
using LowLatencyCascade.Hosting;
using LowLatencyCascade.Hosting.Live;
using Spectre.Console;

namespace LowLatencyCascade.Cli.Commands;

/// <summary>
/// <c>cascade live</c>: the venues' public WebSocket feeds through the whole pipeline. Warm-up first, then signals
/// until Ctrl+C / SIGTERM (or <c>--duration</c>): the feeds stop, the ring drains, captures and sinks flush and the
/// final summary and latency report print; a second signal forces exit.
/// </summary>
internal static class LiveCommand
{
    public static Command Create()
    {
        var feed = new FeedCommandOptions();
        var record = new Option<DirectoryInfo?>("--record") { Description = "Also record every connection's frames into this folder (tardis.dev raw layout; 'cascade replay' reads it back)." };
        var all = new Option<bool>("--all-signals") { Description = "Print every generated signal, not only level changes." };
        var warmFrom = new Option<string?>("--warm-from") { Description = "Before connecting, replay the newest --warm-minutes of this capture folder (what --record wrote) through the model, so it starts warm (nothing of it is published)." };
        var warmMinutes = new Option<double>("--warm-minutes") { Description = "Minutes of --warm-from to replay, back from its newest frame.", DefaultValueFactory = _ => LiveWarmFrom.DefaultMinutes };
        var reportJson = RunOptions.NewReportJson();
        var run = new RunOptions();
        var command = new Command("live", "Connect to Binance, Bybit and OKX and run the pipeline on their feeds until Ctrl+C (or --duration): signals, summary, latency report.")
        {
            record, all, warmFrom, warmMinutes,
        };
        feed.AddTo(command);
        command.Add(reportJson);
        run.AddTo(command, waitForClients: false, stateFile: true);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            var settings = run.Load(parse, feed.Overrides(parse));
            var venues = feed.SelectedVenues(parse);
            var duration = feed.GetDuration(parse);
            string? warmFolder = parse.GetValue(warmFrom);
            double minutes = parse.GetValue(warmMinutes);
            if (warmFolder is not null) LiveWarmFrom.Files(warmFolder, minutes); // a bad folder or --warm-minutes fails here, before any connection
            else if (parse.GetResult(warmMinutes) is { Implicit: false }) throw new Hosting.Configuration.ConfigurationErrorException(["--warm-minutes: only with --warm-from <capture folder>"]);
            bool quiet = parse.GetValue(run.Quiet);
            using var shutdown = new ShutdownSignal(token);
            var result = await LiveRun.RunAsync(settings, new HostRunOptions
            {
                DashboardPage = DashboardPage.Html,
                FanOut = true,
                SignalsOut = parse.GetValue(run.SignalsOut)?.FullName,
                Console = quiet ? null : Console.Out,
                PrintAllSignals = parse.GetValue(all),
            }, new LiveRunOptions
            {
                Venues = venues,
                Duration = duration,
                RecordDirectory = parse.GetValue(record)?.FullName,
                Status = Console.Error,
                WarmFrom = warmFolder,
                WarmMinutes = minutes,
            }, cancellationToken: shutdown.Token).ConfigureAwait(false);
            LiveReport.Print(AnsiConsole.Console, result);
            if (parse.GetValue(reportJson) is { } jsonFile) RunSummaryJson.Write(jsonFile.FullName, result);
            return ExitCodes.Success;
        }, ct));
        return command;
    }
}
