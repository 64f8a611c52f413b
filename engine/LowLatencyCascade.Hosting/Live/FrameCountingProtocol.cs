using LowLatencyCascade.Hosting;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds;

namespace LowLatencyCascade.Hosting.Live;

/// <summary>
/// A venue protocol whose decoders count into the host's <see cref="FrameCounters"/> (see <see cref="FrameCountingDecoder"/>).
/// A protocol rather than a decoder wrapper, because <see cref="Feeds.Transport.RedundantFeed"/> creates its decoders itself.
/// </summary>
internal sealed class FrameCountingProtocol(IVenueProtocol inner, FrameCounters counters) : IVenueProtocol
{
    public IVenueProtocol Inner => inner;
    public Exchange Exchange => inner.Exchange;
    public string? PingMessage => inner.PingMessage;
    public TimeSpan PingInterval => inner.PingInterval;
    public TimeSpan? MaxConnectionLifetime => inner.MaxConnectionLifetime;

    public Uri BuildConnectUri(Uri endpoint, FeedSubscription subscription) => inner.BuildConnectUri(endpoint, subscription);

    public IReadOnlyList<string> SubscribeMessages(FeedSubscription subscription) => inner.SubscribeMessages(subscription);

    public bool IsPong(ReadOnlySpan<byte> frame) => inner.IsPong(frame);
    public bool IsSubscribeRefusal(ReadOnlySpan<byte> frame) => inner.IsSubscribeRefusal(frame);

    public bool HasSteadyStreams(FeedSubscription subscription) => inner.HasSteadyStreams(subscription);

    public IFrameDecoder CreateDecoder(SymbolTable symbols, int connectionId) =>
        new FrameCountingDecoder(inner.CreateDecoder(symbols, connectionId), counters);
}
