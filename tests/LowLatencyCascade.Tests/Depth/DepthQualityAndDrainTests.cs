using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Feeds.Health;
using Xunit;

namespace LowLatencyCascade.Tests.Depth;

/// <summary>The plan's depth check (fewer than 5 levels) per venue and symbol, and the depth-drain measure the scorer reads.</summary>
public class DepthQualityAndDrainTests
{
    private static BookDepth Book(int bids, int asks, double nearUsd = 1_000_000) =>
        new() { BidLevels = bids, AskLevels = asks, BidUsdNear = nearUsd / 2, AskUsdNear = nearUsd / 2, BidUsdWide = nearUsd, AskUsdWide = nearUsd };

    [Fact]
    public void A_side_with_fewer_than_five_levels_is_one_issue_per_venue_and_symbol_until_the_book_recovers()
    {
        var symbols = new SymbolTable();
        int btc = symbols.GetOrAdd("BTCUSDT"u8), eth = symbols.GetOrAdd("ETHUSDT"u8);
        var monitor = new DataQualityMonitor(symbols);
        monitor.OnDepth(Exchange.Bybit, btc, Book(5, 5), 1000);
        Assert.Equal(0, monitor.Count(DataQualityIssueType.InsufficientDepth));

        monitor.OnDepth(Exchange.Bybit, btc, Book(5, 4), 2000);
        monitor.OnDepth(Exchange.Bybit, btc, Book(3, 4), 3000); // still short: the same issue
        monitor.OnDepth(Exchange.Okx, btc, Book(2, 5), 3000);   // another venue: its own issue
        monitor.OnDepth(Exchange.Okx, eth, Book(5, 5), 3000);
        Assert.Equal(2, monitor.Count(DataQualityIssueType.InsufficientDepth));
        var issues = monitor.RecentIssues();
        Assert.Equal([(Exchange.Bybit, "BTCUSDT"), (Exchange.Okx, "BTCUSDT")], issues.Select(i => (i.Exchange, i.Symbol)));
        Assert.All(issues, i => Assert.Equal(IssueSeverity.Medium, i.Severity));
        Assert.Equal("insufficient depth: 5 bid and 4 ask levels, fewer than 5", issues[0].Description);

        var readings = monitor.DepthReadings();
        Assert.Equal(3, readings.Count);
        Assert.True(readings.Single(r => r.Exchange == Exchange.Bybit).Insufficient);
        Assert.Equal(3, readings.Single(r => r.Exchange == Exchange.Bybit).Depth.BidLevels);
        Assert.False(readings.Single(r => r.Symbol == "ETHUSDT").Insufficient);

        monitor.OnDepth(Exchange.Bybit, btc, Book(20, 20), 4000); // recovered: cleared, not raised
        monitor.OnDepth(Exchange.Bybit, btc, Book(1, 20), 5000);  // short again: a new issue
        Assert.Equal(3, monitor.Count(DataQualityIssueType.InsufficientDepth));
        Assert.Equal(3, monitor.TotalIssues);
    }

    [Fact]
    public void Recording_good_books_allocates_nothing()
    {
        var symbols = new SymbolTable();
        int btc = symbols.GetOrAdd("BTCUSDT"u8);
        var monitor = new DataQualityMonitor(symbols);
        var drain = new DepthDrain(new DepthOptions(), symbols.Capacity);
        var book = Book(20, 20);
        for (int i = 0; i < 1000; i++) { monitor.OnDepth(Exchange.Binance, btc, book, i); drain.OnDepth(btc, Exchange.Binance, i, book); }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            monitor.OnDepth((Exchange)(i % 3), btc, book, 1000 + i);
            drain.OnDepth(btc, (Exchange)(i % 3), 1000 + i, book);
            _ = drain.Drain(btc);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Drain_is_the_near_touch_depth_against_its_own_baseline_summed_over_venues()
    {
        var o = new DepthOptions { FastSeconds = 5, BaselineSeconds = 300, MinHistorySeconds = 60 };
        var drain = new DepthDrain(o, 8);
        Assert.Equal(-1, drain.Drain(1));
        long t = 0;
        // Ten minutes of a steady book: $1m near the touch on each of two venues.
        for (; t <= 600_000; t += 1000)
        {
            drain.OnDepth(1, Exchange.Binance, t, Book(20, 20, 1_000_000));
            drain.OnDepth(1, Exchange.Okx, t, Book(5, 5, 1_000_000));
        }
        Assert.InRange(drain.Drain(1), 0, 0.01);
        Assert.Equal(2_000_000, drain.NearUsd(1), 0);
        // The books near the touch drain to a quarter for 30 s: the fast average follows, the baseline barely moves.
        for (long end = t + 30_000; t <= end; t += 1000)
        {
            drain.OnDepth(1, Exchange.Binance, t, Book(20, 20, 250_000));
            drain.OnDepth(1, Exchange.Okx, t, Book(5, 5, 250_000));
        }
        Assert.InRange(drain.Drain(1), 0.6, 0.75);
        Assert.Equal(-1, drain.Drain(2));
        // The factor: damped at a full book, lifted at a drained one.
        Assert.Equal(o.FullBookFactor, o.Factor(0));
        Assert.Equal(o.DrainedFactor, o.Factor(0.7));
        Assert.InRange(o.Factor(0.3), o.FullBookFactor, o.DrainedFactor);
    }
}
