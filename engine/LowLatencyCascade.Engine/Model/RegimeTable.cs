using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Model;

/// <summary>The spec's adaptive threshold table, one row per composite regime.</summary>
public sealed class RegimeTable
{
    public RegimeRow Extreme { get; set; } = new(2.5, 2.0, 0.5, 0.25, 2.0);
    public RegimeRow High { get; set; } = new(1.8, 1.5, 0.7, 0.5, 1.5);
    public RegimeRow Elevated { get; set; } = new(1.3, 1.2, 0.9, 0.75, 1.25);
    public RegimeRow Normal { get; set; } = new(1.0, 1.0, 1.0, 1.0, 1.0);
    public RegimeRow Low { get; set; } = new(0.7, 0.8, 1.2, 1.0, 0.9);
    public RegimeRow Dormant { get; set; } = new(0.5, 0.6, 1.5, 1.0, 0.8);

    public RegimeRow Row(MarketRegime regime) => regime switch
    {
        MarketRegime.Extreme => Extreme,
        MarketRegime.High => High,
        MarketRegime.Elevated => Elevated,
        MarketRegime.Low => Low,
        MarketRegime.Dormant => Dormant,
        _ => Normal,
    };
}
