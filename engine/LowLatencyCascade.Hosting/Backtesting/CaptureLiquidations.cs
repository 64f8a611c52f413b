using LowLatencyCascade.Hosting;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Capture;
using LowLatencyCascade.Feeds.Okx;

namespace LowLatencyCascade.Hosting.Backtesting;

/// <summary>Reads the liquidations of capture files through the venue decoders (no ring, no model), in event-time order.</summary>
public static class CaptureLiquidations
{
    public static IReadOnlyList<DecodedLiquidation> Read(IReadOnlyList<string> paths, CancellationToken cancellationToken = default)
    {
        var symbols = new SymbolTable();
        var tap = new LiquidationTap(symbols);
        var feeder = new ReplayFeeder(symbols, tap, new FrameCounters(), OkxInstruments.BuiltIn);
        new CaptureReplayer(paths).Run(feeder, cancellationToken);
        return [.. tap.Liquidations.OrderBy(l => l.TimeMs)];
    }
}
