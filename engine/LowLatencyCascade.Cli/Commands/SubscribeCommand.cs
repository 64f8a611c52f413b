using System.CommandLine;
using LowLatencyCascade.Engine.Publishing;

namespace LowLatencyCascade.Cli.Commands;

/// <summary><c>cascade subscribe &lt;channel&gt;</c>: print signals from Redis as they arrive.</summary>
internal static class SubscribeCommand
{
    public static Command Create()
    {
        var channel = new Argument<string[]>("channel")
        {
            Description = "cascade:signals (every signal), cascade:alerts (ALERT and above) or cascade:critical (CRITICAL and above).",
            Arity = ArgumentArity.OneOrMore,
        };
        var redis = new Option<string>("--redis") { Description = "Redis host:port.", DefaultValueFactory = _ => "127.0.0.1:6379" };
        var command = new Command("subscribe", "Print signals published on Redis channels as they arrive (Ctrl+C to stop).") { channel, redis };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            using var shutdown = new Hosting.ShutdownSignal(token);
            try
            {
                await SignalConsolePrinter.RunAsync(parse.GetValue(redis)!, parse.GetValue(channel)!, Console.Out, shutdown.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
            {
            }
            return ExitCodes.Success;
        }, ct));
        return command;
    }
}
