using System.Diagnostics;
using System.Text;
using BenchmarkDotNet.Attributes;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds;
using LowLatencyCascade.Feeds.Binance;
using LowLatencyCascade.Feeds.Bybit;
using LowLatencyCascade.Feeds.Okx;

namespace LowLatencyCascade.Bench.Decoders;

/// <summary>
/// Decode cost per frame for each venue and message type, straight into preallocated slots. Each invocation decodes
/// <see cref="FramesPerInvoke"/> frames, so the reported mean is per frame: frames/s per core = 1 s / mean.
/// Aim: above 1 M frames/s (under 1 µs) for liquidation and trade frames, 0 B allocated.
/// </summary>
[MemoryDiagnoser]
public class FrameDecoderBenchmarks
{
    public const int FramesPerInvoke = 1000;

    private static readonly FrameContext Context = new(1, 17_392_000_000_000_000, Stopwatch.GetTimestamp());
    private readonly DecoderBenchSink _sink = new();

    private IFrameDecoder _binance = null!;
    private IFrameDecoder _bybit = null!;
    private IFrameDecoder _okx = null!;

    private readonly byte[] _binanceLiquidation = Utf8("""{"stream":"!forceOrder@arr","data":{"e":"forceOrder","E":1737996000123,"o":{"s":"BTCUSDT","S":"SELL","o":"LIMIT","f":"IOC","q":"0.500","p":"101000.10","ap":"101200.50","X":"FILLED","l":"0.200","z":"0.400","T":1737996000120}}}""");
    private readonly byte[] _binanceTrade = Utf8("""{"stream":"ethusdt@aggTrade","data":{"e":"aggTrade","E":1737996000456,"a":5933014,"s":"ETHUSDT","p":"3150.25","q":"2.500","f":100,"l":105,"T":1737996000450,"m":true}}""");
    private readonly byte[] _binanceBook = Utf8("""{"stream":"solusdt@bookTicker","data":{"e":"bookTicker","u":400900217,"E":1737996000789,"T":1737996000787,"s":"SOLUSDT","b":"245.120","B":"31.21","a":"245.130","A":"40.66"}}""");
    private readonly byte[] _binanceMark = Utf8("""{"stream":"btcusdt@markPrice@1s","data":{"e":"markPriceUpdate","E":1737996001000,"s":"BTCUSDT","p":"101150.12345678","i":"101140.00000000","P":"101145.5","r":"0.00038167","T":1738022400000}}""");

    private readonly byte[] _bybitLiquidation = Utf8("""{"topic":"allLiquidation.BTCUSDT","type":"snapshot","ts":1739502303204,"data":[{"T":1739502302929,"s":"BTCUSDT","S":"Buy","v":"0.250","p":"96000.5"}]}""");
    private readonly byte[] _bybitTrade = Utf8("""{"topic":"publicTrade.ETHUSDT","type":"snapshot","ts":1739502303300,"data":[{"T":1739502303290,"s":"ETHUSDT","S":"Buy","v":"1.20","p":"2700.10","L":"PlusTick","i":"2290d2b7-0e6b-5c4c-9e3f-b6c8e1a0b0a1","BT":false}]}""");
    private readonly byte[] _bybitBook = Utf8("""{"topic":"orderbook.1.SOLUSDT","type":"snapshot","ts":1739502303400,"data":{"s":"SOLUSDT","b":[["190.25","120.5"]],"a":[["190.27","80.1"]],"u":18521288,"seq":7961638724},"cts":1739502303398}""");
    private readonly byte[] _bybitMark = Utf8("""{"topic":"tickers.BTCUSDT","type":"snapshot","data":{"symbol":"BTCUSDT","markPrice":"96005.30","indexPrice":"96001.10","fundingRate":"0.0001","bid1Price":"96009.50","bid1Size":"4.489","ask1Price":"96010.00","ask1Size":"3.020"},"cs":24987956059,"ts":1739502303500}""");

    private readonly byte[] _okxLiquidation = Utf8("""{"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{"details":[{"bkLoss":"0","bkPx":"95000.5","ccy":"","posSide":"long","side":"sell","sz":"30","ts":"1739502302929"}],"instFamily":"BTC-USDT","instId":"BTC-USDT-SWAP","instType":"SWAP","uly":"BTC-USDT"}]}""");
    private readonly byte[] _okxTrade = Utf8("""{"arg":{"channel":"trades","instId":"ETH-USDT-SWAP"},"data":[{"instId":"ETH-USDT-SWAP","tradeId":"130639474","px":"2700.5","sz":"25","side":"buy","ts":"1739502303290","count":"3"}]}""");
    private readonly byte[] _okxBook = Utf8("""{"arg":{"channel":"bbo-tbt","instId":"BTC-USDT-SWAP"},"data":[{"asks":[["96010.1","40","0","3"]],"bids":[["96010.0","12","0","2"]],"ts":"1739502303400","seqId":3235}]}""");
    private readonly byte[] _okxMark = Utf8("""{"arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP"},"data":[{"instType":"SWAP","instId":"BTC-USDT-SWAP","markPx":"96001.2","ts":"1739502303550"}]}""");

    [GlobalSetup]
    public void Setup()
    {
        var symbols = new SymbolTable();
        _binance = new BinanceProtocol().CreateDecoder(symbols, 1);
        _bybit = new BybitProtocol().CreateDecoder(symbols, 2);
        _okx = new OkxProtocol(OkxInstruments.BuiltIn).CreateDecoder(symbols, 3);
        // Every frame must decode to events: a benchmark of the reject path by mistake would flatter the numbers.
        foreach (var (decoder, frame) in new[]
                 {
                     (_binance, _binanceLiquidation), (_binance, _binanceTrade), (_binance, _binanceBook), (_binance, _binanceMark),
                     (_bybit, _bybitLiquidation), (_bybit, _bybitTrade), (_bybit, _bybitBook), (_bybit, _bybitMark),
                     (_okx, _okxLiquidation), (_okx, _okxTrade), (_okx, _okxBook), (_okx, _okxMark),
                 })
        {
            var result = decoder.Decode(frame, Context, _sink);
            if (result.Outcome != FrameOutcome.Events) throw new InvalidOperationException($"{decoder.Exchange} benchmark frame does not decode: {result}");
        }
    }

    [Benchmark(OperationsPerInvoke = FramesPerInvoke)] public int Binance_Liquidation() => Run(_binance, _binanceLiquidation);
    [Benchmark(OperationsPerInvoke = FramesPerInvoke)] public int Binance_Trade() => Run(_binance, _binanceTrade);
    [Benchmark(OperationsPerInvoke = FramesPerInvoke)] public int Binance_Book() => Run(_binance, _binanceBook);
    [Benchmark(OperationsPerInvoke = FramesPerInvoke)] public int Binance_Mark() => Run(_binance, _binanceMark);
    [Benchmark(OperationsPerInvoke = FramesPerInvoke)] public int Bybit_Liquidation() => Run(_bybit, _bybitLiquidation);
    [Benchmark(OperationsPerInvoke = FramesPerInvoke)] public int Bybit_Trade() => Run(_bybit, _bybitTrade);
    [Benchmark(OperationsPerInvoke = FramesPerInvoke)] public int Bybit_Book() => Run(_bybit, _bybitBook);
    [Benchmark(OperationsPerInvoke = FramesPerInvoke)] public int Bybit_Mark() => Run(_bybit, _bybitMark);
    [Benchmark(OperationsPerInvoke = FramesPerInvoke)] public int Okx_Liquidation() => Run(_okx, _okxLiquidation);
    [Benchmark(OperationsPerInvoke = FramesPerInvoke)] public int Okx_Trade() => Run(_okx, _okxTrade);
    [Benchmark(OperationsPerInvoke = FramesPerInvoke)] public int Okx_Book() => Run(_okx, _okxBook);
    [Benchmark(OperationsPerInvoke = FramesPerInvoke)] public int Okx_Mark() => Run(_okx, _okxMark);

    private int Run(IFrameDecoder decoder, byte[] frame)
    {
        int events = 0;
        for (int i = 0; i < FramesPerInvoke; i++) events += decoder.Decode(frame, Context, _sink).EventCount;
        return events;
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
