using System.Collections.Concurrent;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds;
using LowLatencyCascade.Feeds.Binance;
using Microsoft.AspNetCore.Http;
using Xunit;
using LowLatencyCascade.Testing;

namespace LowLatencyCascade.Tests.Decoders;

public class BinanceOpenInterestPollerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Poller_writes_open_interest_slots_for_each_symbol_in_turn()
    {
        var asked = new ConcurrentQueue<string>();
        await using var server = await LocalRestServer.StartAsync("/fapi/v1/openInterest", async ctx =>
        {
            string symbol = ctx.Request.Query["symbol"].ToString();
            asked.Enqueue(symbol);
            double oi = symbol == "BTCUSDT" ? 81234.567 : 1500000.5;
            await ctx.Response.WriteAsync($$"""{"openInterest":"{{oi}}","symbol":"{{symbol}}","time":1739502303000}""");
        });
        using var http = new HttpClient();
        var symbols = new SymbolTable();
        var sink = new RecordingSink();
        var poller = new BinanceOpenInterestPoller(http, symbols, sink, ["BTCUSDT", "ETHUSDT"],
            new BinanceOpenInterestPollerOptions { BaseAddress = server.BaseAddress, ConnectionId = 42 });

        using var cts = new CancellationTokenSource(Timeout);
        Assert.True(await poller.PollNextAsync(cts.Token));
        Assert.True(await poller.PollNextAsync(cts.Token));
        Assert.True(await poller.PollNextAsync(cts.Token));

        Assert.Equal(["BTCUSDT", "ETHUSDT", "BTCUSDT"], asked.ToArray());
        var events = sink.Events;
        Assert.Equal(3, events.Length);
        Assert.All(events, e =>
        {
            Assert.Equal(EventKind.OpenInterest, e.Kind);
            Assert.Equal(Exchange.Binance, e.Exchange);
            Assert.Equal(42, e.ConnectionId);
            Assert.Equal(1739502303000, e.ExchangeTimeMs);
            Assert.True(e.ReceiveTimeTicks > 0 && e.Stamps.Decoded >= e.Stamps.Ingress);
        });
        Assert.Equal("BTCUSDT", symbols.NameOf(events[0].SymbolId));
        Assert.Equal(81234.567, events[0].OpenInterest);
        Assert.Equal("ETHUSDT", symbols.NameOf(events[1].SymbolId));
        Assert.Equal(1500000.5, events[1].OpenInterest);
        Assert.Equal(3, poller.Polls);
        Assert.Equal(0, poller.Failures);
    }

    [Fact]
    public async Task Poller_counts_failures_and_keeps_going()
    {
        int calls = 0;
        await using var server = await LocalRestServer.StartAsync("/fapi/v1/openInterest", async ctx =>
        {
            switch (Interlocked.Increment(ref calls))
            {
                case 1:
                    ctx.Response.StatusCode = 429;
                    break;
                case 2:
                    await ctx.Response.WriteAsync("""{"openInterest":"lots","symbol":"BTCUSDT","time":1}""");
                    break;
                default:
                    await ctx.Response.WriteAsync("""{"symbol":"BTCUSDT","openInterest":"10.5","time":2}""");
                    break;
            }
        });
        using var http = new HttpClient();
        var sink = new RecordingSink();
        var poller = new BinanceOpenInterestPoller(http, new SymbolTable(), sink, ["BTCUSDT"],
            new BinanceOpenInterestPollerOptions { BaseAddress = server.BaseAddress });

        using var cts = new CancellationTokenSource(Timeout);
        Assert.False(await poller.PollNextAsync(cts.Token));
        Assert.Contains("429", poller.LastFailure);
        Assert.False(await poller.PollNextAsync(cts.Token));
        Assert.True(await poller.PollNextAsync(cts.Token));
        Assert.Equal(2, poller.Failures);
        Assert.Equal(10.5, Assert.Single(sink.Events).OpenInterest);
    }

    [Fact]
    public async Task Poller_survives_an_unreachable_server()
    {
        using var http = new HttpClient();
        // A port nobody listens on: connecting fails at once.
        var poller = new BinanceOpenInterestPoller(http, new SymbolTable(), new RecordingSink(), ["BTCUSDT"],
            new BinanceOpenInterestPollerOptions { BaseAddress = new Uri("http://127.0.0.1:1") });
        using var cts = new CancellationTokenSource(Timeout);
        Assert.False(await poller.PollNextAsync(cts.Token));
        Assert.Equal(1, poller.Failures);
        Assert.NotNull(poller.LastFailure);
    }

    [Fact]
    public async Task RunAsync_polls_on_its_interval_until_cancelled()
    {
        var fourth = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int calls = 0;
        await using var server = await LocalRestServer.StartAsync("/fapi/v1/openInterest", async ctx =>
        {
            if (Interlocked.Increment(ref calls) == 4) fourth.TrySetResult();
            await ctx.Response.WriteAsync("""{"openInterest":"1","symbol":"X","time":1}""");
        });
        using var http = new HttpClient();
        var poller = new BinanceOpenInterestPoller(http, new SymbolTable(), new RecordingSink(256), ["BTCUSDT", "ETHUSDT"],
            new BinanceOpenInterestPollerOptions { BaseAddress = server.BaseAddress, Interval = TimeSpan.FromMilliseconds(20) });
        using var cts = new CancellationTokenSource();
        var run = poller.RunAsync(cts.Token);
        await fourth.Task.WaitAsync(Timeout, TestContext.Current.CancellationToken);
        cts.Cancel();
        await run.WaitAsync(Timeout, TestContext.Current.CancellationToken);
        Assert.True(poller.Polls >= 4);
        Assert.Equal(0, poller.Failures);
    }

    [Theory]
    [InlineData("""{"openInterest":"10659.509","symbol":"BTCUSDT","time":1589437530011}""", true, 10659.509, 1589437530011)]
    [InlineData("""{"time":5,"symbol":"BTCUSDT","openInterest":"0.5"}""", true, 0.5, 5)]
    [InlineData("""{"symbol":"BTCUSDT","time":5}""", false, 0, 0)]
    [InlineData("""{"code":-1121,"msg":"Invalid symbol."}""", false, 0, 0)]
    [InlineData("""<html>""", false, 0, 0)]
    public void Open_interest_body_parsing(string body, bool ok, double openInterest, long time)
    {
        Assert.Equal(ok, BinanceOpenInterestPoller.TryParse(System.Text.Encoding.UTF8.GetBytes(body), out double oi, out long t));
        if (ok) Assert.Equal((openInterest, time), (oi, t));
    }
}
