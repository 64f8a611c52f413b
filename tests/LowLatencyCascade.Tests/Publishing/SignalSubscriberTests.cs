using System.Text;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Publishing;
using StackExchange.Redis;
using Xunit;
using LowLatencyCascade.Testing;

namespace LowLatencyCascade.Tests.Publishing;

public class SignalSubscriberTests
{
    private static readonly TimeSpan Timeout = RedisPublishingPipeline.Timeout;

    [Fact]
    public async Task Subscribers_get_typed_signals_and_malformed_messages_are_counted_and_skipped()
    {
        using var redis = RedisServerProcess.Start();
        await using var probe = await SubscriberProbe.StartAsync(redis.Endpoint, "cascade:critical");
        using var publisher = await ConnectionMultiplexer.ConnectAsync(redis.Endpoint);
        var channel = new RedisChannel("cascade:critical", RedisChannel.PatternMode.Literal);
        await publisher.GetSubscriber().PublishAsync(channel, "{\"symbol\":\"BTCUSDT\"}");
        await publisher.GetSubscriber().PublishAsync(channel, "not json");

        using var pipeline = new RedisPublishingPipeline(redis.Endpoint);
        pipeline.Publish("ETHUSDT", SignalLevel.Extreme, SignalSlots.BaseTimeMs + 5, probability: 0.93);

        var (name, signal) = await probe.NextAsync(Timeout) ?? throw new TimeoutException("no signal arrived");
        Assert.Equal("cascade:critical", name);
        Assert.Equal(("ETHUSDT", "EXTREME", SignalLevel.Extreme, 0.93), (signal.Symbol, signal.Signal, signal.SignalLevel, signal.Probability));
        Assert.Equal(6, signal.Scores.Count);
        Assert.Equal(36_050_000.0, signal.Metrics["volume_usd"]);
        Assert.Equal(("HIGH", 0.847), (signal.Context.VolatilityRegime, signal.Context.ExchangeCorrelation));
        Assert.Equal(("NORMAL", "RANGING", 0.5), (signal.Context.LiquidityRegime, signal.Context.TrendRegime, signal.Context.RegimeConfidence));
        Assert.Equal((0.5, 1.5), (signal.Context.PositionSizeMultiplier, signal.Context.StopLossMultiplier));
        Assert.Equal(2, probe.Subscriber.Malformed);
        Assert.Equal(3, probe.Subscriber.Received);
    }

    [Fact]
    public async Task The_console_printer_prints_one_line_per_signal()
    {
        using var redis = RedisServerProcess.Start();
        var lines = new LineCapture();
        var subscriber = new SignalSubscriber();
        using var stop = new CancellationTokenSource();
        var printing = SignalConsolePrinter.RunAsync(redis.Endpoint, ["cascade:alerts"], lines, stop.Token, subscriber);
        await subscriber.Subscribed.WaitAsync(Timeout, TestContext.Current.CancellationToken);

        using var pipeline = new RedisPublishingPipeline(redis.Endpoint);
        pipeline.Publish("SOLUSDT", SignalLevel.Watch, SignalSlots.BaseTimeMs);          // not on cascade:alerts
        pipeline.Publish("SOLUSDT", SignalLevel.Alert, SignalSlots.BaseTimeMs + 1500, probability: 0.6123);

        string line = await lines.NextAsync(Timeout);
        Assert.Equal("cascade:alerts   2023-10-31 15:17:13.500Z SOLUSDT      ALERT    p=0.6123", line);
        stop.Cancel();
        await printing.WaitAsync(Timeout, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Fifty_thousand_signals_published_by_the_sink_reach_the_subscriber_in_order()
    {
        // No output-buffer limit for pub/sub clients: on a busy machine the subscriber may fall behind for a while,
        // and Redis would otherwise drop its connection (a lost-messages failure that is not the order under test).
        using var redis = RedisServerProcess.Start("--client-output-buffer-limit", "pubsub 0 0 0");
        const int count = 50_000;
        var received = System.Threading.Channels.Channel.CreateUnbounded<double>();
        var subscriber = new SignalSubscriber { InboxCapacity = count, ConnectTimeout = TimeSpan.FromSeconds(5) };
        using var stop = new CancellationTokenSource();
        var run = subscriber.SubscribeAsync(redis.Endpoint, ["cascade:signals"], (_, signal) =>
        {
            received.Writer.TryWrite(signal.Timestamp);
            return Task.CompletedTask;
        }, stop.Token);
        await Task.WhenAny(subscriber.Subscribed, run).WaitAsync(Timeout, TestContext.Current.CancellationToken);
        if (run.IsFaulted) await run;

        // The product's publisher, driven as its sink thread drives it: writes, a pipelined flush every 256.
        var symbols = SymbolTable.Of(["BTCUSDT"]);
        var options = new RedisSinkOptions { Endpoint = redis.Endpoint, ConnectTimeout = TimeSpan.FromSeconds(5), HistoryLength = 10 };
        using var sink = RedisSignalSink.Connect(options, symbols);
        Assert.True(SpinWait.SpinUntil(() => sink.IsConnected, Timeout), "the sink did not connect");
        for (int i = 0; i < count; i++)
        {
            // timestamp = i (seconds since the epoch): the sequence number the subscriber must see in order.
            byte[] json = Encoding.UTF8.GetBytes(
                $"{{\"symbol\":\"BTCUSDT\",\"timestamp\":{i},\"signal\":\"WATCH\",\"signal_level\":1,\"probability\":0.4}}");
            sink.Write(new SignalMessage(json, 0, SignalLevel.Watch, 0.4, i * 1000L));
            if ((i & 255) == 255) sink.Flush();
        }
        sink.Flush();
        Assert.True(sink.WaitForAcknowledgements(Timeout), $"acknowledged {sink.Stats.Delivered} of {count}");
        Assert.Equal((count, 0L), (sink.Stats.Delivered, sink.Stats.Lost));

        // Wait on the condition (all arrived), not on a time: the reader fails only if nothing comes for a while.
        int next = 0;
        while (next < count)
        {
            using var idle = new CancellationTokenSource(Timeout);
            double timestamp;
            try { timestamp = await received.Reader.ReadAsync(idle.Token); }
            catch (OperationCanceledException) { throw new TimeoutException($"received {next} of {count}; dropped {subscriber.Dropped}, malformed {subscriber.Malformed}"); }
            Assert.True(timestamp == next, $"message {next} arrived as {timestamp}: out of order");
            next++;
        }
        Assert.Equal((0L, 0L, (long)count), (subscriber.Dropped, subscriber.Malformed, subscriber.Received));
        stop.Cancel();
        await run.WaitAsync(Timeout, TestContext.Current.CancellationToken);
    }

    [Fact]
    public void The_sink_fails_fast_while_disconnected_instead_of_queueing_a_backlog()
    {
        // RedisSignalSink.Flush counts a batch that finds no connection as lost at once; a backlog would hold it.
        Assert.Same(BacklogPolicy.FailFast, new RedisSinkOptions().ToConfiguration("test").BacklogPolicy);
    }

    [Fact]
    public void Parsing_reports_the_missing_or_mistyped_field()
    {
        Assert.False(CascadeSignalEnvelope.TryParse("{\"symbol\":\"BTCUSDT\",\"timestamp\":1.5,\"signal\":\"ALERT\",\"probability\":0.5}"u8, out _, out string? missing));
        Assert.Equal("missing field \"signal_level\"", missing);
        Assert.False(CascadeSignalEnvelope.TryParse("{\"symbol\":1}"u8, out _, out string? mistyped));
        Assert.Equal("field \"symbol\" is Number, expected a string", mistyped);
        Assert.False(CascadeSignalEnvelope.TryParse("{\"symbol\":\"X\",\"timestamp\":1,\"signal\":\"ALERT\",\"signal_level\":3,\"probability\":0.5}"u8, out _, out string? mismatch));
        Assert.Contains("does not match signal_level 3", mismatch);
        var ok = CascadeSignalEnvelope.Parse(Encoding.UTF8.GetBytes(
            "{\"symbol\":\"X\",\"timestamp\":1.25,\"signal\":\"WATCH\",\"signal_level\":1,\"probability\":0.4,\"extra\":{\"a\":[1,2]}}"));
        Assert.Equal((SignalLevel.Watch, 1.25), (ok.SignalLevel, ok.Timestamp));
        Assert.Empty(ok.Metrics);
    }

    /// <summary>A TextWriter whose lines the test awaits.</summary>
    private sealed class LineCapture : TextWriter
    {
        private readonly System.Threading.Channels.Channel<string> _lines = System.Threading.Channels.Channel.CreateUnbounded<string>();
        public override Encoding Encoding => Encoding.UTF8;
        public override void WriteLine(string? value) => _lines.Writer.TryWrite(value ?? "");
        public override Task WriteLineAsync(string? value) { WriteLine(value); return Task.CompletedTask; }

        public async Task<string> NextAsync(TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            return await _lines.Reader.ReadAsync(cts.Token);
        }
    }
}
