namespace LowLatencyCascade.Engine.Events;

/// <summary>
/// Monotonic-clock stamps (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>) taken at each stage
/// boundary. They measure latency only; the model never reads them (it runs on event time).
/// </summary>
public struct StageStamps
{
    /// <summary>Last byte of the frame received (live) or the frame handed to the decoder (replay, harness).</summary>
    public long Ingress;
    public long Decoded;
    public long Velocity;
    public long Volatility;
    public long Regime;
    public long Scored;
    /// <summary>Signal encoded and handed to the sinks' queue.</summary>
    public long Published;
}
