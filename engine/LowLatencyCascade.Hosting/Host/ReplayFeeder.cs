using System.Diagnostics;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds;
using LowLatencyCascade.Feeds.Capture;
using LowLatencyCascade.Feeds.Okx;
using LowLatencyCascade.Feeds.Venues;

namespace LowLatencyCascade.Hosting;

/// <summary>
/// The replay's single producer: each captured frame goes through the same venue decoder a live connection
/// uses (one decoder per captured connection), straight into a claimed ring slot. Disconnect markers become
/// <see cref="EventKind.Gap"/> slots; bad capture lines become rejected slots, so every line is accounted for.
/// The ingress stamp is taken as the frame is handed to the decoder.
/// </summary>
public sealed class ReplayFeeder(SymbolTable symbols, IMarketEventSink sink, FrameCounters counters, OkxInstruments? okx = null)
    : ICaptureFrameConsumer
{
    private readonly Dictionary<int, IFrameDecoder> _decoders = [];
    private readonly List<CaptureIssue> _issues = [];

    public IReadOnlyList<CaptureIssue> Issues => _issues;

    public void OnFrame(Exchange exchange, int connectionId, long receiveTimeTicks, ReadOnlySpan<byte> frame)
    {
        if (!_decoders.TryGetValue(connectionId, out var decoder))
        {
            decoder = VenueProtocols.For(exchange, okx).CreateDecoder(symbols, connectionId);
            _decoders.Add(connectionId, decoder);
        }
        var result = decoder.Decode(frame, new FrameContext(connectionId, receiveTimeTicks, Stopwatch.GetTimestamp()), sink);
        counters.Count(result);
    }

    public void OnDisconnect(Exchange exchange, int connectionId, long receiveTimeTicks)
    {
        ref var slot = ref sink.Claim();
        slot.ResetInput();
        slot.Kind = EventKind.Gap;
        slot.Exchange = exchange;
        slot.ConnectionId = connectionId;
        slot.ReceiveTimeTicks = receiveTimeTicks;
        slot.Stamps.Ingress = Stopwatch.GetTimestamp();
        slot.Stamps.Decoded = slot.Stamps.Ingress;
        sink.Commit();
    }

    public void OnIssue(CaptureIssue issue)
    {
        if (_issues.Count < 1000) _issues.Add(issue);
        ref var slot = ref sink.Claim();
        slot.ResetInput();
        slot.Kind = EventKind.Rejected;
        slot.Reject = RejectReason.BadCaptureLine;
        slot.Stamps.Ingress = Stopwatch.GetTimestamp();
        slot.Stamps.Decoded = slot.Stamps.Ingress;
        sink.Commit();
        counters.CountRejected(RejectReason.BadCaptureLine);
    }
}
