using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Feeds.Simulation;

/// <summary>
/// One labelled episode of one symbol: a cascade (<see cref="IsCascade"/>) or, in hard scenarios, an isolated
/// burst that is not one (it counts against a detector that fires on it). Times are Unix milliseconds of
/// event time; <see cref="LiquidatedSide"/> is the side whose positions were mostly liquidated.
/// </summary>
public sealed record CascadeLabel(
    string Symbol,
    long StartMs,
    long PeakMs,
    long EndMs,
    bool IsCascade,
    int Episode,
    Side LiquidatedSide);
