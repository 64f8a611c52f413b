using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Binance;
using LowLatencyCascade.Feeds.Bybit;
using LowLatencyCascade.Feeds.Okx;

namespace LowLatencyCascade.Feeds.Simulation;

/// <summary>
/// Turns simulated events into each venue's raw WebSocket text frames through the venue's own formatter
/// (<see cref="BinanceFrameFormatter"/>, <see cref="BybitFrameFormatter"/>, <see cref="OkxFrameFormatter"/>, each in
/// its venue's folder beside the decoder that reads the same shapes). One frame buffer is shared: a frame is valid
/// until the next <see cref="Format"/>.
/// </summary>
internal sealed class VenueFrameFormatter
{
    internal const int FundingDecimals = 8;
    internal const long EightHoursMs = 8 * 3600 * 1000;
    private readonly BinanceFrameFormatter _binance;
    private readonly BybitFrameFormatter _bybit;
    private readonly OkxFrameFormatter _okx;

    public VenueFrameFormatter(IReadOnlyList<ScenarioSymbol> symbols)
    {
        var frame = new FrameBuilder();
        _binance = new BinanceFrameFormatter(symbols, frame);
        _bybit = new BybitFrameFormatter(symbols, frame);
        _okx = new OkxFrameFormatter(symbols, frame);
    }

    public ReadOnlySpan<byte> Format(Exchange venue, in SimulatedEvent e) => venue switch
    {
        Exchange.Binance => _binance.Format(e),
        Exchange.Bybit => _bybit.Format(e),
        _ => _okx.Format(e),
    };

    /// <summary>Whether the venue sends this kind on its WebSocket streams (Binance's open interest is REST only).</summary>
    public static bool Emits(Exchange venue, SimulatedKind kind) => venue switch
    {
        Exchange.Binance => BinanceFrameFormatter.Emits(kind),
        Exchange.Bybit => BybitFrameFormatter.Emits(kind),
        _ => OkxFrameFormatter.Emits(kind),
    };

    /// <summary>OKX sizes are whole contracts of <see cref="ScenarioSymbol.OkxContractValue"/> base units, at least one.</summary>
    public static double Contracts(double quantity, ScenarioSymbol s) => Math.Max(1, Math.Round(quantity / s.OkxContractValue));

    internal static long NextFunding(long timeMs) => (timeMs / EightHoursMs + 1) * EightHoursMs;
}
