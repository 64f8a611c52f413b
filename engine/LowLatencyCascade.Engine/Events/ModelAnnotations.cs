namespace LowLatencyCascade.Engine.Events;

/// <summary>
/// What the model stages (velocity, volatility, regime, scoring) write into the slot for the stages after
/// them and for the signal encoder. Owned by the model; blittable.
/// </summary>
public struct ModelAnnotations
{
}
