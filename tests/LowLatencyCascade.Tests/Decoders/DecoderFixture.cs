using System.Text;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds;
using Xunit;
using LowLatencyCascade.Testing;

namespace LowLatencyCascade.Tests.Decoders;

/// <summary>Runs frames through one decoder into a <see cref="RecordingSink"/>, with a fixed frame context.</summary>
internal sealed class DecoderFixture
{
    public static readonly FrameContext Context = new(ConnectionId: 7, ReceiveTimeTicks: 17_392_000_000_000_000, IngressTimestamp: 123_456_789);

    public DecoderFixture(IVenueProtocol protocol, SymbolTable? symbols = null)
    {
        Symbols = symbols ?? new SymbolTable();
        Decoder = protocol.CreateDecoder(Symbols, Context.ConnectionId);
    }

    public SymbolTable Symbols { get; }
    public IFrameDecoder Decoder { get; }
    public RecordingSink Sink { get; } = new();

    public FrameResult Decode(string frame) => Decoder.Decode(Encoding.UTF8.GetBytes(frame), Context, Sink);

    public FrameResult Decode(byte[] frame) => Decoder.Decode(frame, Context, Sink);

    /// <summary>Decodes a frame expected to give exactly one event and returns it.</summary>
    public MarketEvent DecodeOne(string frame)
    {
        Sink.Clear();
        var result = Decode(frame);
        Assert.Equal(FrameOutcome.Events, result.Outcome);
        Assert.Equal(1, result.EventCount);
        var e = Sink.Single();
        AssertStamped(e);
        return e;
    }

    /// <summary>Decodes a frame expected to be rejected; checks the one rejected slot and returns the result.</summary>
    public FrameResult DecodeRejected(string frame, RejectReason expected)
    {
        Sink.Clear();
        var result = Decode(frame);
        Assert.Equal(FrameOutcome.Rejected, result.Outcome);
        Assert.Equal(expected, result.Reason);
        var slot = Sink.Events[^1];
        Assert.Equal(EventKind.Rejected, slot.Kind);
        Assert.Equal(expected, slot.Reject);
        Assert.Equal(Decoder.Exchange, slot.Exchange);
        Assert.Equal(-1, slot.SymbolId);
        return result;
    }

    public string NameOf(in MarketEvent e) => Symbols.NameOf(e.SymbolId);

    /// <summary>What every slot must carry from the frame context.</summary>
    public void AssertStamped(in MarketEvent e)
    {
        Assert.Equal(Decoder.Exchange, e.Exchange);
        Assert.Equal(Context.ConnectionId, e.ConnectionId);
        Assert.Equal(Context.ReceiveTimeTicks, e.ReceiveTimeTicks);
        Assert.Equal(Context.IngressTimestamp, e.Stamps.Ingress);
        Assert.True(e.Stamps.Decoded >= e.Stamps.Ingress, "decoded stamp taken after ingress");
        Assert.Equal(0, e.Stamps.Velocity);
        Assert.Equal(RejectReason.None, e.Reject);
    }
}
