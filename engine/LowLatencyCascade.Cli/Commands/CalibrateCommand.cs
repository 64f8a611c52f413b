using LowLatencyCascade.Cli.Configuration;
using System.CommandLine;
using System.Globalization;
using LowLatencyCascade.Hosting.Backtesting;
using LowLatencyCascade.Hosting.Configuration;

namespace LowLatencyCascade.Cli.Commands;

/// <summary>
/// <c>cascade calibrate &lt;captures...&gt; --out calibration.json</c>: per-symbol velocity and volume scales from
/// the captures' observed liquidation rates (<see cref="RateCalibrator"/>), written as the calibration file that
/// <c>--calibration</c> / <c>CalibrationFile</c> loads.
/// </summary>
internal static class CalibrateCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("captures") { Description = "Capture files or folders to measure.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<FileInfo>("--out") { Description = "Calibration file to write.", Required = true };
        var config = RunOptions.NewConfig();
        var command = new Command("calibrate", "Derive per-symbol velocity and volume scales from the captures' observed liquidation rates; write a calibration file.")
        {
            paths, output, config,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(token =>
        {
            var settings = SettingsLoader.Load(parse.GetValue(config)?.FullName, new Dictionary<string, string?>());
            var captures = parse.GetValue(paths)!;
            foreach (var p in captures)
            {
                if (!File.Exists(p) && !Directory.Exists(p)) throw new FileNotFoundException($"capture '{p}' does not exist");
            }
            var liquidations = CaptureLiquidations.Read(captures, token);
            var calibration = new RateCalibrator(settings.Model.Baseline, settings.Model.Windows.VelocityShortSeconds).Derive(liquidations);
            var file = parse.GetValue(output)!;
            calibration.Save(file.FullName);
            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(inv, $"calibrate: {liquidations.Count:N0} liquidations, {calibration.Symbols.Count} symbols calibrated -> {file.FullName}"));
            foreach (var (symbol, entry) in calibration.Symbols.OrderByDescending(kv => kv.Value.VelocityScale).Take(10))
            {
                Console.WriteLine(string.Create(inv, $"  {symbol,-14} velocity scale {entry.VelocityScale,7:F3}/s   volume scale {entry.VolumeScale,12:N0} USD/s"));
            }
            return Task.FromResult(ExitCodes.Success);
        }, ct));
        return command;
    }
}
