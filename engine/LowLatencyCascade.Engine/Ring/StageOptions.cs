namespace LowLatencyCascade.Engine.Ring;

/// <summary>How one stage runs.</summary>
/// <param name="Name">Names the stage's thread, its metrics and its error messages; unique in a graph.</param>
/// <param name="Cpu">The CPU to pin the stage's thread to; not pinned when null.</param>
public sealed record StageOptions(string Name, int? Cpu = null);
