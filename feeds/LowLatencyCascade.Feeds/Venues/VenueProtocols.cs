using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Binance;
using LowLatencyCascade.Feeds.Bybit;
using LowLatencyCascade.Feeds.Okx;

namespace LowLatencyCascade.Feeds.Venues;

/// <summary>The venue registry: the protocol and default endpoint of each <see cref="Exchange"/>.</summary>
public static class VenueProtocols
{
    /// <summary>
    /// The protocol of a venue. OKX needs contract values: pass the table loaded at start
    /// (<see cref="OkxInstruments.LoadAsync"/>); without one the built-in table is used.
    /// </summary>
    public static IVenueProtocol For(Exchange exchange, OkxInstruments? okxInstruments = null) => exchange switch
    {
        Exchange.Binance => new BinanceProtocol(),
        Exchange.Bybit => new BybitProtocol(),
        Exchange.Okx => new OkxProtocol(okxInstruments ?? OkxInstruments.BuiltIn),
        _ => throw new ArgumentOutOfRangeException(nameof(exchange), exchange, "no protocol for this venue"),
    };

    /// <summary>One protocol per venue, in <see cref="Exchange"/> order.</summary>
    public static IReadOnlyList<IVenueProtocol> All(OkxInstruments? okxInstruments = null) =>
        [For(Exchange.Binance), For(Exchange.Bybit), For(Exchange.Okx, okxInstruments)];

    /// <summary>The public production endpoint of a venue's market-data WebSocket.</summary>
    public static Uri DefaultEndpoint(Exchange exchange) => exchange switch
    {
        Exchange.Binance => BinanceProtocol.DefaultEndpoint,
        Exchange.Bybit => BybitProtocol.DefaultEndpoint,
        Exchange.Okx => OkxProtocol.DefaultEndpoint,
        _ => throw new ArgumentOutOfRangeException(nameof(exchange), exchange, "no endpoint for this venue"),
    };
}
