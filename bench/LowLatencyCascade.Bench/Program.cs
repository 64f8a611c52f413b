using BenchmarkDotNet.Running;

namespace LowLatencyCascade.Bench;

public static class Program
{
    /// <summary>
    /// <c>./run.sh bench [suite] [BenchmarkDotNet args]</c>: suite is a class-name filter (ring, hdr, decoders,
    /// model, json, ...), <c>all</c>, <c>json-paired</c> (the two JSON encoders interleaved, see <see cref="Model.JsonEncodePaired"/>),
    /// or <c>e2e</c> for the end-to-end latency harness.
    /// </summary>
    public static int Main(string[] args)
    {
        string suite = args.Length > 0 ? args[0].ToLowerInvariant() : "all";
        string[] rest = args.Length > 1 ? args[1..] : [];
        var switcher = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly);
        if (suite == "json-paired") return Model.JsonEncodePaired.Run(rest);
        if (suite == "all") { switcher.RunAll(BenchConfig.Create(rest), rest); return 0; }
        var filter = new[] { "--filter", $"*{Suites.FilterFor(suite)}*" };
        switcher.Run([.. filter, .. rest], BenchConfig.Create(rest));
        return 0;
    }
}
