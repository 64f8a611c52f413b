namespace LowLatencyCascade.Engine.Events;

/// <summary>
/// The part of the scoring stage's output that the publish stage and sinks need. The full model
/// annotations (component scores, metrics, context) live in <see cref="MarketEvent.Model"/>.
/// </summary>
public struct SignalAnnotation
{
    /// <summary>True when the scorer "generated" a signal for this slot's symbol (rate-limited per symbol, or the level changed).</summary>
    public bool Generated;
    public SignalLevel Level;
    public double Probability;
    /// <summary>Which venues were fresh and whether the view was degraded (see <see cref="FeedHealthAnnotation"/>).</summary>
    public FeedHealthAnnotation Feeds;
}
