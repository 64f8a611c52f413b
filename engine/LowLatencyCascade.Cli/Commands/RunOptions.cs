using LowLatencyCascade.Cli.Configuration;
using System.CommandLine;
using LowLatencyCascade.Hosting.Configuration;

namespace LowLatencyCascade.Cli.Commands;

/// <summary>
/// The options <c>live</c>, <c>replay</c>, <c>demo</c> and <c>backtest</c> share, and how they become configuration
/// overrides (so a bad value is reported under its configuration key, exactly as from appsettings.json).
/// </summary>
internal sealed class RunOptions
{
    public Option<FileInfo?> Config { get; } = CliOptions.Config();
    public Option<int?> RingSize { get; } = CliOptions.RingSize();
    public Option<string?> Redis { get; } = CliOptions.Redis();
    public Option<FileInfo?> SignalsOut { get; } = CliOptions.SignalsOut();
    public Option<int?> Port { get; } = CliOptions.Port();
    public Option<int?> WsPort { get; } = CliOptions.WsPort();
    public Option<int?> WsWaitClients { get; } = CliOptions.WsWaitClients();
    public Option<string?> Topology { get; } = CliOptions.Topology();
    public Option<string?> Wait { get; } = CliOptions.WaitStrategy();
    public Option<string?> Cpus { get; } = CliOptions.Cpus();
    public Option<FileInfo?> Weights { get; } = CliOptions.Weights();
    public Option<FileInfo?> Calibration { get; } = CliOptions.Calibration();
    public Option<bool> Quiet { get; } = CliOptions.Quiet();
    public Option<FileInfo?> StateFile { get; } = CliOptions.StateFile();
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
}
