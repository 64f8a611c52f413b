using LowLatencyCascade.Cli.Configuration;
using System.CommandLine;
using LowLatencyCascade.Hosting.Configuration;

namespace LowLatencyCascade.Cli.Commands;

/// <summary>
/// The command-line options <c>live</c>, <c>replay</c>, <c>demo</c> and <c>backtest</c> share, declared once here
/// (<see cref="NewConfig"/> and <see cref="NewReportJson"/> also serve the other commands), and how they become
/// configuration overrides (so a bad value is reported under its configuration key, exactly as from appsettings.json).
/// </summary>
internal sealed class RunOptions
{
    public Option<FileInfo?> Config { get; } = NewConfig();
    public Option<int?> RingSize { get; } = NewRingSize();
    public Option<string?> Redis { get; } = NewRedis();
    public Option<FileInfo?> SignalsOut { get; } = NewSignalsOut();
    public Option<int?> Port { get; } = NewPort();
    public Option<int?> WsPort { get; } = NewWsPort();
    public Option<int?> WsWaitClients { get; } = NewWsWaitClients();
    public Option<string?> Topology { get; } = NewTopology();
    public Option<string?> Wait { get; } = NewWaitStrategy();
    public Option<string?> Cpus { get; } = NewCpus();
    public Option<FileInfo?> Weights { get; } = NewWeights();
    public Option<FileInfo?> Calibration { get; } = NewCalibration();
    public Option<bool> Quiet { get; } = NewQuiet();
    public Option<FileInfo?> StateFile { get; } = NewStateFile();
    private bool _stateFile;

    /// <param name="fanOut">Offer <c>--ws-port</c> (live, replay, demo).</param>
    /// <param name="waitForClients">Offer <c>--ws-wait-clients</c> (replay, demo: a replay can wait for its audience).</param>
    /// <param name="stateFile">Offer <c>--state-file</c> (live, replay, demo: runs that continue a model; not backtests).</param>
    public void AddTo(Command command, bool fanOut = true, bool waitForClients = true, bool stateFile = false)
    {
        foreach (var o in new Option[] { Config, RingSize, Redis, SignalsOut, Port, Topology, Wait, Cpus, Weights, Calibration, Quiet })
            command.Add(o);
        if (fanOut) command.Add(WsPort);
        if (fanOut && waitForClients) command.Add(WsWaitClients);
        if (stateFile) command.Add(StateFile);
        _stateFile = stateFile;
    }

    /// <summary>
    /// Capture paths must exist, and a token that looks like an option is one nobody declared (the capture
    /// argument would otherwise swallow a mistyped <c>--option</c> as a file name).
    /// </summary>
    public static IReadOnlyList<string> CheckCapturePaths(IReadOnlyList<string> paths)
    {
        var errors = new List<string>();
        foreach (var p in paths)
        {
            if (p.StartsWith('-')) errors.Add($"{p}: unknown option (see --help)");
            else if (!File.Exists(p) && !Directory.Exists(p)) errors.Add($"{p}: no such capture file or folder");
        }
        if (errors.Count > 0) throw new ConfigurationErrorException(errors);
        return paths;
    }

    public CascadeSettings Load(ParseResult parse, IDictionary<string, string?>? extra = null)
    {
        var overrides = new Dictionary<string, string?>();
        if (parse.GetValue(RingSize) is int ring) overrides["Pipeline:RingSize"] = ring.ToString();
        if (parse.GetValue(Redis) is { } redis) overrides["Redis:Endpoint"] = redis;
        if (parse.GetValue(Port) is int port) overrides["Dashboard:Port"] = port.ToString();
        if (parse.GetValue(WsPort) is int wsPort) overrides["WebSocket:Port"] = wsPort.ToString();
        if (parse.GetValue(WsWaitClients) is int wsWait) overrides["WebSocket:WaitForClients"] = wsWait.ToString();
        if (parse.GetValue(Topology) is { } topology) overrides["Pipeline:Topology"] = topology;
        if (parse.GetValue(Wait) is { } wait) overrides["Pipeline:WaitStrategy"] = wait;
        if (parse.GetValue(Cpus) is { } cpus)
        {
            var list = cpus.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            for (int i = 0; i < list.Length; i++) overrides[$"Pipeline:Cpus:{i}"] = list[i];
        }
        if (parse.GetValue(Weights) is { } weights) overrides["WeightsFile"] = weights.FullName;
        if (parse.GetValue(Calibration) is { } calibration) overrides["CalibrationFile"] = calibration.FullName;
        if (_stateFile && parse.GetValue(StateFile) is { } state) overrides["Model:StateFile"] = state.FullName;
        if (extra is not null) foreach (var kv in extra) overrides[kv.Key] = kv.Value;
        return SettingsLoader.Load(parse.GetValue(Config)?.FullName, overrides);
    }

    internal static Option<FileInfo?> NewConfig() => new("--config", "-c")
    {
        Description = "JSON configuration file (default: appsettings.json beside the working directory, if present). Environment variables CASCADE__Section__Key override it; options override both.",
    };

    private static Option<int?> NewRingSize() => new("--ring-size") { Description = "Ring slots, a power of two (Pipeline:RingSize)." };

    private static Option<string?> NewRedis() => new("--redis")
    {
        Description = "Publish signals to Redis at host:port (Redis:Endpoint). No Redis unless asked.",
    };

    internal static Option<FileInfo?> NewReportJson() => new("--report-json")
    {
        Description = "Write the end-of-run summary as JSON to this file: frames, signals by level, drops, latency per stage in µs (stages_us: service times, backlog, end_to_end), resident memory, GC counts.",
    };

    private static Option<FileInfo?> NewSignalsOut() => new("--signals-out")
    {
        Description = "Write every generated signal as one JSON line to this file.",
    };

    private static Option<int?> NewPort() => new("--port")
    {
        Description = "Serve the live dashboard and /metrics on 127.0.0.1:PORT while running (Dashboard:Port).",
    };

    private static Option<int?> NewWsPort() => new("--ws-port")
    {
        Description = "Fan signals out to WebSocket clients on ws://127.0.0.1:PORT/signals (WebSocket:Port); clients send {\"op\":\"subscribe\",\"symbols\":[...],\"min_level\":\"ALERT\"}.",
    };

    private static Option<int?> NewWsWaitClients() => new("--ws-wait-clients")
    {
        Description = "Replay only after N WebSocket clients have subscribed, so they see every signal (WebSocket:WaitForClients).",
    };

    private static Option<string?> NewTopology() => new("--topology")
    {
        Description = "Stage-to-thread layout: fused (default, best on 2 cores), split, per-stage (Pipeline:Topology).",
    };

    private static Option<string?> NewWaitStrategy() => new("--wait")
    {
        Description = "Wait strategy of the stage threads: auto (default: from the CPUs and the topology), busy-spin, yielding, sleeping, blocking, spin-then-park (Pipeline:WaitStrategy).",
    };

    private static Option<string?> NewCpus() => new("--cpus")
    {
        Description = "Comma-separated CPUs to pin the stage threads to, in stage order (Pipeline:Cpus).",
    };

    private static Option<FileInfo?> NewWeights() => new("--weights") { Description = "Scorer weights file written by fit-weights (Model:WeightsFile)." };

    private static Option<FileInfo?> NewCalibration() => new("--calibration") { Description = "Per-symbol calibration file written by calibrate (Model:CalibrationFile)." };

    private static Option<FileInfo?> NewStateFile() => new("--state-file") { Description = "Save the model's state here on a clean stop and every minute, and start from it when recent enough (Model:StateFile, Model:StateMaxAgeSeconds)." };

    private static Option<bool> NewQuiet() => new("--quiet", "-q") { Description = "Print only the summary, not every level change." };
}
