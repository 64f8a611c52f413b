using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;

namespace LowLatencyCascade.Bench;

/// <summary>Shared BenchmarkDotNet settings: memory diagnoser everywhere, a short job that fits a 2-core machine.</summary>
public static class BenchConfig
{
    /// <summary>The short job unless the command line names its own (<c>--job Dry</c>, <c>--job Medium</c>...).</summary>
    public static IConfig Create(string[] args)
    {
        var config = DefaultConfig.Instance
            .AddDiagnoser(MemoryDiagnoser.Default)
            // A JSON report beside the markdown tables (BenchmarkDotNet.Artifacts/results/*-report-brief.json).
            .AddExporter(JsonExporter.Brief)
            .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.DisableLogFile);
        bool jobGiven = args.Any(a => a is "--job" or "-j");
        return jobGiven ? config : config.AddJob(Job.ShortRun.WithId("short"));
    }
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
