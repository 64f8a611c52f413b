using LowLatencyCascade.Cli.Configuration;
using System.CommandLine;
using System.Globalization;
using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Hosting.Backtesting;
using LowLatencyCascade.Hosting.Configuration;

namespace LowLatencyCascade.Cli.Commands;

/// <summary>
/// <c>cascade calibrate &lt;captures...&gt; --out calibration.json</c>: per-symbol velocity and volume scales from
/// the captures' observed liquidation rates (<see cref="RateCalibrator"/>) and, where a symbol's history supports it,
/// its own level thresholds (<see cref="ThresholdCalibrator"/>: the captures replayed through the model with those
/// scales), written as the calibration file that <c>--calibration</c> / <c>CalibrationFile</c> loads.
/// </summary>
internal static class CalibrateCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("captures") { Description = "Capture files or folders to measure.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<FileInfo>("--out") { Description = "Calibration file to write.", Required = true };
        var config = RunOptions.NewConfig();
        var minMinutes = new Option<int>("--min-minutes") { Description = "Own thresholds only for a symbol with a liquidation in at least this many distinct minutes (default 30).", DefaultValueFactory = _ => 30 };
        var minLiquidations = new Option<int>("--min-liquidations") { Description = "Own thresholds only for a symbol with at least this many liquidations (default 50).", DefaultValueFactory = _ => 50 };
        var scalesOnly = new Option<bool>("--scales-only") { Description = "Scales only: no replay, no per-symbol thresholds (every symbol uses its tier's)." };
        var command = new Command("calibrate", "Derive per-symbol velocity and volume scales from the captures' observed liquidation rates and, where a symbol's history supports it, its own level thresholds; write a calibration file.")
        {
            paths, output, config, minMinutes, minLiquidations, scalesOnly,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            var settings = SettingsLoader.Load(parse.GetValue(config)?.FullName, new Dictionary<string, string?>());
            var captures = parse.GetValue(paths)!;
            foreach (var p in captures)
            {
                if (!File.Exists(p) && !Directory.Exists(p)) throw new FileNotFoundException($"capture '{p}' does not exist");
            }
            var liquidations = CaptureLiquidations.Read(captures, token);
            int mm = parse.GetValue(minMinutes), ml = parse.GetValue(minLiquidations);
            if (mm < 1) throw new ConfigurationErrorException([$"--min-minutes: must be at least 1 (was {mm})"]);
            if (ml < 1) throw new ConfigurationErrorException([$"--min-liquidations: must be at least 1 (was {ml})"]);
            var calibration = new RateCalibrator(settings.Model.Baseline, settings.Model.Windows.VelocityShortSeconds).Derive(liquidations);
            var file = parse.GetValue(output)!;
            var inv = CultureInfo.InvariantCulture;
            IReadOnlyList<ThresholdCalibrator.Outcome> outcomes = [];
            if (!parse.GetValue(scalesOnly))
            {
                // The thresholds are judged on the probabilities the model gives with the scales just derived.
                string scales = Path.Combine(Path.GetTempPath(), $"cascade-calibrate-{Environment.ProcessId}-{Guid.NewGuid():N}.json");
                try
                {
                    calibration.Save(scales);
                    settings.CalibrationFile = scales;
                    var signals = await ModelBacktest.RunAsync(settings, captures, null, token);
                    outcomes = new ThresholdCalibrator(settings.Model) { MinMinutes = mm, MinLiquidations = ml }
                        .Apply(calibration, liquidations, signals.Select(s => s.Signal));
                }
                finally { File.Delete(scales); }
            }
            calibration.Save(file.FullName);
            int own = outcomes.Count(o => o.Own);
            Console.WriteLine(string.Create(inv, $"calibrate: {liquidations.Count:N0} liquidations, {calibration.Symbols.Count} symbols calibrated, {own} with their own thresholds (at least {mm} minutes and {ml} liquidations), the rest their tier's -> {file.FullName}"));
            foreach (var (symbol, entry) in calibration.Symbols.OrderByDescending(kv => kv.Value.VelocityScale).Take(10))
            {
                string t = entry.Thresholds is { } l ? string.Create(inv, $"own thresholds {l.Watch:F2}/{l.Alert:F2}/{l.Critical:F2}/{l.Extreme:F2}")
                    : outcomes.FirstOrDefault(o => string.Equals(o.Symbol, symbol, StringComparison.OrdinalIgnoreCase)) is { } o ? $"{o.Tier} tier's thresholds ({o.Why})" : "tier's thresholds";
                Console.WriteLine(string.Create(inv, $"  {symbol,-14} velocity scale {entry.VelocityScale,7:F3}/s   volume scale {entry.VolumeScale,12:N0} USD/s   {t}"));
            }
            return ExitCodes.Success;
        }, ct));
        return command;
    }
}
