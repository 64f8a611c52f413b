using LowLatencyCascade.Feeds.Simulation;

namespace LowLatencyCascade.Tests.Live;

/// <summary>A minute of synthetic market on all three venues, generated once for the live tests (xunit class fixture).</summary>
public sealed class ScenarioMarket : IDisposable
{
    public ScenarioMarket()
    {
        Directory = Path.Combine(Path.GetTempPath(), $"cascade-live-tests-{Guid.NewGuid():N}");
        Result = ScenarioGenerator.GenerateToDirectory(System.IO.Directory.CreateDirectory(Path.Combine(Directory, "scenario")).FullName, new ScenarioOptions
        {
            Seed = 5,
            Duration = TimeSpan.FromMinutes(1),
            CascadeEpisodes = 1,
        });
    }

    public string Directory { get; }
    public string ScenarioDirectory => Path.Combine(Directory, "scenario");
    public ScenarioResult Result { get; }
    public IReadOnlyList<string> Symbols => ScenarioSymbol.Defaults.Select(s => s.Symbol).ToList();

    /// <summary>A fresh empty folder under the fixture's temporary folder.</summary>
    public string NewFolder(string name) => System.IO.Directory.CreateDirectory(Path.Combine(Directory, $"{name}-{Guid.NewGuid():N}")).FullName;

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }
}
