using System.Globalization;
using System.Text.RegularExpressions;
using LowLatencyCascade.Hosting.Configuration;
using LowLatencyCascade.Hosting.Dashboard;
using LowLatencyCascade.Hosting;
using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Engine.Publishing;
using LowLatencyCascade.Feeds.Capture;

namespace LowLatencyCascade.Hosting.Live;

/// <summary>What <c>live --warm-from</c> produced: the model state to start from (null when ignored) and the one status line.</summary>
public sealed record WarmFromOutcome(ModelStateSnapshot? State, string Message, long Frames);

/// <summary>
/// <c>cascade live --warm-from &lt;capture folder&gt; [--warm-minutes M]</c>: before connecting, the newest
/// <c>M</c> minutes of a capture folder (the recorder's own <c>--record</c> output is the natural source) are
/// replayed through a throw-away pipeline with the live run's model settings and no sinks (nothing is published:
/// the signals of the past are not news); the model's state at the end (windows, baselines, open-interest
/// histories, hysteresis, warm-up progress: exactly what <c>Model:StateFile</c> holds) then seeds the live model.
/// A folder that is missing or holds no capture is a usage error naming the option; a recording whose newest
/// frame is older than <c>Model:StateMaxAgeSeconds</c> (wall clock) is reported and ignored, as a stale state file.
/// </summary>
public static partial class LiveWarmFrom
{
    public const double DefaultMinutes = 30;

    /// <summary>The capture files of the folder; throws a <see cref="ConfigurationErrorException"/> naming the option when there are none.</summary>
    public static IReadOnlyList<string> Files(string folder, double minutes)
    {
        var errors = new List<string>();
        if (!(minutes > 0) || !double.IsFinite(minutes)) errors.Add($"--warm-minutes: must be a positive number of minutes (was {minutes.ToString(CultureInfo.InvariantCulture)})");
        if (!Directory.Exists(folder)) errors.Add($"--warm-from: folder '{folder}' does not exist (give the folder a 'live --record' or 'record' run wrote)");
        if (errors.Count > 0) throw new ConfigurationErrorException(errors);
        var files = CaptureReplayer.ExpandPaths([folder]);
        if (files.Count == 0) throw new ConfigurationErrorException([$"--warm-from: no capture files (*.ndjson.gz, *.ndjson) in '{folder}'"]);
        return files;
    }

    /// <summary>The newest frame's receive time (Unix ticks) over each connection's newest file; null when no file holds a frame.</summary>
    public static long? NewestFrameTicks(IReadOnlyList<string> files)
    {
        long? newest = null;
        foreach (var group in files.GroupBy(CaptureFileName.ConnectionKey, StringComparer.Ordinal))
        {
            // Rotations of one connection sort by their names' times: read back from the newest until one has a frame.
            foreach (var file in group.OrderByDescending(f => f, StringComparer.Ordinal))
            {
                long? last = LastFrameTicks(file);
                if (last is long t) { newest = newest is long n ? Math.Max(n, t) : t; break; }
            }
        }
        return newest;
    }

    /// <summary>
    /// The files that can hold frames at or after <paramref name="fromTicks"/>: a connection's rotated file is left out
    /// when the next rotation (by the time in its name) starts at or before it. Files whose names carry no time are kept.
    /// </summary>
    public static IReadOnlyList<string> FilesFrom(IReadOnlyList<string> files, long fromTicks)
    {
        var keep = new List<string>();
        foreach (var group in files.GroupBy(CaptureFileName.ConnectionKey, StringComparer.Ordinal))
        {
            var ordered = group.Order(StringComparer.Ordinal).ToList();
            for (int i = 0; i < ordered.Count; i++)
            {
                if (i + 1 < ordered.Count && NameTicks(ordered[i + 1]) is long nextStart && nextStart <= fromTicks) continue;
                keep.Add(ordered[i]);
            }
        }
        return keep;
    }

    /// <summary>Replays the newest <paramref name="minutes"/> through a throw-away pipeline; the state to start from, or why not.</summary>
    public static async Task<WarmFromOutcome> RunAsync(CascadeSettings settings, string folder, double minutes, CancellationToken cancellationToken)
    {
        var files = Files(folder, minutes);
        if (NewestFrameTicks(files) is not long newest)
            return new WarmFromOutcome(null, $"--warm-from {folder}: ignored, its capture files hold no frame; starting cold", 0);
        long nowTicks = CaptureTimestamp.FromDateTime(DateTime.UtcNow);
        double ageSeconds = (nowTicks - newest) / (double)TimeSpan.TicksPerSecond;
        if (ageSeconds > settings.Model.StateMaxAgeSeconds)
        {
            return new WarmFromOutcome(null, string.Create(CultureInfo.InvariantCulture,
                $"--warm-from {folder}: ignored, stale: its newest frame is {ageSeconds:0.#} s old, Model:StateMaxAgeSeconds is {settings.Model.StateMaxAgeSeconds:0.#}; starting cold"), 0);
        }
        long fromTicks = newest - (long)(minutes * 60 * TimeSpan.TicksPerSecond);
        var selected = FilesFrom(files, fromTicks);
        var throwAway = LiveWarmup.ThrowAwaySettings(settings, settings.Pipeline.RingSize, []);
        PipelineHost? replayHost = null;
        var result = await ReplayRun.RunAsync(throwAway, selected, new HostRunOptions { UseStateFile = false },
            new CaptureReplayOptions { FromTicks = fromTicks }, host => replayHost = host, cancellationToken).ConfigureAwait(false);
        if (result.Capture.Cancelled) throw new OperationCanceledException(cancellationToken);
        var model = replayHost!.Model;
        // The throw-away ring has drained and its stages have stopped: the model is read on this thread.
        var bytes = ModelState.Encode(model, model.CaptureStopped(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var state = ModelState.Decode(bytes);
        double span = (result.Capture.LastTicks - result.Capture.FirstTicks) / (double)TimeSpan.TicksPerMinute;
        return new WarmFromOutcome(state, string.Create(CultureInfo.InvariantCulture,
            $"--warm-from {folder}: replayed {result.Capture.Frames:N0} frames ({span:0.#} of the newest {minutes:0.#} min, newest frame {Math.Max(0, ageSeconds):0.#} s old) from {selected.Count} file(s); {state.Symbols.Count} symbols; model {(state.Warm ? "warm" : $"warming up, {state.WarmupProgress:P0} done")}"),
            result.Capture.Frames);
    }

    private static long? LastFrameTicks(string file)
    {
        try
        {
            using var reader = CaptureReader.Open(file);
            long? last = null;
            while (reader.TryRead(out var record)) if (!record.IsDisconnect) last = record.ReceiveTimeTicks;
            return last;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or CaptureFormatException or UnauthorizedAccessException)
        {
            return null; // the replay reports a bad file itself
        }
    }

    private static long? NameTicks(string path)
    {
        var m = NameTime().Match(Path.GetFileName(path));
        return m.Success && DateTime.TryParseExact(m.Groups[1].Value, "yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
            ? CaptureTimestamp.FromDateTime(t) : null;
    }

    [GeneratedRegex(@"-(\d{8}T\d{6})(-\d+)?\.")]
    private static partial Regex NameTime();
}
