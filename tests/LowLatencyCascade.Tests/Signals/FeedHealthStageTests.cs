using System.Text.Json;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Health;
using LowLatencyCascade.Engine.Signals;
using Xunit;

namespace LowLatencyCascade.Tests.Signals;

/// <summary>The feed-health stage: fresh and stale venues on the event clock, gap hold, RED from the status board, and the signal's <c>feeds</c> object.</summary>
public class FeedHealthStageTests
{
    private const long T0 = 1_764_000_000_000;

    private static MarketEvent Event(Exchange exchange, long timeMs, EventKind kind = EventKind.Trade, bool signal = false, int connection = 0)
    {
        var e = new MarketEvent();
        e.ResetInput();
        e.Kind = kind;
        e.Exchange = exchange;
        e.ConnectionId = connection;
        e.SymbolId = 0;
        e.ExchangeTimeMs = kind == EventKind.Gap ? 0 : timeMs;
        e.ReceiveTimeTicks = timeMs * TimeSpan.TicksPerMillisecond;
        e.Signal.Generated = signal;
        return e;
    }

    private static FeedHealthAnnotation Feed(FeedHealthStage stage, Exchange exchange, long timeMs)
    {
        var e = Event(exchange, timeMs, signal: true);
        stage.OnEvent(ref e, 0, true);
        return e.Signal.Feeds;
    }

    private static void Send(FeedHealthStage stage, Exchange exchange, long timeMs, EventKind kind = EventKind.Trade, int connection = 0)
    {
        var e = Event(exchange, timeMs, kind, connection: connection);
        stage.OnEvent(ref e, 0, true);
    }

    private static byte Bits(params Exchange[] venues) => (byte)venues.Sum(v => FeedHealthAnnotation.Bit(v));

    [Fact]
    public void Venues_are_fresh_within_the_window_stale_after_it_and_unknown_before_their_first_event()
    {
        var stage = new FeedHealthStage(new FeedHealthOptions { FreshWindow = TimeSpan.FromSeconds(10) });
        Send(stage, Exchange.Binance, T0);
        Send(stage, Exchange.Bybit, T0 + 1_000);
        var a = Feed(stage, Exchange.Binance, T0 + 5_000);
        Assert.Equal(Bits(Exchange.Binance, Exchange.Bybit), a.Fresh);   // OKX sent nothing: neither fresh nor stale
        Assert.False(a.Degraded);

        a = Feed(stage, Exchange.Binance, T0 + 11_001);                  // Bybit's last event is 10.001 s behind the clock
        Assert.Equal(Bits(Exchange.Binance), a.Fresh);
        Assert.Equal(Bits(Exchange.Bybit), a.Stale);
        Assert.True(a.Degraded);
        Assert.Equal(1, stage.DegradedSignals);
        Assert.Equal(2, stage.Signals);
    }

    [Fact]
    public void A_gap_marks_its_venue_until_it_delivers_again_and_for_the_hold_after()
    {
        var stage = new FeedHealthStage(new FeedHealthOptions { FreshWindow = TimeSpan.FromSeconds(10), GapHold = TimeSpan.FromSeconds(30) });
        Send(stage, Exchange.Okx, T0);
        Send(stage, Exchange.Okx, T0 + 1, EventKind.Gap, connection: 3);
        Assert.Equal(1, stage.GapsOf(3));
        Assert.Equal(Bits(Exchange.Okx), Feed(stage, Exchange.Binance, T0 + 60_000).Gap);   // still nothing from OKX: pending
        Send(stage, Exchange.Okx, T0 + 61_000);                                              // back: the hold starts here
        Assert.Equal(Bits(Exchange.Okx), Feed(stage, Exchange.Binance, T0 + 90_999).Gap);
        var after = Feed(stage, Exchange.Okx, T0 + 91_000);
        Assert.Equal(0, after.Gap);
        Assert.False(after.Degraded);
    }

    [Fact]
    public void Red_comes_from_the_status_board_the_feeds_write()
    {
        var board = new FeedStatusBoard();
        var stage = new FeedHealthStage(board: board);
        board.Set(Exchange.Bybit, FeedStatusBoard.Red);
        board.Set(Exchange.Okx, FeedStatusBoard.Yellow);
        var a = Feed(stage, Exchange.Binance, T0);
        Assert.Equal(Bits(Exchange.Bybit), a.Red);
        Assert.True(a.Degraded);
        board.Set(Exchange.Bybit, FeedStatusBoard.Green);
        Assert.False(Feed(stage, Exchange.Binance, T0 + 1).Degraded);
    }

    [Fact]
    public void The_signal_carries_fresh_venues_degraded_and_reasons_and_parses_back()
    {
        var symbols = new SymbolTable(8);
        symbols.GetOrAdd("BTCUSDT");
        var slot = new MarketEvent { SymbolId = 0, ExchangeTimeMs = T0 };
        slot.Signal = new SignalAnnotation
        {
            Generated = true,
            Feeds = new FeedHealthAnnotation { Fresh = Bits(Exchange.Binance, Exchange.Bybit), Red = Bits(Exchange.Okx), Gap = Bits(Exchange.Okx) },
        };
        var json = new SignalJsonEncoder(symbols).Encode(ref slot).ToArray();
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("""{"fresh":["binance","bybit"],"degraded":true,"reasons":["okx:red","okx:gap"]}""", doc.RootElement.GetProperty("feeds").GetRawText());
        var signal = CascadeSignal.Parse(json);
        Assert.Equal(["binance", "bybit"], signal.Feeds!.Fresh);
        Assert.True(signal.Feeds.Degraded);
        Assert.Equal(["okx:red", "okx:gap"], signal.Feeds.Reasons);

        slot.Signal.Feeds = default;
        using var healthy = JsonDocument.Parse(new SignalJsonEncoder(symbols).Encode(ref slot).ToArray());
        Assert.Equal("""{"fresh":[],"degraded":false,"reasons":[]}""", healthy.RootElement.GetProperty("feeds").GetRawText());
    }
}
