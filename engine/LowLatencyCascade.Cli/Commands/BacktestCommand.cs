using LowLatencyCascade.Cli.Dashboard;
using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using LowLatencyCascade.Hosting.Dashboard;
using LowLatencyCascade.Hosting.Backtesting;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Feeds.Simulation;

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
        var paths = new Argument<string[]>("captures") { Description = "Capture folders or files; each folder is one recording, replayed on its own (none with --count).", Arity = ArgumentArity.ZeroOrMore };
        var labels = new Option<FileInfo?>("--labels") { Description = "Label file (JSON lines: symbol, start_ms, peak_ms, end_ms, is_cascade); default: labels.jsonl beside each capture." };
        var json = new Option<FileInfo?>("--json") { Description = "Also write the report as JSON to this file (each capture, the aggregate, the false runs)." };
        var naive = new Option<bool>("--naive") { Description = "Also run the naive detector (ALERT when a symbol's last 30 s hold several times its usual rate) and compare." };
        var warmup = new Option<double?>("--warmup") { Description = "Model warm-up in seconds of event time (Model:WarmupSeconds; shipped 600): set it below a short capture's length." };
        var falseRuns = new Option<bool>("--false-runs") { Description = "List every false ALERT run with what carried it (component or override, market factor, volatility, context)." };
        var market = new MarketOptions(defaultCount: 0);
        var run = new RunOptions();
        var command = new Command("backtest", "Replay labelled captures (or --count generated markets) through the pipeline: per capture and pooled, detection rate, false ALERT runs and what carried them, lead time before the peak, confusion table per level.")
        {
            paths, labels, json, naive, warmup, falseRuns,
        };
        market.AddTo(command);
        run.AddTo(command, fanOut: false);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            var settings = run.Load(parse, BacktestSettings.Overrides(parse.GetValue(run.Port) is not null, parse.GetValue(warmup)));
            var captures = parse.GetValue(paths) ?? [];
            int count = parse.GetValue(market.Count);
            string? generatedRoot = null;
            IReadOnlyList<CaptureSet> sets;
            if (count > 0)
            {
                if (captures.Length > 0) throw new Hosting.Configuration.ConfigurationErrorException(["--count: generates the markets to backtest; give either captures or --count, not both"]);
                var scenarios = market.Scenarios(parse);
                generatedRoot = Path.Combine(Path.GetTempPath(), $"cascade-backtest-{Environment.ProcessId}-{Guid.NewGuid():N}");
                var list = new List<CaptureSet>();
                foreach (var scenario in scenarios)
                {
                    var result = ScenarioGenerator.GenerateToDirectory(MarketOptions.FolderOf(generatedRoot, scenario), scenario);
                    list.Add(new CaptureSet($"seed-{scenario.Seed}", result.CaptureFiles, result.Labels));
                }
                sets = list;
                Console.WriteLine($"backtest: generated {scenarios.Count} market(s), seeds {scenarios[0].Seed}..{scenarios[^1].Seed}, {scenarios[0].Duration.TotalMinutes:0.#} min, {scenarios[0].CascadeEpisodes} episodes, {(scenarios[0].Difficulty == ScenarioDifficulty.Hard ? "hard" : "normal")}{(scenarios[0].Varied ? ", varied" : "")}");
            }
            else
            {
                if (captures.Length == 0) throw new Hosting.Configuration.ConfigurationErrorException(["captures: give capture folders, or --count N to backtest N generated markets"]);
                sets = CaptureSet.From(captures, parse.GetValue(labels)?.FullName, labelsRequired: true);
            }
            try
            {
                bool withNaive = parse.GetValue(naive);
                var weights = string.IsNullOrEmpty(settings.WeightsFile) ? settings.Model.Weights : ScoringWeights.Load(settings.WeightsFile);
                var backtester = new Backtester();
                var modelReports = new List<BacktestReport>();
                var naiveReports = new List<BacktestReport?>();
                var runs = new List<FalseRun>();
                foreach (var set in sets)
                {
                    var signals = await ModelBacktest.RunAsync(settings, set.Paths, null, token, DashboardPage.Html);
                    modelReports.Add(backtester.Run(signals.Select(s => s.Signal), set.Labels));
                    naiveReports.Add(withNaive ? backtester.Run(NaiveReplay.Run(CaptureLiquidations.Read(set.Paths, token)), set.Labels) : null);
                    runs.AddRange(FalseRunAttribution.Find(ShortName(set.Name), signals, set.Labels, weights, settings.Model.Thresholds.Alert));
                }
                var model = BacktestReport.Combine(modelReports);
                var baseline = withNaive ? BacktestReport.Combine([.. naiveReports.Select(r => r!)]) : null;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"backtest: {sets.Count} capture(s), {model.CascadeCount} labelled cascade episodes, {model.NonCascadeBursts.Count} non-cascade episodes (decoys); model warm-up {settings.Model.WarmupSeconds:0.#} s (above WATCH only on overwhelming evidence until then)"));
                if (sets.Count > 1) Console.Write(PerCapture(sets, modelReports, naiveReports));
                if (baseline is not null) Console.Write(SideBySide(model, baseline));
                Console.WriteLine();
                Console.Write(FalseRunAttribution.ToText(runs, perRun: parse.GetValue(falseRuns)));
                Console.WriteLine();
                Console.WriteLine(sets.Count > 1 ? "model, all captures:" : "model:");
                Console.Write(model.ToText());
                if (parse.GetValue(json) is { } file)
                {
                    var root = new JsonObject { ["model"] = JsonNode.Parse(model.ToJson()) };
                    if (baseline is not null) root["naive"] = JsonNode.Parse(baseline.ToJson());
                    var each = new JsonArray();
                    for (int i = 0; i < sets.Count; i++)
                    {
                        var one = new JsonObject { ["capture"] = sets[i].Name, ["model"] = JsonNode.Parse(modelReports[i].ToJson()) };
                        if (naiveReports[i] is { } n) one["naive"] = JsonNode.Parse(n.ToJson());
                        each.Add(one);
                    }
                    root["captures"] = each;
                    root["false_runs"] = new JsonArray([.. runs.Select(r => (JsonNode)new JsonObject
                    {
                        ["capture"] = r.Capture, ["symbol"] = r.Symbol, ["from_ms"] = r.FromMs, ["to_ms"] = r.ToMs,
                        ["max_level"] = SignalLevels.Name(r.MaxLevel), ["probability"] = r.Probability, ["carrier"] = r.Carrier,
                        ["market_factor"] = r.MarketFactor, ["vol_risk_multiplier"] = r.VolRiskMultiplier,
                        ["boosts"] = new JsonArray([.. r.Boosts.Select(b => (JsonNode)JsonValue.Create(b))]),
                        ["oi_change_1m"] = r.OiChange1m, ["context"] = r.Context,
                    })]);
                    File.WriteAllText(file.FullName, root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
                }
                return ExitCodes.Success;
            }
            finally
            {
                if (generatedRoot is not null && Directory.Exists(generatedRoot)) Directory.Delete(generatedRoot, recursive: true);
            }
        }, ct));
        return command;
    }

    private static string ShortName(string name) => Path.GetFileName(name.TrimEnd(Path.DirectorySeparatorChar)) is { Length: > 0 } n ? n : name;

    /// <summary>One row per capture: detection, false ALERT runs, median lead, decoys flagged (model, then naive when run).</summary>
    public static string PerCapture(IReadOnlyList<CaptureSet> sets, IReadOnlyList<BacktestReport> model, IReadOnlyList<BacktestReport?> naive)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new System.Text.StringBuilder();
        bool withNaive = naive.Any(n => n is not null);
        text.AppendLine(inv, $"{"capture",-16} | {"detected",12} | {"false ALERT",12} | {"median lead",11} | {"decoys hit",10}{(withNaive ? $" | {"naive det.",12} | {"naive false",12}" : "")}");
        for (int i = 0; i < sets.Count; i++) Row(ShortName(sets[i].Name), model[i], naive[i]);
        Row("all", BacktestReport.Combine(model), withNaive ? BacktestReport.Combine([.. naive.Select(n => n!)]) : null);
        var rates = model.Select(r => r.FalsePositiveRate).Order().ToArray();
        var detections = model.Select(r => r.DetectionRate).Order().ToArray();
        text.AppendLine(inv, $"per capture: detection {detections[0]:P1} to {detections[^1]:P1} (median {Median(detections):P1}), false ALERT share {rates[0]:P1} to {rates[^1]:P1} (median {Median(rates):P1})");
        return text.ToString();

        void Row(string name, BacktestReport m, BacktestReport? n)
        {
            string modelPart = string.Format(inv, "{0,-16} | {1,12} | {2,12} | {3,11} | {4,10}", name,
                $"{m.DetectedCount}/{m.CascadeCount} {m.DetectionRate.ToString("P0", inv)}",
                $"{m.FalsePositiveEpisodes}/{m.SignalEpisodes} {m.FalsePositiveRate.ToString("P0", inv)}",
                Seconds(m.MedianLeadTimeMs), $"{m.BurstsFlagged}/{m.NonCascadeBursts.Count}");
            string naivePart = n is null ? "" : string.Format(inv, " | {0,12} | {1,12}",
                $"{n.DetectedCount}/{n.CascadeCount} {n.DetectionRate.ToString("P0", inv)}",
                $"{n.FalsePositiveEpisodes}/{n.SignalEpisodes} {n.FalsePositiveRate.ToString("P0", inv)}");
            text.AppendLine(modelPart + naivePart);
        }
        static double Median(double[] v) => v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
        static string Seconds(double? ms) => ms is double v ? (v / 1000).ToString("F1", CultureInfo.InvariantCulture) + " s" : "n/a";
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
