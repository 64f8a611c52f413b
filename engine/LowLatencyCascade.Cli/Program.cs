using System.CommandLine;
using LowLatencyCascade.Cli.Commands;

namespace LowLatencyCascade.Cli;

/// <summary>
/// The <c>cascade</c> executable. Exit codes: 0 success, 2 usage or configuration error, 1 runtime failure.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = BuildRoot();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine($"cascade: {error.Message}");
            Console.Error.WriteLine("cascade: see 'cascade --help'");
            return ExitCodes.Usage;
        }
        // Ctrl+C / SIGTERM are handled by ShutdownSignal (drain, flush, report; a second signal forces exit).
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand(
            "cascade: detects liquidation cascades in crypto perpetual-futures markets (Binance, Bybit, OKX) " +
            "with a low-latency in-process pipeline.\n" +
            "Start with 'cascade demo' (what ./run.sh runs), then 'cascade replay <capture>' or 'cascade live'.");
        root.Add(DemoCommand.Create());
        root.Add(ReplayCommand.Create());
        root.Add(GenerateCommand.Create());
        root.Add(SubscribeCommand.Create());
        root.Add(LiveCommand.Create());
        root.Add(RecordCommand.Create());
        root.Add(ServeCommand.Create());
        root.Add(BenchCommand.Create());
        root.Add(BacktestCommand.Create());
        root.Add(FitWeightsCommand.Create());
        root.Add(CalibrateCommand.Create());
        return root;
    }
}

public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
}
