using System.Text;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds;
using LowLatencyCascade.Feeds.Okx;
using Xunit;
using LowLatencyCascade.Testing;

namespace LowLatencyCascade.Tests.Decoders;

/// <summary>The decode path allocates nothing per frame once symbols are known (the symbol table allocates a name once).</summary>
public class DecoderAllocationTests
{
    public static TheoryData<string> Venues => VenueFrames.VenueNames();

    [Theory]
    [MemberData(nameof(Venues))]
    public void Decoding_10000_frames_allocates_nothing(string venue)
    {
        var (protocol, texts) = VenueFrames.Of(venue);
        byte[][] frames = texts.Select(Encoding.UTF8.GetBytes).ToArray();
        var decoder = protocol.CreateDecoder(new SymbolTable(), 1);
        var sink = new RecordingSink(1024);
        var context = DecoderFixture.Context;

        // Warm up: symbols are added, code is jitted and tiered.
        for (int i = 0; i < 2000; i++) decoder.Decode(frames[i % frames.Length], context, sink);

        // OKX remembers the liquidations it published: the fixture's liquidation frame, decoded again, is a replay
        // (one Duplicate slot), so that path is measured here too.
        int events = 0, replays = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            var result = decoder.Decode(frames[i % frames.Length], context, sink);
            if (result.Outcome == FrameOutcome.Events) events += result.EventCount;
            else if (result.Reason == RejectReason.Duplicate) replays++;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(events + replays >= 10_000, $"{events} events decoded, {replays} replays recognized");
        if (venue == "okx") Assert.True(replays > 0, "the OKX replay path was exercised");
    }

    [Fact]
    public void Okx_fresh_and_replayed_liquidations_allocate_nothing()
    {
        // 512 distinct liquidations (ts differ), each decoded once fresh and then once as a replay.
        byte[][] frames = Enumerable.Range(0, 512).Select(i => Encoding.UTF8.GetBytes(
            $$$"""{"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{"details":[{"bkLoss":"0","bkPx":"95000.5","ccy":"","posSide":"long","side":"sell","sz":"{{{i % 7 + 1}}}","ts":"{{{1739502302929 + i}}}"}],"instId":"BTC-USDT-SWAP","instType":"SWAP"}]}""")).ToArray();
        byte[] warm = Encoding.UTF8.GetBytes(OkxDecoderTests.LiquidationLongMode);
        var decoder = new OkxProtocol(VenueFrames.OkxInstruments).CreateDecoder(new SymbolTable(), 1);
        var sink = new RecordingSink(1024);
        for (int i = 0; i < 2000; i++) decoder.Decode(warm, DecoderFixture.Context, sink);

        int fresh = 0, replays = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int pass = 0; pass < 2; pass++)
        {
            foreach (byte[] frame in frames)
            {
                var result = decoder.Decode(frame, DecoderFixture.Context, sink);
                if (result.Outcome == FrameOutcome.Events) fresh += result.EventCount;
                else if (result.Reason == RejectReason.Duplicate) replays++;
            }
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(512, fresh);
        Assert.Equal(512, replays);
    }

    [Theory]
    [MemberData(nameof(Venues))]
    public void Rejecting_bad_numbers_allocates_nothing_either(string venue)
    {
        var (protocol, _) = VenueFrames.Of(venue);
        string text = venue switch
        {
            "binance" => """{"stream":"x","data":{"e":"aggTrade","E":1,"s":"BTCUSDT","p":"10","q":"abc","T":1,"m":true}}""",
            "bybit" => """{"topic":"publicTrade.BTCUSDT","ts":1,"data":[{"T":1,"s":"BTCUSDT","S":"Buy","v":"x","p":"2"}]}""",
            _ => """{"arg":{"channel":"trades","instId":"BTC-USDT-SWAP"},"data":[{"px":"1,5","sz":"1","side":"buy","ts":"1"}]}""",
        };
        byte[] frame = Encoding.UTF8.GetBytes(text);
        var decoder = protocol.CreateDecoder(new SymbolTable(), 1);
        var sink = new RecordingSink(64);
        for (int i = 0; i < 500; i++) decoder.Decode(frame, DecoderFixture.Context, sink);

        int badNumbers = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            if (decoder.Decode(frame, DecoderFixture.Context, sink).Reason == RejectReason.BadNumber) badNumbers++;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(1000, badNumbers);
    }
}
