namespace LowLatencyCascade.Hosting.Backtesting;

public sealed record NaiveDetectorOptions
{
    /// <summary>The recent window whose rate is compared with the usual rate.</summary>
    public int WindowSeconds { get; init; } = 30;

    /// <summary>ALERT when the window's rate is this many times the usual rate; WATCH at half of it, CRITICAL at twice, EXTREME at four times.</summary>
    public double AlertMultiple { get; init; } = 4;

    /// <summary>Half-life of the exponentially weighted per-second rate that stands for "usual".</summary>
    public double BaselineHalfLifeSeconds { get; init; } = 600;

    /// <summary>The usual rate is never taken below this (events/s), so a quiet symbol's first few events are not a burst.</summary>
    public double BaselineFloorPerSecond { get; init; } = 0.02;

    /// <summary>No level below this many events in the window.</summary>
    public int MinEventsInWindow { get; init; } = 5;

    /// <summary>No level until the symbol's baseline has this much history.</summary>
    public int WarmupSeconds { get; init; } = 60;
}
