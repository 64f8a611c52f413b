namespace LowLatencyCascade.Engine.Model;

/// <summary>The spec's window lengths, in event-time seconds.</summary>
public sealed class WindowOptions
{
    /// <summary>The window the velocity, volume and acceleration scores use (the spec's velocity_10s).</summary>
    public int VelocityShortSeconds { get; set; } = 10;
    public int VelocityMediumSeconds { get; set; } = 30;
    public int VelocityMinuteSeconds { get; set; } = 60;
    public int VelocityLongSeconds { get; set; } = 300;
    /// <summary>How far back the exchange correlation and leading exchange look.</summary>
    public int CorrelationSeconds { get; set; } = 60;
    /// <summary>A venue's burst starts after this long without a liquidation on it (leading exchange).</summary>
    public int BurstGapSeconds { get; set; } = 10;
    public int Volatility1mSeconds { get; set; } = 60;
    /// <summary>The 5-minute window the volatility regime is read from.</summary>
    public int Volatility5mSeconds { get; set; } = 300;
    public int Volatility15mSeconds { get; set; } = 900;
    public int Volatility60mSeconds { get; set; } = 3600;
    /// <summary>Open-interest change horizons.</summary>
    public int OiChangeShortSeconds { get; set; } = 60;
    public int OiChangeLongSeconds { get; set; } = 300;
}
