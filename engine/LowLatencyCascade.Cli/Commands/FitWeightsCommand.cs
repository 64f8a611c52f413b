using LowLatencyCascade.Cli.Dashboard;
using System.CommandLine;
using System.Globalization;
using LowLatencyCascade.Hosting.Dashboard;
using LowLatencyCascade.Hosting.Backtesting;
using LowLatencyCascade.Engine.Model;

namespace LowLatencyCascade.Cli.Commands;

/// <summary>
/// <c>cascade fit-weights &lt;captures...&gt; --labels &lt;file&gt; --out weights.json</c>: the spec's machine-learning
/// step. Each capture runs through the pipeline; every generated signal's six component scores become a sample,
/// positive inside [start, peak] of a labelled cascade of its symbol; <see cref="LogisticWeightFitter"/> fits
/// them and the weights are written in the file format the scorer loads (<c>--weights</c> / <c>WeightsFile</c>).
/// </summary>
internal static class FitWeightsCommand
{

    public static Command Create()
    {
        var paths = new Argument<string[]>("captures") { Description = "Labelled capture folders or files; each folder is one recording.", Arity = ArgumentArity.OneOrMore };
        var labels = new Option<FileInfo?>("--labels") { Description = "Label file; default: labels.jsonl beside each capture." };
        var output = new Option<FileInfo>("--out") { Description = "Weights file to write.", Required = true };
        var warmup = new Option<double?>("--warmup") { Description = "Model warm-up in seconds of event time (Model:WarmupSeconds; shipped 600): set it below a short capture's length." };
        var run = new RunOptions();
        var command = new Command("fit-weights", "Fit the six scoring weights by logistic regression on labelled captures; write a weights file the scorer loads.")
        {
            paths, labels, output, warmup,
        };
        run.AddTo(command, fanOut: false);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            var settings = run.Load(parse, BacktestSettings.Overrides(parse.GetValue(run.Port) is not null, parse.GetValue(warmup)));
            var sets = CaptureSet.From(parse.GetValue(paths)!, parse.GetValue(labels)?.FullName, labelsRequired: true);
            var samples = new List<WeightSample>();
            foreach (var set in sets)
            {
                var signals = await ModelBacktest.RunAsync(settings, set.Paths, null, token, DashboardPage.Html);
                samples.AddRange(ModelBacktest.Samples(signals, set.Labels));
            }
            WeightFit fit;
            try
            {
                fit = new LogisticWeightFitter().Fit(samples);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                Console.Error.WriteLine($"cascade: fit-weights: {ex.Message}");
                return ExitCodes.Failure;
            }
            var file = parse.GetValue(output)!;
            fit.Weights.Save(file.FullName);
            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(inv, $"fit-weights: {fit.Samples:N0} samples ({samples.Count(s => s.InCascade):N0} in a cascade build-up), log-loss {fit.LogLoss:F4} -> {file.FullName}"));
            for (int i = 0; i < ScoringWeights.Count; i++)
            {
                Console.WriteLine(string.Create(inv, $"  {ScoringWeights.Names[i],-13} weight {fit.Weights[i]:F3}   (coefficient {fit.Coefficients[i],8:F3})"));
            }
            return ExitCodes.Success;
        }, ct));
        return command;
    }
}
