using LowLatencyCascade.Cli.Configuration;
using System.CommandLine;
using LowLatencyCascade.Hosting.Configuration;
using LowLatencyCascade.Hosting;
using LowLatencyCascade.Hosting.Live;
using LowLatencyCascade.Engine.Events;
using Spectre.Console;

namespace LowLatencyCascade.Cli.Commands;

/// <summary>
/// <c>cascade record [DIR]</c>: the venues' connections and a capture writer per connection, no model. Frames are
/// still decoded (so bad ones are counted and reported) but published nowhere. Stops on Ctrl+C / SIGTERM or after
/// <c>--duration</c>, then closes every file as a complete gzip stream.
/// </summary>
internal static class RecordCommand
{
    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo?>("folder") { Description = "Where to write the captures (default: Capture:Directory).", Arity = ArgumentArity.ZeroOrOne };
        var feed = new FeedCommandOptions();
        var config = RunOptions.NewConfig();
        var command = new Command("record", "Record the venues' raw WebSocket frames (tardis.dev raw layout, rotated by size and hour) without running the model.")
        {
            folder, config,
        };
        feed.AddTo(command);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            var settings = SettingsLoader.Load(parse.GetValue(config)?.FullName, feed.Overrides(parse));
            var venues = LiveFeeds.SelectVenues(settings.Feeds, feed.SelectedVenues(parse));
            var duration = feed.GetDuration(parse);
            string dir = parse.GetValue(folder)?.FullName ?? Path.GetFullPath(settings.Capture.Directory);
            using var shutdown = new ShutdownSignal(token);

            var symbols = new SymbolTable(settings.Model.MaxSymbols);
            foreach (var s in settings.Feeds.Symbols) symbols.GetOrAdd(s);
            var counters = new FrameCounters();
            var recorder = new CaptureRecorder(dir, settings.Capture);
            IReadOnlyList<ConnectionSummary> connections;
            try
            {
                await using var feeds = await LiveFeeds.CreateAsync(settings, venues, symbols, counters, ring: null, recorder, Console.Error, shutdown.Token)
                    .ConfigureAwait(false);
                Console.Error.WriteLine($"cascade: recording {string.Join(", ", venues.Select(ExchangeInfo.Name))} into {recorder.Directory} (Ctrl+C to stop)");
                await feeds.StartAsync(shutdown.Token).ConfigureAwait(false);
                try
                {
                    await Task.Delay(duration ?? Timeout.InfiniteTimeSpan, shutdown.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
                {
                    // Stop cleanly below.
                }
                await feeds.StopAsync().ConfigureAwait(false);
                connections = feeds.Connections.Select(c => new ConnectionSummary(c.Name, c.Tally.Frames, c.Tally.EventFrames, c.Tally.Events,
                    c.Tally.ControlFrames, c.Tally.RejectedFrames, c.Health.Drops, c.Health.ReconnectAttempts)).ToList();
            }
            finally
            {
                await recorder.DisposeAsync().ConfigureAwait(false);
            }

            var console = AnsiConsole.Console;
            console.MarkupLine($"[bold]frames[/] {counters.Frames:N0}: {counters.EventFrames:N0} with events, {counters.Control:N0} control, {counters.Rejected:N0} rejected");
            LiveReport.PrintRejected(console, counters);
            console.Write(LiveReport.ConnectionTable(connections));
            console.MarkupLine($"[bold]recorded[/] {recorder.FramesEnqueued:N0} frames in {recorder.Files.Count} files ({recorder.FramesNotRecorded:N0} not recorded)");
            foreach (var file in recorder.Files) console.MarkupLine($"  {Markup.Escape(file)}");
            return ExitCodes.Success;
        }, ct));
        return command;
    }
}
