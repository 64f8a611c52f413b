using LowLatencyCascade.Feeds.Okx;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace LowLatencyCascade.Tests.Decoders;

public class OkxInstrumentsTests
{
    // Shape of OKX's GET /api/v5/public/instruments answer, trimmed to the fields that matter plus a few others.
    private const string InstrumentsAnswer = """
        {"code":"0","msg":"","data":[
          {"instType":"SWAP","instId":"BTC-USDT-SWAP","uly":"BTC-USDT","instFamily":"BTC-USDT","settleCcy":"USDT","ctVal":"0.01","ctMult":"1","ctValCcy":"BTC","ctType":"linear","state":"live","lotSz":"0.01"},
          {"instType":"SWAP","instId":"PEPE-USDT-SWAP","uly":"PEPE-USDT","settleCcy":"USDT","ctVal":"10000000","ctMult":"1","ctValCcy":"PEPE","ctType":"linear","state":"live"},
          {"instType":"SWAP","instId":"BTC-USD-SWAP","uly":"BTC-USD","settleCcy":"BTC","ctVal":"100","ctMult":"1","ctValCcy":"USD","ctType":"inverse","state":"live"},
          {"instType":"SWAP","instId":"ETH-USDC-SWAP","uly":"ETH-USDC","settleCcy":"USDC","ctVal":"0.001","ctMult":"1","ctValCcy":"ETH","ctType":"linear","state":"live"}]}
        """;

    [Fact]
    public async Task Loads_linear_contract_values_from_the_instruments_endpoint()
    {
        string? query = null;
        await using var server = await LocalRestServer.StartAsync("/api/v5/public/instruments", async ctx =>
        {
            query = ctx.Request.QueryString.Value;
            await ctx.Response.WriteAsync(InstrumentsAnswer);
        });
        using var http = new HttpClient();
        var instruments = await OkxInstruments.LoadAsync(http, server.BaseAddress, TestContext.Current.CancellationToken);

        Assert.Equal("?instType=SWAP", query);
        Assert.True(instruments.FromExchange);
        Assert.Equal(0, instruments.LoadFailures);
        Assert.True(instruments.TryGetContractValue("PEPEUSDT"u8, out double pepe));
        Assert.Equal(10_000_000, pepe);
        Assert.True(instruments.TryGetContractValue("ETHUSDC", out double ethUsdc));
        Assert.Equal(0.001, ethUsdc);
        Assert.True(instruments.TryGetContractValue("BTCUSDT"u8, out double btc));
        Assert.Equal(0.01, btc);
        Assert.False(instruments.TryGetContractValue("BTCUSD"u8, out _));
    }

    [Fact]
    public async Task Falls_back_to_the_built_in_table_and_counts_the_failure_when_the_endpoint_fails()
    {
        await using var server = await LocalRestServer.StartAsync("/api/v5/public/instruments", ctx =>
        {
            ctx.Response.StatusCode = 503;
            return Task.CompletedTask;
        });
        using var http = new HttpClient();
        var instruments = await OkxInstruments.LoadAsync(http, server.BaseAddress, TestContext.Current.CancellationToken);
        Assert.False(instruments.FromExchange);
        Assert.Equal(1, instruments.LoadFailures);
        Assert.Contains("503", instruments.LoadError);
        Assert.True(instruments.TryGetContractValue("BTCUSDT"u8, out double btc));
        Assert.Equal(0.01, btc);
    }

    [Fact]
    public async Task Falls_back_when_the_answer_is_an_error_payload_or_the_server_is_unreachable()
    {
        await using var server = await LocalRestServer.StartAsync("/api/v5/public/instruments",
            ctx => ctx.Response.WriteAsync("""{"code":"50011","msg":"Too Many Requests","data":[]}"""));
        using var http = new HttpClient();
        var refused = await OkxInstruments.LoadAsync(http, server.BaseAddress, TestContext.Current.CancellationToken);
        Assert.Equal(1, refused.LoadFailures);
        var unreachable = await OkxInstruments.LoadAsync(http, new Uri("http://127.0.0.1:1"), TestContext.Current.CancellationToken);
        Assert.Equal(1, unreachable.LoadFailures);
        Assert.Equal(OkxInstruments.BuiltIn.Count, unreachable.Count);
    }

    [Theory]
    [InlineData("BTCUSDT", 0.01)]
    [InlineData("ETHUSDT", 0.1)]
    [InlineData("SOLUSDT", 1)]
    [InlineData("DOGEUSDT", 1000)]
    [InlineData("XRPUSDT", 100)]
    public void Built_in_table_has_the_main_contract_values(string symbol, double contractValue)
    {
        Assert.True(OkxInstruments.BuiltIn.TryGetContractValue(symbol, out double value));
        Assert.Equal(contractValue, value);
    }
}
