using LowLatencyCascade.Feeds.Capture;
using Spectre.Console;

namespace LowLatencyCascade.Cli.Commands;

/// <summary>
/// Replay progress: a live bar with frames/s on a terminal, a plain line every few seconds when output is
/// redirected (CI logs, files), nothing when quiet.
/// </summary>
public sealed class ReplayProgress(TextWriter output, bool interactive)
{
    private const string Spinner = "|/-\\";
    private DateTime _lastLine = DateTime.MinValue;
    private int _tick;

    public static ReplayProgress ForConsole() => new(Console.Error, !Console.IsErrorRedirected && !Console.IsOutputRedirected);

    public void Report(CaptureReplayProgress p)
    {
        double span = p.CurrentTicks > p.FirstTicks ? (p.CurrentTicks - p.FirstTicks) / (double)TimeSpan.TicksPerSecond : 0;
        if (interactive)
        {
            // The total is unknown until the merge ends (gzip hides it), so the bar is a spinner and counters.
            char spinner = p.Completed ? '✓' : Spinner[_tick++ % Spinner.Length];
            output.Write($"\r{spinner} replay {p.Frames,12:N0} frames  {p.FramesPerSecond,12:N0} frames/s  market time {TimeSpan.FromSeconds(span):hh\\:mm\\:ss}   ");
            if (p.Completed) output.WriteLine();
            return;
        }
        var now = DateTime.UtcNow;
        if (!p.Completed && now - _lastLine < TimeSpan.FromSeconds(5)) return;
        _lastLine = now;
        output.WriteLine($"replay: {p.Frames:N0} frames, {p.FramesPerSecond:N0} frames/s, {TimeSpan.FromSeconds(span):hh\\:mm\\:ss} of market{(p.Completed ? ", done" : "")}");
    }
}
