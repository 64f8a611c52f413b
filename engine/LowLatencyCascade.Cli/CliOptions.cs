using System.CommandLine;

namespace LowLatencyCascade.Cli;

/// <summary>The options several commands share, declared once.</summary>
internal static class CliOptions
{
    public static Option<FileInfo?> Config() => new("--config", "-c")
    {
        Description = "JSON configuration file (default: appsettings.json beside the working directory, if present). Environment variables CASCADE__Section__Key override it; options override both.",
    };

    public static Option<int?> RingSize() => new("--ring-size") { Description = "Ring slots, a power of two (Pipeline:RingSize)." };

    public static Option<string?> Redis() => new("--redis")
    {
        Description = "Publish signals to Redis at host:port (Redis:Endpoint). No Redis unless asked.",
    };

    public static Option<FileInfo?> ReportJson() => new("--report-json")
    {
        Description = "Write the end-of-run summary as JSON to this file: frames, signals by level, drops, latency per stage in µs (stages_us: service times, backlog, end_to_end), resident memory, GC counts.",
    };

    public static Option<FileInfo?> SignalsOut() => new("--signals-out")
    {
        Description = "Write every generated signal as one JSON line to this file.",
    };

    public static Option<int?> Port() => new("--port")
    {
        Description = "Serve the live dashboard and /metrics on 127.0.0.1:PORT while running (Dashboard:Port).",
    };

    public static Option<int?> WsPort() => new("--ws-port")
    {
        Description = "Fan signals out to WebSocket clients on ws://127.0.0.1:PORT/signals (WebSocket:Port); clients send {\"op\":\"subscribe\",\"symbols\":[...],\"min_level\":\"ALERT\"}.",
    };

    public static Option<int?> WsWaitClients() => new("--ws-wait-clients")
    {
        Description = "Replay only after N WebSocket clients have subscribed, so they see every signal (WebSocket:WaitForClients).",
    };

    public static Option<string?> Topology() => new("--topology")
    {
        Description = "Stage-to-thread layout: fused (default, best on 2 cores), split, per-stage (Pipeline:Topology).",
    };

    public static Option<string?> WaitStrategy() => new("--wait")
    {
        Description = "Wait strategy of the stage threads: auto (default: from the CPUs and the topology), busy-spin, yielding, sleeping, blocking, spin-then-park (Pipeline:WaitStrategy).",
    };

    public static Option<string?> Cpus() => new("--cpus")
    {
        Description = "Comma-separated CPUs to pin the stage threads to, in stage order (Pipeline:Cpus).",
    };

    public static Option<FileInfo?> Weights() => new("--weights") { Description = "Scorer weights file written by fit-weights (Model:WeightsFile)." };

    public static Option<FileInfo?> Calibration() => new("--calibration") { Description = "Per-symbol calibration file written by calibrate (Model:CalibrationFile)." };

    public static Option<FileInfo?> StateFile() => new("--state-file") { Description = "Save the model's state here on a clean stop and every minute, and start from it when recent enough (Model:StateFile, Model:StateMaxAgeSeconds)." };

    public static Option<bool> Quiet() => new("--quiet", "-q") { Description = "Print only the summary, not every level change." };
}
