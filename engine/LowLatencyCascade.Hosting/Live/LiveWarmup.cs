using LowLatencyCascade.Hosting.Configuration;
using LowLatencyCascade.Hosting.Dashboard;
using LowLatencyCascade.Hosting;
using LowLatencyCascade.Engine.Publishing;
using LowLatencyCascade.Feeds.Capture;
using LowLatencyCascade.Feeds.Simulation;

namespace LowLatencyCascade.Hosting.Live;

/// <summary>
/// Before the first live frame: a built-in burst of synthetic market (all three venues, a cascade included)
/// replayed through the decoders, the stages and the signal encoder of a throw-away pipeline with its own model
/// and ring, so the hot paths are JIT-compiled (and promoted to optimized code) before real frames pay for it.
/// Nothing of it reaches the live model, the sinks, Redis or the dashboard.
/// </summary>
public static class LiveWarmup
{
    /// <summary>Event time of the burst: long enough for the tiered JIT to promote the per-frame methods.</summary>
    public static readonly TimeSpan BurstLength = TimeSpan.FromSeconds(30);

    /// <summary>Runs the burst; returns how many frames it replayed.</summary>
    public static async Task<long> RunAsync(CascadeSettings settings, CancellationToken cancellationToken)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"cascade-warmup-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            var scenario = ScenarioGenerator.GenerateToDirectory(dir, new ScenarioOptions
            {
                Seed = 11,
                Duration = BurstLength,
                CascadeEpisodes = 1,
                Symbols = ScenarioSymbol.Defaults,
            });
            // A small ring: the warm-up is there to compile the code paths, and a full-size ring here was tens
            // of MiB the live run's resident memory kept (the GC seldom hands freed large objects back).
            var throwAway = ThrowAwaySettings(settings, settings.Pipeline.RingSize is > 0 and < 1024 ? settings.Pipeline.RingSize : 1024, settings.Pipeline.Cpus);
            var result = await ReplayRun.RunAsync(throwAway, scenario.CaptureFiles, new HostRunOptions { UseStateFile = false }, new CaptureReplayOptions(),
                cancellationToken: cancellationToken).ConfigureAwait(false);
            return result.Frames.Frames;
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// The settings of a throw-away pipeline run before a live one (the JIT warm-up, <c>--warm-from</c>): the live
    /// run's model, feeds and files, its ring layout with the given size and CPUs, and no dashboard, Redis or fan-out,
    /// so nothing from it reaches a user.
    /// </summary>
    internal static CascadeSettings ThrowAwaySettings(CascadeSettings settings, int ringSize, int[] cpus) => new()
    {
        Pipeline = new Engine.Pipeline.PipelineOptions
        {
            RingSize = ringSize,
            WaitStrategy = settings.Pipeline.WaitStrategy,
            Topology = settings.Pipeline.Topology,
            Cpus = cpus,
            DrainTimeout = settings.Pipeline.DrainTimeout,
        },
        Model = settings.Model,
        Feeds = settings.Feeds,
        Capture = settings.Capture,
        Dashboard = new DashboardOptions { Port = 0 },
        Redis = new RedisSinkOptions { Endpoint = "" },
        WeightsFile = settings.WeightsFile,
        CalibrationFile = settings.CalibrationFile,
    };
}
