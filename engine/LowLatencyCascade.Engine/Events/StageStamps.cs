namespace LowLatencyCascade.Engine.Events;

/// <summary>
/// Monotonic-clock stamps (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>) taken at each stage
/// boundary. They measure latency only; the model never reads them (it runs on event time).
/// <para>
/// Each stage stamps when it finished the slot (<see cref="Velocity"/> ... <see cref="Published"/>). The
/// <c>...Start</c> stamps say when a stage thread picked the slot up: the first stage on each thread gets one
/// (<see cref="LowLatencyCascade.Engine.Pipeline.StartStampingHandler"/>), a stage fused behind another on the same thread starts when
/// that one finished and keeps 0. Finish minus start is a stage's service time (the pipeline's own cost); the
/// time between an upstream finish and a thread's pick-up is the wait in the ring (the backlog).
/// </para>
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

    /// <summary>The velocity stage's thread picked the slot up (always the first stage on its thread).</summary>
    public long VelocityStart;
    /// <summary>The volatility stage's own thread picked the slot up; 0 when it runs fused after velocity.</summary>
    public long VolatilityStart;
    /// <summary>The regime stage's own thread picked the slot up; 0 when fused behind velocity and volatility.</summary>
    public long RegimeStart;
    /// <summary>The scoring stage's own thread picked the slot up; 0 when fused behind regime.</summary>
    public long ScoringStart;
    /// <summary>The publish stage's own thread picked the slot up; 0 when fused behind scoring.</summary>
    public long PublishStart;
}
