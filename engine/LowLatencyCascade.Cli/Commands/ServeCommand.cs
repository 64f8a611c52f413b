using System.CommandLine;
using LowLatencyCascade.Hosting;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Serving;

namespace LowLatencyCascade.Cli.Commands;

/// <summary>
/// <c>cascade serve &lt;captures&gt; --port N</c>: plays a recorded market over WebSocket on 127.0.0.1, speaking each
/// venue's own URL scheme, subscribe and ping protocol (<see cref="VenueWebSocketServer"/>), so that
/// <c>cascade live --binance-url ...</c>, or a user's own client, can be tested against it. Each frame goes to the
/// clients of its venue that subscribed to its stream.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("captures") { Description = "Capture files (tardis.dev raw layout, .gz or plain) or folders of them.", Arity = ArgumentArity.OneOrMore };
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => 9443 };
        var speed = new Option<double>("--speed") { Description = "Play at N times the recorded pace; 0 = as fast as the clients take the frames.", DefaultValueFactory = _ => 1 };
        var loop = new Option<bool>("--loop") { Description = "Start again from the beginning at the end (default: stop)." };
        var clients = new Option<int>("--wait-clients") { Description = "Wait for this many subscribed clients before playing (each pass).", DefaultValueFactory = _ => 1 };
        var faults = new Option<string?>("--faults")
        {
            Description = "Inject faults while serving: 'all' or a comma list of " + VenueFaultPlan.Names +
                ", optionally with every=<mean time between faults, default 5s> and for=<silence/stall length, default 3s>. Example: --faults all,every=2s",
        };
        var faultSeed = new Option<int>("--faults-seed") { Description = "Random seed of the fault schedule (venues, intervals).", DefaultValueFactory = _ => 1 };
        var command = new Command("serve", "Serve captured markets over WebSocket on 127.0.0.1 with each venue's own URLs and protocol (a local fake exchange).")
        {
            paths, port, speed, loop, clients, faults, faultSeed,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            int p = parse.GetValue(port);
            double s = parse.GetValue(speed);
            int wait = parse.GetValue(clients);
            if (p is < 0 or > 65535) throw new Hosting.Configuration.ConfigurationErrorException([$"--port: {p} is not a TCP port"]);
            if (s < 0 || !double.IsFinite(s)) throw new Hosting.Configuration.ConfigurationErrorException([$"--speed: must be >= 0 (was {s})"]);
            if (wait < 0) throw new Hosting.Configuration.ConfigurationErrorException([$"--wait-clients: must be >= 0 (was {wait})"]);
            VenueFaultPlan? plan = null;
            if (parse.GetValue(faults) is { } spec)
            {
                try { plan = VenueFaultPlan.Parse(spec, parse.GetValue(faultSeed)); }
                catch (FormatException e) { throw new Hosting.Configuration.ConfigurationErrorException([$"--faults: {e.Message}"]); }
            }
            var source = new CaptureFrameSource(parse.GetValue(paths)!);
            using var shutdown = new ShutdownSignal(token);
            await using var server = new VenueWebSocketServer(new VenueServerOptions { Port = p });
            await server.StartAsync(shutdown.Token).ConfigureAwait(false);
            Console.WriteLine($"serving {source.Files.Count} capture files on 127.0.0.1:{server.Port}; point the client at:");
            Console.WriteLine($"  --binance-url {server.Endpoint(Exchange.Binance)}");
            Console.WriteLine($"  --bybit-url   {server.Endpoint(Exchange.Bybit)}");
            Console.WriteLine($"  --okx-url     {server.Endpoint(Exchange.Okx)}");
            var injector = plan is null ? null : new VenueFaultInjector(server, plan, line => Console.WriteLine(line));
            using var stopFaults = CancellationTokenSource.CreateLinkedTokenSource(shutdown.Token);
            var faulting = injector?.RunAsync(stopFaults.Token) ?? Task.CompletedTask;
            if (plan is not null)
                Console.WriteLine($"injecting faults: {string.Join(", ", plan.Kinds.Select(VenueFaultPlan.Name))}, one every {plan.Every.TotalSeconds:0.###} s on average (seed {plan.Seed})");
            try
            {
                do
                {
                    if (wait > 0)
                    {
                        Console.WriteLine($"waiting for {wait} subscribed client(s)...");
                        await server.WaitUntilAsync(v => Subscribed(v) >= wait, shutdown.Token).ConfigureAwait(false);
                    }
                    var report = await server.PlayAsync(source, s, shutdown.Token).ConfigureAwait(false);
                    Console.WriteLine($"played {report.Frames:N0} frames: {report.Deliveries:N0} deliveries, {report.Undelivered:N0} matched no subscribed client" +
                        (source.Summary is { } summary && summary.Disconnects > 0 ? $"; {summary.Disconnects:N0} recorded disconnect markers skipped" : ""));
                }
                while (parse.GetValue(loop) && !shutdown.Token.IsCancellationRequested);
            }
            catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
            {
                Console.WriteLine("stopped");
            }
            finally
            {
                stopFaults.Cancel();
                await faulting.ConfigureAwait(false);
                if (injector is not null)
                    Console.WriteLine($"faults injected: {injector.Total:N0} (" + string.Join(", ", Enum.GetValues<VenueFaultKind>()
                        .Where(k => injector.Injected(k) > 0).Select(k => $"{VenueFaultPlan.Name(k)}={injector.Injected(k):N0}")) +
                        $"); frames withheld by silenced streams: {server.FramesWithheld:N0}");
            }
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    /// <summary>Connected clients that have subscribed to at least one stream.</summary>
    private static int Subscribed(VenueWebSocketServer server) =>
        new[] { Exchange.Binance, Exchange.Bybit, Exchange.Okx }.Sum(e => server.Subscriptions(e).Count(topics => topics.Count > 0));
}
