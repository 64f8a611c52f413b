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

    /// <summary>
    /// The connections a venue needs for a subscription, each with its protocol and a route name (null for a venue
    /// served on one endpoint). Binance serves book data on <c>/public</c> and everything else on <c>/market</c>, and
    /// the two cannot share a connection, so a full Binance subscription is two connections.
    /// </summary>
    public static IReadOnlyList<(IVenueProtocol Protocol, string? Route)> Connections(Exchange exchange, FeedSubscription subscription, OkxInstruments? okxInstruments = null) =>
        exchange == Exchange.Binance
            ? BinanceProtocol.ForSubscription(subscription).Select(p => ((IVenueProtocol)p, (string?)BinanceRoutes.Segment(p.Route))).ToArray()
            : [(For(exchange, okxInstruments), null)];

    /// <summary>One protocol per venue, in <see cref="Exchange"/> order.</summary>
    public static IReadOnlyList<IVenueProtocol> All(OkxInstruments? okxInstruments = null) =>
        [For(Exchange.Binance), For(Exchange.Bybit), For(Exchange.Okx, okxInstruments)];

    /// <summary>The public production endpoint of a venue's market-data WebSocket (Binance: the root its routes hang from).</summary>
    public static Uri DefaultEndpoint(Exchange exchange) => exchange switch
    {
        Exchange.Binance => BinanceProtocol.DefaultEndpoint,
        Exchange.Bybit => BybitProtocol.DefaultEndpoint,
        Exchange.Okx => OkxProtocol.DefaultEndpoint,
        _ => throw new ArgumentOutOfRangeException(nameof(exchange), exchange, "no endpoint for this venue"),
    };
}
