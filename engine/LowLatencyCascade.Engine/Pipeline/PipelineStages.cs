using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Ring;

namespace LowLatencyCascade.Engine.Pipeline;

/// <summary>The handlers the pipeline lays out on threads. <see cref="AfterPublish"/> run on the last thread (data quality, capture tap...); <see cref="Health"/> (the feed-health stage) runs on that thread just before <see cref="Publish"/>, so the signal it marks is the one published.</summary>
public sealed record PipelineStages(
    IEventHandler<MarketEvent> Velocity,
    IEventHandler<MarketEvent> Volatility,
    IEventHandler<MarketEvent> Regime,
    IEventHandler<MarketEvent> Scoring,
    IEventHandler<MarketEvent> Publish,
    IReadOnlyList<IEventHandler<MarketEvent>>? AfterPublish = null,
    IEventHandler<MarketEvent>? Health = null);
