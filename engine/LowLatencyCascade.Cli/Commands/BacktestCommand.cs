using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using LowLatencyCascade.Cli.Backtesting;
using LowLatencyCascade.Feeds.Backtest;

namespace LowLatencyCascade.Cli.Commands;

/// <summary>
/// <c>cascade backtest &lt;captures...&gt; --labels &lt;file&gt;</c>: each capture through the same pipeline as
/// <c>replay</c>, its signals scored against the labels (the spec's backtesting section); <c>--naive</c> also runs
/// the <see cref="NaiveDetector"/> on the same decoded liquidations and prints both side by side.
/// </summary>
internal static class BacktestCommand
{

    public static Command Create()
    {
        var paths = new Argument<string[]>("captures") { Description = "Capture folders or files; each folder is one recording, replayed on its own.", Arity = ArgumentArity.OneOrMore };
        var labels = new Option<FileInfo?>("--labels") { Description = "Label file (JSON lines: symbol, start_ms, peak_ms, end_ms, is_cascade); default: labels.jsonl beside each capture." };
        var json = new Option<FileInfo?>("--json") { Description = "Also write the report as JSON to this file." };
        var naive = new Option<bool>("--naive") { Description = "Also run the naive detector (ALERT when a symbol's last 30 s hold several times its usual rate) and compare." };
        var warmup = new Option<double?>("--warmup") { Description = "Model warm-up in seconds of event time (Model:WarmupSeconds; shipped 600): set it below a short capture's length." };
        var run = new RunOptions();
        var command = new Command("backtest", "Replay labelled captures through the pipeline: detection rate, false-positive rate, lead time before the peak, confusion table per level.")
        {
            paths, labels, json, naive, warmup,
        };
        run.AddTo(command, fanOut: false);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            var settings = run.Load(parse, BacktestSettings.Overrides(parse.GetValue(run.Port) is not null, parse.GetValue(warmup)));
            var sets = CaptureSet.From(parse.GetValue(paths)!, parse.GetValue(labels)?.FullName, labelsRequired: true);
            bool withNaive = parse.GetValue(naive);
            var backtester = new Backtester();
            var modelReports = new List<BacktestReport>();
            var naiveReports = new List<BacktestReport>();
            foreach (var set in sets)
            {
                var signals = await ModelBacktest.RunAsync(settings, set.Paths, null, token);
                modelReports.Add(backtester.Run(signals.Select(s => s.Signal), set.Labels));
                if (withNaive) naiveReports.Add(backtester.Run(NaiveReplay.Run(CaptureLiquidations.Read(set.Paths, token)), set.Labels));
            }
            var model = BacktestReport.Combine(modelReports);
            var baseline = withNaive ? BacktestReport.Combine(naiveReports) : null;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"backtest: {sets.Count} capture(s), {model.CascadeCount} labelled cascade episodes, {model.NonCascadeBursts.Count} non-cascade bursts; model warm-up {settings.Model.WarmupSeconds:0.#} s (above WATCH only on overwhelming evidence until then)"));
            if (baseline is not null) Console.Write(SideBySide(model, baseline));
            Console.WriteLine();
            Console.WriteLine("model:");
            Console.Write(model.ToText());
            if (parse.GetValue(json) is { } file)
            {
                var root = new JsonObject { ["model"] = JsonNode.Parse(model.ToJson()) };
                if (baseline is not null) root["naive"] = JsonNode.Parse(baseline.ToJson());
                File.WriteAllText(file.FullName, root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            }
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    /// <summary>The headline figures of the model and the naive detector, one column each.</summary>
    public static string SideBySide(BacktestReport model, BacktestReport naive)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new System.Text.StringBuilder();
        text.AppendLine(inv, $"{"",-28} | {"model",12} | {"naive",12}");
        Row("detection (ALERT+)", r => $"{r.DetectedCount}/{r.CascadeCount} {r.DetectionRate:P0}");
        Row("false ALERT episodes", r => $"{r.FalsePositiveEpisodes}/{r.SignalEpisodes} {r.FalsePositiveRate:P0}");
        Row("lead before peak, mean", r => Seconds(r.MeanLeadTimeMs));
        Row("lead before peak, median", r => Seconds(r.MedianLeadTimeMs));
        Row("detected before the peak", r => $"{r.Cascades.Count(c => c.LeadTimeMs > 0)}/{r.CascadeCount}");
        Row("non-cascade bursts flagged", r => $"{r.BurstsFlagged}/{r.NonCascadeBursts.Count}");
        return text.ToString();

        void Row(string name, Func<BacktestReport, string> value) => text.AppendLine(inv, $"{name,-28} | {value(model),12} | {value(naive),12}");
        static string Seconds(double? ms) => ms is double v ? (v / 1000).ToString("F1", CultureInfo.InvariantCulture) + " s" : "n/a";
    }
}
