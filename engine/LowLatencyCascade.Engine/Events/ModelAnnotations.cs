namespace LowLatencyCascade.Engine.Events;

/// <summary>
/// What the model stages (velocity, volatility, regime, scoring) write into the slot for the stages after
/// them and for the signal encoder. Owned by the model; blittable. Velocity and volatility run in parallel
/// on different threads and each writes only its own part.
/// </summary>
public struct ModelAnnotations
{
    /// <summary>Set by the velocity stage: this liquidation was already counted (redundant connection, overlapping replay).</summary>
    public bool Duplicate;
    /// <summary>The slot's symbol (and the market) as of the slot's event time; velocity stage.</summary>
    public VelocitySnapshot Velocity;
    /// <summary>BTC price, volatility and trend inputs as of the slot's event time; volatility stage.</summary>
    public VolatilitySnapshot Volatility;
    /// <summary>Composite regime and its thresholds; regime stage.</summary>
    public RegimeSnapshot Regime;
    /// <summary>Component scores, open interest, funding and the rationale; scoring stage.</summary>
    public ScoreSnapshot Score;
}
