using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Model;

/// <summary>What the scorer keeps per symbol: funding, open interest, calibrated scales, and the generation rule's memory.</summary>
internal sealed class SymbolScoringState(WindowOptions windows)
{
    public readonly OpenInterestHistory OpenInterest = new(windows.OiChangeShortSeconds, windows.OiChangeLongSeconds);
    public double FundingRate;
    public long LastGeneratedMs = long.MinValue;
    public SignalLevel LastLevel;
    public bool CalibrationResolved;
    public double CalibratedVelocityScale;
    public double CalibratedVolumeScale;
    /// <summary>The symbol's level thresholds: its own from the calibration file, else its tier's, else null (the model's).</summary>
    public SignalThresholds? Thresholds;
    /// <summary>The hysteresis: the level shown, and when it was last supported (event time).</summary>
    public SignalLevel HeldLevel;
    public long HeldSupportedMs = long.MinValue;
}
