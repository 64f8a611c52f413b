using System.Diagnostics;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds;
using LowLatencyCascade.Feeds.Binance;
using LowLatencyCascade.Feeds.Bybit;
using LowLatencyCascade.Feeds.Okx;

namespace LowLatencyCascade.Bench.Decoders;

/// <summary>
/// Decode cost per shallow-book frame (<c>./run.sh bench DepthDecoder</c>), against Binance's book ticker decoded in the
/// same run as the baseline (the ratio column): Binance's <c>@depth20@500ms</c> (20 levels a side), Bybit's
/// <c>orderbook.50</c> snapshot (50 a side) and a 10-level delta merged into the held book, OKX's <c>books5</c>.
/// Each invocation decodes <see cref="FramesPerInvoke"/> frames, so the mean is per frame. Aim: 0 B allocated.
/// </summary>
[MemoryDiagnoser]
public class DepthDecoderBenchmarks
{
    public const int FramesPerInvoke = 1000;

    private static readonly FrameContext Context = new(1, 17_392_000_000_000_000, Stopwatch.GetTimestamp());
    private readonly DecoderBenchSink _sink = new();
    private IFrameDecoder _binance = null!;
    private IFrameDecoder _bybit = null!;
    private IFrameDecoder _okx = null!;

    private readonly byte[] _binanceBook = Utf8("""{"stream":"solusdt@bookTicker","data":{"e":"bookTicker","u":400900217,"E":1737996000789,"T":1737996000787,"s":"SOLUSDT","b":"245.120","B":"31.21","a":"245.130","A":"40.66"}}""");
    private readonly byte[] _binanceDepth = Utf8("""{"stream":"btcusdt@depth20@500ms","data":{"e":"depthUpdate","E":1737996000789,"T":1737996000787,"s":"BTCUSDT","U":390497796,"u":390497878,"pu":390497794,"b":""" + Levels(101000.0, -0.5, 20, 1) + ""","a":""" + Levels(101000.5, 0.5, 20, 1) + "}}");
    private readonly byte[] _bybitSnapshot = Utf8("""{"topic":"orderbook.50.BTCUSDT","type":"snapshot","ts":1739502303400,"data":{"s":"BTCUSDT","b":""" + Levels(96000.0, -0.1, 50, 1) + ""","a":""" + Levels(96000.1, 0.1, 50, 1) + ""","u":18521288,"seq":7961638724},"cts":1739502303398}""");
    private readonly byte[] _bybitDelta = Utf8("""{"topic":"orderbook.50.BTCUSDT","type":"delta","ts":1739502303420,"data":{"s":"BTCUSDT","b":""" + Levels(96000.0, -0.2, 5, 2) + ""","a":""" + Levels(96000.1, 0.2, 5, 2) + ""","u":18521289,"seq":7961638730},"cts":1739502303418}""");
    private readonly byte[] _okxBooks5 = Utf8("""{"arg":{"channel":"books5","instId":"BTC-USDT-SWAP"},"data":[{"asks":[["96010.1","40","0","3"],["96010.2","12","0","1"],["96010.5","77","0","4"],["96011.0","5","0","1"],["96011.4","120","0","9"]],"bids":[["96010.0","12","0","2"],["96009.9","31","0","2"],["96009.5","8","0","1"],["96009.1","64","0","5"],["96008.8","210","0","12"]],"instId":"BTC-USDT-SWAP","ts":"1739502303400","seqId":3235}]}""");

    [GlobalSetup]
    public void Setup()
    {
        var symbols = new SymbolTable();
        _binance = new BinanceProtocol(BinanceRoute.Public).CreateDecoder(symbols, 1);
        _bybit = new BybitProtocol().CreateDecoder(symbols, 2);
        _okx = new OkxProtocol(OkxInstruments.BuiltIn).CreateDecoder(symbols, 3);
        // Every frame must decode to one Depth slot (the delta after its snapshot): a reject path measured by mistake would flatter the numbers.
        foreach (var (decoder, frame) in new[] { (_binance, _binanceBook), (_binance, _binanceDepth), (_bybit, _bybitSnapshot), (_bybit, _bybitDelta), (_okx, _okxBooks5) })
        {
            var result = decoder.Decode(frame, Context, _sink);
            if (result.Outcome != FrameOutcome.Events) throw new InvalidOperationException($"{decoder.Exchange} benchmark frame does not decode: {result}");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = FramesPerInvoke)] public int Binance_BookTicker() => Run(_binance, _binanceBook);
    [Benchmark(OperationsPerInvoke = FramesPerInvoke)] public int Binance_Depth20() => Run(_binance, _binanceDepth);
    [Benchmark(OperationsPerInvoke = FramesPerInvoke)] public int Bybit_Orderbook50_Snapshot() => Run(_bybit, _bybitSnapshot);
    [Benchmark(OperationsPerInvoke = FramesPerInvoke)] public int Bybit_Orderbook50_Delta() => Run(_bybit, _bybitDelta);
    [Benchmark(OperationsPerInvoke = FramesPerInvoke)] public int Okx_Books5() => Run(_okx, _okxBooks5);

    private int Run(IFrameDecoder decoder, byte[] frame)
    {
        int events = 0;
        for (int i = 0; i < FramesPerInvoke; i++) events += decoder.Decode(frame, Context, _sink).EventCount;
        return events;
    }

    private static string Levels(double from, double step, int count, int sizeEvery)
    {
        var sb = new StringBuilder("[");
        for (int i = 0; i < count; i++)
        {
            if (i > 0) sb.Append(',');
            double price = from + step * i * sizeEvery;
            sb.Append("[\"").Append(price.ToString("F1", CultureInfo.InvariantCulture)).Append("\",\"")
              .Append((0.5 + i * 0.137).ToString("F3", CultureInfo.InvariantCulture)).Append("\"]");
        }
        return sb.Append(']').ToString();
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
