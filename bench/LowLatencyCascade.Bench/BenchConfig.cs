using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace LowLatencyCascade.Bench;

/// <summary>Shared BenchmarkDotNet settings: memory diagnoser everywhere, a short job that fits a 2-core machine.</summary>
public static class BenchConfig
{
    public static IConfig Create() => DefaultConfig.Instance
        .AddDiagnoser(MemoryDiagnoser.Default)
        .AddJob(Job.ShortRun.WithId("short"))
        .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.DisableLogFile);
}

/// <summary>Suite names on the command line to benchmark class-name filters.</summary>
public static class Suites
{
    public static string FilterFor(string suite) => suite switch
    {
        "ring" => "Ring",
        "hdr" => "Histogram",
        "decoders" => "Decoder",
        "model" => "Model",
        "json" => "Json",
        "replay" => "Replay",
        "redis" => "Redis",
        _ => suite,
    };
}
