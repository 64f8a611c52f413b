using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds;
using LowLatencyCascade.Feeds.Transport;
using LowLatencyCascade.Feeds.Venues;
using Xunit;

namespace LowLatencyCascade.Tests.Transport;

/// <summary>
/// A venue that refuses a subscribe (Bybit <c>"success":false</c>, OKX <c>"event":"error"</c>) leaves the connection
/// open with nothing subscribed: the client counts the refusal, re-makes the session and subscribes again, with the
/// venue's real protocol and decoder against the server that answers as the venue documents it.
/// </summary>
public class SubscribeRefusalTests
{
    [Theory]
    [InlineData(Exchange.Bybit)]
    [InlineData(Exchange.Okx)]
    public async Task A_refused_subscribe_is_counted_and_the_session_is_re_made_until_subscribed(Exchange venue)
    {
        await using var h = await FeedHarness.StartAsync();
        h.Server.FailNextSubscribe(venue);
        var protocol = VenueProtocols.For(venue);
        // Twelve symbols, all streams: OKX quotes the whole request back in its error, kilobytes long.
        var subscription = new FeedSubscription(["BTCUSDT", "ETHUSDT", "SOLUSDT", "XRPUSDT", "DOGEUSDT", "ADAUSDT", "AVAXUSDT",
            "LINKUSDT", "DOTUSDT", "LTCUSDT", "BNBUSDT", "TRXUSDT"]);
        var connection = h.Connect(h.Options(venue, subscription: subscription), protocol, protocol.CreateDecoder(new SymbolTable(), 1));
        await connection.StartAsync(TestContext.Current.CancellationToken);

        await h.Disconnects.WaitForAsync(1, "the refused session re-made");
        await h.WaitForServerAsync(s => s.Subscriptions(venue).Any(t => t.Count > 0));
        await connection.StopAsync();

        Assert.Equal(1, connection.SubscribeRefusals);
        Assert.Equal(DisconnectReason.SubscribeRefused, Assert.Single(h.DisconnectReasons.Take(1)));
        Assert.True(h.Server.SubscribeRequests(venue) >= 2);
        Assert.Equal(0, connection.Tally.RejectedFrames); // the refusal is a venue answer (control), not a bad frame
    }
}
