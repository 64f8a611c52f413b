using System.CommandLine;
using LowLatencyCascade.Feeds.Simulation;

namespace LowLatencyCascade.Cli.Commands;

/// <summary>
/// <c>cascade generate &lt;folder&gt;</c>: a synthetic market with labelled cascade episodes, in the three venues' raw
/// formats; with <c>--count N</c>, N markets of consecutive seeds in <c>folder/seed-&lt;n&gt;</c> (what
/// <c>backtest folder/*</c> reads back, each on its own).
/// </summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "Where to write the capture files and labels.jsonl (with --count: one seed-<n> folder per market under it)." };
        var market = new MarketOptions(defaultCount: 1);
        var command = new Command("generate", "Write a synthetic, labelled market (Hawkes-type liquidations with cascades across venues) as captures.")
        {
            folder,
        };
        market.AddTo(command);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(token =>
        {
            var scenarios = market.Scenarios(parse);
            var dir = parse.GetValue(folder)!;
            dir.Create();
            foreach (var scenario in scenarios)
            {
                token.ThrowIfCancellationRequested();
                string target = parse.GetValue(market.Count) > 1 ? MarketOptions.FolderOf(dir.FullName, scenario) : dir.FullName;
                var result = ScenarioGenerator.GenerateToDirectory(target, scenario);
                Console.WriteLine($"generated {result.Frames:N0} frames in {result.CaptureFiles.Count} files, {result.Labels.Count} labelled episodes ({result.LabelFile})");
                foreach (var f in result.CaptureFiles) Console.WriteLine($"  {f}");
            }
            return Task.FromResult(ExitCodes.Success);
        }, ct));
        return command;
    }
}
