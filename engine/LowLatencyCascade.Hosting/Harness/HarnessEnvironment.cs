using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace LowLatencyCascade.Hosting.Harness;

/// <summary>Where and how the runs were taken: the figures mean little without the machine, its load and the settings.</summary>
public sealed record HarnessEnvironment(DateTimeOffset Started, HarnessSettings Settings, string Corpus, int CorpusFrames, string CommandLine)
{
    public int Cores { get; } = Environment.ProcessorCount;
    public string Os { get; } = RuntimeInformation.OSDescription;
    public string Runtime { get; } = RuntimeInformation.FrameworkDescription;
    public string Gc { get; } = (GCSettings.IsServerGC ? "server" : "workstation") + ", latency mode " + GCSettings.LatencyMode;

    /// <summary>The 1, 5 and 15 minute load averages at the start (Linux), so a noisy machine shows in the report.</summary>
    public string LoadAverage { get; } = ReadLoadAverage();

    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"cascade bench e2e, {Started:yyyy-MM-dd HH:mm:ss}Z: {Cores} cores, load average {LoadAverage}, {Os}, {Runtime}, {Gc} GC\n") +
        string.Create(CultureInfo.InvariantCulture, $"corpus: {CorpusFrames:N0} frames, {Corpus}\n") +
        string.Create(CultureInfo.InvariantCulture, $"each run: {Settings.WarmupSeconds:0.##} s warm-up, {Settings.MeasureSeconds:0.##} s measured, ring {Settings.RingSize:N0} slots, signals paced by {(Settings.WallClockSignalPacing ? "wall-clock" : "event")} time, generator spins below {Settings.GeneratorSpinBelow.TotalMicroseconds:0.#} µs; ") +
        "latency from the frame's due time (coordinated-omission corrected) to the signal's hand-off to the sink queue (to scoring when no signal is due)\n";

    public void WriteJson(Utf8JsonWriter json)
    {
        json.WriteString("started", Started);
        json.WriteString("command", CommandLine);
        json.WriteNumber("cores", Cores);
        json.WriteString("load_average", LoadAverage);
        json.WriteString("os", Os);
        json.WriteString("runtime", Runtime);
        json.WriteString("gc", Gc);
        json.WriteString("corpus", Corpus);
        json.WriteNumber("corpus_frames", CorpusFrames);
        json.WriteNumber("warmup_seconds", Settings.WarmupSeconds);
        json.WriteNumber("measure_seconds", Settings.MeasureSeconds);
        json.WriteNumber("ring_size", Settings.RingSize);
        json.WriteBoolean("wall_clock_signal_pacing", Settings.WallClockSignalPacing);
        json.WriteNumber("generator_spin_us", Settings.GeneratorSpinBelow.TotalMicroseconds);
        json.WriteNumber("channel_capacity", Settings.ChannelCapacity);
    }

    private static string ReadLoadAverage()
    {
        try
        {
            if (!File.Exists("/proc/loadavg")) return "n/a";
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return parts.Length >= 3 ? $"{parts[0]} {parts[1]} {parts[2]}" : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
