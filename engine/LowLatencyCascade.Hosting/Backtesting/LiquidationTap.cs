using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds;

namespace LowLatencyCascade.Hosting.Backtesting;

/// <summary>
/// A one-slot event sink behind the venue decoders that keeps the liquidations and drops everything else:
/// what the naive detector and the calibration read, decoded exactly as the pipeline decodes them. Exact
/// copies (same venue, symbol, venue time, side, price and quantity: the venues' re-sends) are kept once.
/// </summary>
internal sealed class LiquidationTap(SymbolTable symbols) : IMarketEventSink
{
    private MarketEvent _slot;
    private readonly HashSet<(Exchange, int, long, Side, double, double)> _seen = [];

    public List<DecodedLiquidation> Liquidations { get; } = [];

    public ref MarketEvent Claim() => ref _slot;

    public void Commit()
    {
        if (_slot.Kind != EventKind.Liquidation || _slot.SymbolId < 0) return;
        if (!_seen.Add((_slot.Exchange, _slot.SymbolId, _slot.EventTimeMs, _slot.Side, _slot.Price, _slot.Quantity))) return;
        double usd = _slot.NotionalUsd > 0 ? _slot.NotionalUsd : _slot.Price * _slot.Quantity;
        Liquidations.Add(new DecodedLiquidation(symbols.NameOf(_slot.SymbolId), _slot.EventTimeMs, usd));
    }
}
