using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Health;
using Xunit;

namespace LowLatencyCascade.Tests.Transport;

public class DataQualityMonitorTests
{
    private const long T0 = 1_700_000_000_000;

    private static MarketEvent Ticker(int symbol, double bid, double ask, long exchangeMs, long receiveMs) => new()
    {
        Kind = EventKind.BookTicker, Exchange = Exchange.Okx, SymbolId = symbol, BidPrice = bid, AskPrice = ask,
        ExchangeTimeMs = exchangeMs, ReceiveTimeTicks = receiveMs * TimeSpan.TicksPerMillisecond,
    };

    [Fact]
    public void A_crossed_book_is_one_critical_issue_until_it_uncrosses()
    {
        var monitor = new DataQualityMonitor(SymbolTable.Of("BTCUSDT"));
        var stage = new DataQualityStage(monitor);
        var raised = new List<DataQualityIssue>();
        monitor.IssueRaised += raised.Add;

        for (int i = 0; i < 3; i++) { var e = Ticker(0, 100.5, 100.0, T0 + i, T0 + i); stage.OnEvent(ref e, i, true); }
        var fixedBook = Ticker(0, 100.0, 100.1, T0 + 3, T0 + 3); stage.OnEvent(ref fixedBook, 3, true);
        var again = Ticker(0, 100.2, 100.2, T0 + 4, T0 + 4); stage.OnEvent(ref again, 4, true); // bid == ask is crossed too

        Assert.Equal(2, monitor.Count(DataQualityIssueType.CrossedBook));
        var issue = raised[0];
        Assert.Equal((DataQualityIssueType.CrossedBook, IssueSeverity.Critical, Exchange.Okx, "BTCUSDT", T0), (issue.Type, issue.Severity, issue.Exchange, issue.Symbol, issue.TimeMs));
        Assert.Contains("100.5", issue.Description);
        Assert.Equal(raised, monitor.RecentIssues());
        Assert.Equal(0, monitor.Count(DataQualityIssueType.WideSpread));
    }

    [Fact]
    public void A_spread_over_5_percent_of_mid_is_a_high_issue()
    {
        var monitor = new DataQualityMonitor(SymbolTable.Of("BTCUSDT", "ETHUSDT"));
        monitor.OnBookTicker(Exchange.Binance, 0, 100, 104.9, T0, T0);   // 4.8 %: fine
        monitor.OnBookTicker(Exchange.Binance, 1, 100, 106, T0, T0);     // 5.8 %
        var issue = Assert.Single(monitor.RecentIssues());
        Assert.Equal((DataQualityIssueType.WideSpread, IssueSeverity.High, "ETHUSDT"), (issue.Type, issue.Severity, issue.Symbol));
        Assert.Equal(1, monitor.TotalIssues);
    }

    [Fact]
    public void Data_older_than_30_s_on_arrival_or_not_updated_for_30_s_is_a_medium_stale_issue()
    {
        var monitor = new DataQualityMonitor(SymbolTable.Of("BTCUSDT", "ETHUSDT", "SOLUSDT"));
        var stage = new DataQualityStage(monitor);
        var late = Ticker(0, 100, 100.1, T0, T0 + 31_000);         // BTC arrived 31 s after the exchange stamped it
        stage.OnEvent(ref late, 0, true);
        var sol = Ticker(2, 20, 20.01, T0 + 31_000, T0 + 31_000);  // SOL fresh, then never again
        stage.OnEvent(ref sol, 1, true);
        Assert.Equal(1, monitor.Count(DataQualityIssueType.StaleData));

        // ETH keeps ticking for 40 s of event time; SOL goes stale by the stage's periodic check. BTC is still the same episode.
        for (int s = 1; s <= 40; s++) { var e = Ticker(1, 10, 10.01, T0 + 31_000 + s * 1000, T0 + 31_000 + s * 1000); stage.OnEvent(ref e, 1 + s, true); }
        var issues = monitor.RecentIssues();
        Assert.Equal(["BTCUSDT", "SOLUSDT"], issues.Select(i => i.Symbol));
        Assert.All(issues, i => Assert.Equal((DataQualityIssueType.StaleData, IssueSeverity.Medium), (i.Type, i.Severity)));
        Assert.Equal(T0 + 31_000 + 31_000, issues[1].TimeMs); // the first check after SOL passed 30 s
        Assert.Equal(2, monitor.TotalIssues);
    }

    [Fact]
    public void The_history_keeps_the_newest_issues_up_to_its_capacity()
    {
        var monitor = new DataQualityMonitor(SymbolTable.Of("A", "B", "C", "D", "E"), new DataQualityThresholds { HistoryCapacity = 3 });
        for (int s = 0; s < 5; s++) monitor.OnBookTicker(Exchange.Bybit, s, 2, 1, T0 + s, T0 + s);
        Assert.Equal(["C", "D", "E"], monitor.RecentIssues().Select(i => i.Symbol));
        Assert.Equal(5, monitor.Count(DataQualityIssueType.CrossedBook));
    }

    [Fact]
    public void The_stage_allocates_nothing_while_the_data_is_good()
    {
        var monitor = new DataQualityMonitor(SymbolTable.Of("BTCUSDT", "ETHUSDT"));
        var stage = new DataQualityStage(monitor);
        var e = Ticker(0, 100, 100.1, T0, T0);
        for (int i = 0; i < 1000; i++) { e.SymbolId = i & 1; e.ExchangeTimeMs = T0 + i * 10; stage.OnEvent(ref e, i, (i & 7) == 0); } // warm-up
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100_000; i++) { e.SymbolId = i & 1; e.ExchangeTimeMs = T0 + 10_000 + i * 10; e.ReceiveTimeTicks = e.ExchangeTimeMs * TimeSpan.TicksPerMillisecond; stage.OnEvent(ref e, i, (i & 7) == 0); }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(0, monitor.TotalIssues);
    }
}
