namespace LowLatencyCascade.Engine.Events;

/// <summary>Why the level differs from the one the probability alone gives.</summary>
public enum LevelOverride : byte
{
    None = 0,
    /// <summary>velocity &gt; critical level and acceleration &gt; critical level: at least CRITICAL.</summary>
    CriticalVelocity = 1,
    /// <summary>velocity &gt; extreme level and acceleration &gt; extreme level: EXTREME.</summary>
    ExtremeVelocity = 2,
    /// <summary>The model is still warming up and the evidence is not overwhelming: the level is capped at WATCH.</summary>
    WarmupCap = 3,
    /// <summary>The level is held by the hysteresis (<see cref="HysteresisOptions"/>) above what the probability now gives.</summary>
    Hold = 4,
}
