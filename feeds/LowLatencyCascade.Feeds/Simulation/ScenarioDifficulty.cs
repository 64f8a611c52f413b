namespace LowLatencyCascade.Feeds.Simulation;

public enum ScenarioDifficulty
{
    /// <summary>Clear cascades over a quiet baseline.</summary>
    Normal = 0,
    /// <summary>Busier baselines, about half the cascades weak, and isolated one-coin bursts that are not cascades.</summary>
    Hard = 1,
}
