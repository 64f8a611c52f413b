using LowLatencyCascade.Cli.Configuration;
using LowLatencyCascade.Hosting.Configuration;
using LowLatencyCascade.Feeds.Simulation;
using Xunit;

namespace LowLatencyCascade.Tests.Host;

/// <summary>A small generated market (three venues, labelled cascades), made once for the host tests and removed after.</summary>
public sealed class ScenarioFixture : IDisposable
{
    public ScenarioFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("llc-host-").FullName;
        Result = ScenarioGenerator.GenerateToDirectory(Path.Combine(Directory, "capture"), new ScenarioOptions
        {
            Seed = 11,
            Duration = TimeSpan.FromMinutes(3),
            CascadeEpisodes = 1,
        });
    }

    public string Directory { get; }
    public ScenarioResult Result { get; }
    public string CaptureDirectory => Path.Combine(Directory, "capture");

    /// <summary>Settings as a user would get them, with the model's warm-up off so a short market can signal.</summary>
    public static CascadeSettings Settings(params (string Key, string Value)[] overrides)
    {
        var all = new Dictionary<string, string?> { ["Model:WarmupSeconds"] = "0", ["Pipeline:RingSize"] = "4096" };
        foreach (var (k, v) in overrides) all[k] = v;
        return SettingsLoader.Load(null, all);
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class HostCollection : ICollectionFixture<ScenarioFixture>
{
    /// <summary>Host tests share one scenario and run one at a time (each starts pipeline threads).</summary>
    public const string Name = "host";
}
