using System.Globalization;
using LowLatencyCascade.Hosting.Dashboard;
using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Feeds.Capture;

namespace LowLatencyCascade.Hosting;

/// <summary>What became of <c>Model:StateFile</c> at start: restored, or why not (one line either way).</summary>
public sealed record StateFileOutcome(bool Restored, string Message);

/// <summary>
/// <c>Model:StateFile</c> on disk: read at start (whole, checked, judged by age, then applied or ignored, never
/// half-applied) and written atomically (a temporary file beside it, flushed, then renamed over it).
/// <para>Age. Live: wall clock now against when the state was saved. Replay (and demo): the first captured frame's
/// receive time against the state's last scored event, both event time, so a replay continues a state saved at the
/// end of the capture before it however long ago that replay ran; a capture that starts before the state's last
/// event (by more than <see cref="BackwardToleranceMs"/>) is older than the state and the state is ignored.</para>
/// </summary>
public static class ModelStateFile
{
    /// <summary>How far the data may start before the state's last event (venues' clocks and receive delays differ).</summary>
    public const long BackwardToleranceMs = 5_000;

    /// <summary>Reads, checks and judges the file; the state to apply, or null with the reason in <paramref name="outcome"/>.</summary>
    public static ModelStateSnapshot? Load(string path, CascadeModelOptions options, RunMode mode, long? replayStartUnixMs, out StateFileOutcome outcome)
    {
        string name = path;
        if (!File.Exists(path))
        {
            outcome = new StateFileOutcome(false, $"state file {name}: none yet; starting cold (warm-up {options.WarmupSeconds:0} s, priors stand in for baselines)");
            return null;
        }
        ModelStateSnapshot state;
        try
        {
            state = ModelState.Decode(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            outcome = Ignored(name, e.Message);
            return null;
        }
        string layout = ModelState.Layout(options);
        if (state.Layout != layout)
        {
            outcome = Ignored(name, $"made with other window settings ({state.Layout})");
            return null;
        }
        long maxAgeMs = (long)Math.Round(options.StateMaxAgeSeconds * 1000);
        long ageMs;
        string clock;
        if (mode == RunMode.Live)
        {
            ageMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - state.SavedAtUnixMs;
            clock = $"saved {Stamp(state.SavedAtUnixMs)}";
        }
        else if (replayStartUnixMs is long start)
        {
            ageMs = start - state.LastEventMs;
            clock = $"its last event {Stamp(state.LastEventMs)}, the capture starts {Stamp(start)}";
        }
        else
        {
            outcome = Ignored(name, "the capture has no frame to judge its age by");
            return null;
        }
        if (ageMs < -BackwardToleranceMs)
        {
            outcome = Ignored(name, $"it is newer than the data ({clock})");
            return null;
        }
        if (ageMs > maxAgeMs)
        {
            outcome = Ignored(name, string.Create(CultureInfo.InvariantCulture,
                $"stale: {Math.Max(0, ageMs) / 1000.0:0.#} s old, Model:StateMaxAgeSeconds is {options.StateMaxAgeSeconds:0.#} ({clock})"));
            return null;
        }
        outcome = new StateFileOutcome(true, string.Create(CultureInfo.InvariantCulture,
            $"state file {name}: restored {state.Symbols.Count} symbols, {Math.Max(0, ageMs) / 1000.0:0.#} s old ({clock}); model {(state.Warm ? "warm" : $"warming up, {state.WarmupProgress:P0} done")}"));
        return state;
    }

    /// <summary>The first frame's receive time over the capture files (Unix ms); null when none has one.</summary>
    public static long? FirstFrameUnixMs(IReadOnlyList<string> files)
    {
        long? first = null;
        foreach (var file in files)
        {
            try
            {
                using var reader = CaptureReader.Open(file);
                for (int i = 0; i < 1000 && reader.TryRead(out var record); i++)
                {
                    if (record.IsDisconnect) continue;
                    long ms = record.ReceiveTimeTicks / TimeSpan.TicksPerMillisecond;
                    if (first is null || ms < first) first = ms;
                    break;
                }
            }
            catch (Exception e) when (e is IOException or InvalidDataException or CaptureFormatException or UnauthorizedAccessException)
            {
                // The replay reports a bad file itself.
            }
        }
        return first;
    }

    /// <summary>Writes the bytes atomically: a temporary file in the same folder, flushed to disk, renamed over the old.</summary>
    public static void Write(string path, byte[] bytes)
    {
        string full = Path.GetFullPath(path);
        string temp = full + $".tmp-{Environment.ProcessId}";
        try
        {
            using (var f = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                f.Write(bytes);
                f.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    private static StateFileOutcome Ignored(string name, string why) =>
        new(false, $"state file {name}: ignored, {why}; starting cold");

    private static string Stamp(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
