using System.Text;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds;
using Xunit;
using LowLatencyCascade.Testing;

namespace LowLatencyCascade.Tests.Decoders;

/// <summary>Whatever bytes arrive, a decoder answers with a result, never an exception, and every claim is committed.</summary>
public class DecoderRobustnessTests
{
    public static TheoryData<string> Venues => VenueFrames.VenueNames();

    [Theory]
    [MemberData(nameof(Venues))]
    public void Every_truncated_prefix_of_a_valid_frame_is_decoded_without_throwing(string venue)
    {
        var (protocol, frames) = VenueFrames.Of(venue);
        var sink = new RecordingSink(16);
        var decoder = protocol.CreateDecoder(new SymbolTable(), 1);
        int rejected = 0;
        foreach (string text in frames)
        {
            byte[] frame = Encoding.UTF8.GetBytes(text);
            for (int length = 0; length < frame.Length; length++)
            {
                long before = sink.Committed;
                var result = decoder.Decode(frame.AsSpan(0, length), DecoderFixture.Context, sink);
                AssertAccounted(result, sink, before);
                if (result.Outcome == FrameOutcome.Rejected) rejected++;
            }
        }
        // Almost every prefix is broken JSON; only the empty-data prefixes of multi-event frames can pass.
        Assert.True(rejected > frames.Sum(f => f.Length) * 9 / 10, $"{rejected} prefixes rejected");
    }

    [Theory]
    [MemberData(nameof(Venues))]
    public void Random_bytes_and_mutated_frames_never_throw(string venue)
    {
        var (protocol, frames) = VenueFrames.Of(venue);
        var sink = new RecordingSink(16);
        var decoder = protocol.CreateDecoder(new SymbolTable(), 1);
        var random = new Random(20260127);
        byte[] alphabet = Encoding.ASCII.GetBytes("{}[]\":,0123456789.-eE truefalsnul\\abcXYZ");
        for (int i = 0; i < 3000; i++)
        {
            byte[] frame;
            switch (i % 3)
            {
                case 0:
                    frame = new byte[random.Next(0, 200)];
                    random.NextBytes(frame);
                    break;
                case 1:
                    frame = new byte[random.Next(0, 200)];
                    for (int k = 0; k < frame.Length; k++) frame[k] = alphabet[random.Next(alphabet.Length)];
                    break;
                default:
                    frame = Encoding.UTF8.GetBytes(frames[random.Next(frames.Length)]);
                    for (int flips = random.Next(1, 4); flips > 0; flips--) frame[random.Next(frame.Length)] = alphabet[random.Next(alphabet.Length)];
                    break;
            }
            long before = sink.Committed;
            var result = decoder.Decode(frame, DecoderFixture.Context, sink);
            AssertAccounted(result, sink, before);
        }
    }

    [Theory]
    [MemberData(nameof(Venues))]
    public void Deeply_nested_input_is_rejected_not_overflowing_the_stack(string venue)
    {
        var (protocol, _) = VenueFrames.Of(venue);
        var sink = new RecordingSink(4);
        string nested = "{\"data\":" + new string('[', 5000) + new string(']', 5000) + "}";
        var result = protocol.CreateDecoder(new SymbolTable(), 1).Decode(Encoding.UTF8.GetBytes(nested), DecoderFixture.Context, sink);
        Assert.Equal(FrameOutcome.Rejected, result.Outcome);
    }

    private static void AssertAccounted(FrameResult result, RecordingSink sink, long committedBefore)
    {
        long slots = sink.Committed - committedBefore;
        Assert.Equal(sink.Claimed, sink.Committed);
        switch (result.Outcome)
        {
            case FrameOutcome.Control:
                Assert.Equal(0, slots);
                break;
            case FrameOutcome.Events:
                Assert.True(result.EventCount > 0);
                Assert.Equal(result.EventCount, slots);
                break;
            case FrameOutcome.Rejected:
                Assert.NotEqual(RejectReason.None, result.Reason);
                Assert.Equal(result.EventCount + 1, slots);
                break;
        }
    }
}
