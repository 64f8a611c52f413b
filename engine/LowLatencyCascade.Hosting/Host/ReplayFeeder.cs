using System.Diagnostics;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds;
using LowLatencyCascade.Feeds.Capture;
using LowLatencyCascade.Feeds.Okx;
using LowLatencyCascade.Feeds.Venues;

namespace LowLatencyCascade.Hosting;

/// <summary>
/// The replay's single producer: each captured frame goes through the same venue decoder a live connection
/// uses (one decoder per captured connection, made when the connection is first seen), straight into a claimed
/// ring slot, counted by the same <see cref="FrameProducer"/> as live. Disconnect markers become
/// <see cref="EventKind.Gap"/> slots; bad capture lines become rejected slots, so every line is accounted for.
/// The ingress stamp is taken as the frame is handed to the decoder.
/// </summary>
public sealed class ReplayFeeder(SymbolTable symbols, IMarketEventSink sink, FrameCounters counters, OkxInstruments? okx = null)
    : ICaptureFrameConsumer
{
    private readonly FrameProducer _producer = new(sink, counters.NewTally());
    private readonly List<CaptureIssue> _issues = [];

    public IReadOnlyList<CaptureIssue> Issues => _issues;

    public void OnFrame(Exchange exchange, int connectionId, long receiveTimeTicks, ReadOnlySpan<byte> frame)
    {
        if (_producer.DecoderFor(connectionId) is null)
            _producer.SetDecoder(connectionId, VenueProtocols.For(exchange, okx).CreateDecoder(symbols, connectionId));
        _producer.Decode(frame, new FrameContext(connectionId, receiveTimeTicks, Stopwatch.GetTimestamp()));
    }

    public void OnDisconnect(Exchange exchange, int connectionId, long receiveTimeTicks) =>
        _producer.Gap(exchange, new FrameContext(connectionId, receiveTimeTicks, Stopwatch.GetTimestamp()));

    public void OnIssue(CaptureIssue issue)
    {
        if (_issues.Count < 1000) _issues.Add(issue);
        _producer.Reject(default, new FrameContext(0, 0, Stopwatch.GetTimestamp()), RejectReason.BadCaptureLine, 0);
    }
}
