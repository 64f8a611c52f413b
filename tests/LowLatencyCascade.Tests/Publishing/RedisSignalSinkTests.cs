using Microsoft.Extensions.Time.Testing;
using System.Diagnostics;
using System.Text.Json;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Publishing;
using Microsoft.Extensions.Configuration;
using StackExchange.Redis;
using Xunit;
using LowLatencyCascade.Testing;

namespace LowLatencyCascade.Tests.Publishing;

/// <summary>The Redis sink against a real redis-server on loopback (one per test, so tests can kill theirs).</summary>
public class RedisSignalSinkTests
{
    private static readonly TimeSpan Timeout = RedisPublishingPipeline.Timeout;

    [Fact]
    public async Task Each_level_reaches_the_channels_the_spec_routes_it_to()
    {
        using var redis = RedisServerProcess.Start();
        await using var probe = await SubscriberProbe.StartAsync(redis.Endpoint, "cascade:signals", "cascade:alerts", "cascade:critical");
        using var pipeline = new RedisPublishingPipeline(redis.Endpoint);

        var levels = new[] { SignalLevel.None, SignalLevel.Watch, SignalLevel.Alert, SignalLevel.Critical, SignalLevel.Extreme };
        for (int i = 0; i < levels.Length; i++) pipeline.Publish("BTCUSDT", levels[i], SignalSlots.BaseTimeMs + i);
        // A marker on every channel: once it has arrived on all three, nothing published before it is still on the way.
        pipeline.Publish("ETHUSDT", SignalLevel.Extreme, SignalSlots.BaseTimeMs + 100);

        var byChannel = new Dictionary<string, List<SignalLevel>> { ["cascade:signals"] = [], ["cascade:alerts"] = [], ["cascade:critical"] = [] };
        int markers = 0;
        while (markers < 3)
        {
            var next = await probe.NextAsync(Timeout) ?? throw new TimeoutException($"only {markers} of 3 markers arrived");
            if (next.Signal.Symbol == "ETHUSDT") { markers++; continue; }
            byChannel[next.Channel].Add(next.Signal.SignalLevel);
        }

        Assert.Equal(levels, byChannel["cascade:signals"]);
        Assert.Equal(levels.Where(l => l >= SignalLevel.Alert), byChannel["cascade:alerts"]);
        Assert.Equal(levels.Where(l => l >= SignalLevel.Critical), byChannel["cascade:critical"]);
        Assert.Equal(0, probe.Subscriber.Malformed);
    }

    [Fact]
    public async Task Published_json_matches_the_spec_schema_and_the_slot()
    {
        using var redis = RedisServerProcess.Start();
        await using var probe = await SubscriberProbe.StartAsync(redis.Endpoint, "cascade:signals");
        using var pipeline = new RedisPublishingPipeline(redis.Endpoint);

        pipeline.Publish("SOLUSDT", SignalLevel.Critical, SignalSlots.BaseTimeMs + 123, probability: 0.7521);

        var (_, signal) = await probe.NextAsync(Timeout) ?? throw new TimeoutException("no signal arrived");
        Assert.Empty(SignalJsonSchema.Violations(signal.Json));
        Assert.Equal("SOLUSDT", signal.Symbol);
        Assert.Equal("CRITICAL", signal.Signal);
        Assert.Equal(SignalLevel.Critical, signal.SignalLevel);
        Assert.Equal(0.7521, signal.Probability);
        Assert.Equal((SignalSlots.BaseTimeMs + 123) / 1000.0, signal.Timestamp);
        Assert.Equal(41.25, signal.Metrics["velocity"]);
        Assert.Equal(43_521.5, signal.Context.BtcPrice);
        Assert.Equal("binance", signal.Context.LeadingExchange);
    }

    [Fact]
    public async Task An_independent_redis_cli_subscriber_receives_exactly_what_was_published()
    {
        using var redis = RedisServerProcess.Start();
        var psi = new ProcessStartInfo(RedisServerProcess.Require("redis-cli"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-p", redis.Port.ToString(), "SUBSCRIBE", "cascade:signals" }) psi.ArgumentList.Add(arg);
        using var cli = Process.Start(psi)!;
        try
        {
            using var cts = new CancellationTokenSource(Timeout);
            // redis-cli prints the subscription confirmation (subscribe / channel / count) before any message.
            await ReadUntilAsync(cli.StandardOutput, line => line == "1", cts.Token);

            using var pipeline = new RedisPublishingPipeline(redis.Endpoint);
            var slot = pipeline.Publish("BTCUSDT", SignalLevel.Alert, SignalSlots.BaseTimeMs + 7, probability: 0.61);
            string expected = System.Text.Encoding.UTF8.GetString(new TestSignalEncoder(pipeline.Symbols).Encode(ref slot));

            string received = await ReadUntilAsync(cli.StandardOutput, line => line.StartsWith('{'), cts.Token);
            Assert.Equal(expected, received);
        }
        finally
        {
            cli.Kill();
            await cli.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task History_keeps_exactly_the_last_1000_signals_per_symbol()
    {
        using var redis = RedisServerProcess.Start();
        using var pipeline = new RedisPublishingPipeline(redis.Endpoint, o => o.Database = 2);
        const int count = 1200;
        for (int i = 0; i < count; i++) pipeline.Publish("BTCUSDT", SignalLevel.Watch, SignalSlots.BaseTimeMs + i * 10L);
        pipeline.Publish("ETHUSDT", SignalLevel.Alert, SignalSlots.BaseTimeMs);
        pipeline.Settle();

        using var reader = await ConnectionMultiplexer.ConnectAsync(redis.Endpoint);
        Assert.False(await reader.GetDatabase(0).KeyExistsAsync("cascade:signals:history:BTCUSDT")); // the configured database only
        var db = reader.GetDatabase(2);
        RedisKey history = "cascade:signals:history:BTCUSDT";
        Assert.Equal(1000, await db.SortedSetLengthAsync(history));
        var oldest = (await db.SortedSetRangeByRankWithScoresAsync(history, 0, 0)).Single();
        var newest = (await db.SortedSetRangeByRankWithScoresAsync(history, -1, -1)).Single();
        Assert.Equal((SignalSlots.BaseTimeMs + (count - 1000) * 10L) / 1000.0, oldest.Score, 6);
        Assert.Equal((SignalSlots.BaseTimeMs + (count - 1) * 10L) / 1000.0, newest.Score, 6);
        using (var doc = JsonDocument.Parse((string)newest.Element!))
            Assert.Equal(newest.Score, doc.RootElement.GetProperty("timestamp").GetDouble(), 6);
        Assert.Equal(1, await db.SortedSetLengthAsync("cascade:signals:history:ETHUSDT"));
        Assert.Equal(count + 1, pipeline.Sink.Stats.Delivered);
    }

    [Fact]
    public async Task State_keys_follow_the_spec_layout_and_are_written_at_most_once_per_interval()
    {
        using var redis = RedisServerProcess.Start();
        var clock = new FakeTimeProvider();
        using var pipeline = new RedisPublishingPipeline(redis.Endpoint, o => o.KeyWriteInterval = TimeSpan.FromSeconds(1), clock);
        using var reader = await ConnectionMultiplexer.ConnectAsync(redis.Endpoint);
        var db = reader.GetDatabase();

        // A burst within one interval: only the first signal's metrics reach the state keys.
        for (int i = 0; i < 50; i++) pipeline.Publish("BTCUSDT", SignalLevel.Alert, SignalSlots.BaseTimeMs + i, probability: 0.5 + i / 1000.0, velocity: 10 + i);
        pipeline.Settle();
        Assert.Equal(4, pipeline.Sink.StateKeyWrites); // velocity hash, oi, funding, volatility
        Assert.Equal(10, (double)await db.HashGetAsync("velocity:BTCUSDT:current", "velocity_10s"));

        var velocity = (await db.HashGetAllAsync("velocity:BTCUSDT:current")).ToDictionary(e => (string)e.Name!, e => (double)e.Value);
        Assert.Equal(new Dictionary<string, double>
        {
            ["velocity_10s"] = 10, ["acceleration"] = 13.08, ["total_value_usd"] = 36_050_000.0, ["exchange_correlation"] = 0.847,
        }, velocity);
        AssertJson(await db.StringGetAsync("volatility:btc:current"), ("regime", "NORMAL"), ("btc_price", 43_521.5), ("cascade_risk_multiplier", 2.83));
        AssertJson(await db.StringGetAsync("oi:BTCUSDT:change"), ("change_1m", 0.0216));
        AssertJson(await db.StringGetAsync("funding:BTCUSDT:current"), ("rate", 0.000189));
        // The probability key always carries the latest signal.
        AssertJson(await db.StringGetAsync("cascade:probability:BTCUSDT"),
            ("probability", 0.549), ("signal", "ALERT"), ("timestamp", (SignalSlots.BaseTimeMs + 49) / 1000.0));

        clock.Advance(TimeSpan.FromSeconds(1));
        pipeline.Publish("BTCUSDT", SignalLevel.Critical, SignalSlots.BaseTimeMs + 2000, velocity: 99);
        pipeline.Settle();
        Assert.Equal(8, pipeline.Sink.StateKeyWrites);
        Assert.Equal(99, (double)await db.HashGetAsync("velocity:BTCUSDT:current", "velocity_10s"));
        AssertJson(await db.StringGetAsync("volatility:btc:current"), ("regime", "HIGH"), ("btc_price", 43_521.5), ("cascade_risk_multiplier", 2.83));
    }

    [Fact]
    public async Task Redis_killed_mid_replay_loses_counted_publishes_and_publishing_resumes_on_restart()
    {
        using var redis = RedisServerProcess.Start();
        using var pipeline = new RedisPublishingPipeline(redis.Endpoint);
        // A subscriber that stays connected through the outage: its subscription must come back by itself.
        await using var survivor = await SubscriberProbe.StartAsync(redis.Endpoint, "cascade:critical");
        await using (var before = await SubscriberProbe.StartAsync(redis.Endpoint, "cascade:signals"))
        {
            for (int i = 0; i < 200; i++) pipeline.Publish("BTCUSDT", SignalLevel.Watch, SignalSlots.BaseTimeMs + i);
            pipeline.Settle();
            // Said in full when it fails: once 3 of 200 arrived in a full parallel test run (cause not found; a
            // redis-server starved of CPU dropping the sink's connection is the suspect, which these counts show).
            var sink = pipeline.Sink;
            Assert.True(sink.Stats.Delivered == 200,
                $"before the outage: delivered {sink.Stats.Delivered}, lost {sink.Stats.Lost}, connection failures {sink.ConnectionFailures}, reconnects {sink.Reconnects}");
            await before.TakeAsync(200, Timeout);
        }

        redis.Kill();
        // The replay goes on while Redis is down: every hand-off returns at once.
        const int duringOutage = 2000;
        for (int i = 0; i < duringOutage; i++) pipeline.Publish("BTCUSDT", SignalLevel.Alert, SignalSlots.BaseTimeMs + 1000 + i);
        Assert.Equal(200 + duringOutage, pipeline.Stage.Published);
        pipeline.Settle();
        var outage = pipeline.Runner.Stats;
        Assert.Equal(200, outage.Delivered);
        Assert.Equal(duringOutage, outage.Lost + outage.DroppedQueueFull + outage.Errors);
        Assert.True(outage.Lost > 0);

        redis.Restart();
        await using var after = await SubscriberProbe.StartAsync(redis.Endpoint, "cascade:signals");
        // Keep replaying until the sink has reconnected by itself and a signal gets through.
        CascadeSignalEnvelope? resumed = null;
        long deadline = Environment.TickCount64 + (long)Timeout.TotalMilliseconds;
        for (int i = 0; resumed is null && Environment.TickCount64 < deadline; i++)
        {
            pipeline.Publish("BTCUSDT", SignalLevel.Critical, SignalSlots.BaseTimeMs + 10_000 + i);
            resumed = (await after.NextAsync(TimeSpan.FromMilliseconds(100)))?.Signal;
        }
        Assert.NotNull(resumed);
        Assert.Equal(SignalLevel.Critical, resumed.SignalLevel);
        CascadeSignalEnvelope? resubscribed = null;
        for (int i = 0; resubscribed is null && Environment.TickCount64 < deadline; i++)
        {
            pipeline.Publish("ETHUSDT", SignalLevel.Extreme, SignalSlots.BaseTimeMs + 20_000 + i);
            resubscribed = (await survivor.NextAsync(TimeSpan.FromMilliseconds(100)))?.Signal;
        }
        // Nothing CRITICAL was published before the restart, so whatever it got came after it.
        Assert.NotNull(resubscribed);
        Assert.True(resubscribed.Timestamp >= (SignalSlots.BaseTimeMs + 10_000) / 1000.0);
        Assert.True(pipeline.Sink.ConnectionFailures >= 1);
        Assert.True(pipeline.Sink.Reconnects >= 1);
        pipeline.Settle();
        var end = pipeline.Runner.Stats;
        Assert.Equal(end.Enqueued, end.Delivered + end.Lost + end.Errors);
    }

    [Fact]
    public async Task A_frozen_redis_never_blocks_the_hand_off_and_every_signal_is_accounted_for()
    {
        using var redis = RedisServerProcess.Start();
        using var pipeline = new RedisPublishingPipeline(redis.Endpoint, o => o.QueueCapacity = 256);
        await using var probe = await SubscriberProbe.StartAsync(redis.Endpoint, "cascade:signals");

        redis.Pause();
        const int whileFrozen = 5000;
        try
        {
            for (int i = 0; i < whileFrozen; i++) pipeline.Publish("BTCUSDT", SignalLevel.Alert, SignalSlots.BaseTimeMs + i);
            Assert.Equal(whileFrozen, pipeline.Stage.Published);
        }
        finally
        {
            redis.Resume();
        }

        CascadeSignalEnvelope? after = null;
        long deadline = Environment.TickCount64 + (long)Timeout.TotalMilliseconds;
        for (int i = 0; after is null && Environment.TickCount64 < deadline; i++)
        {
            pipeline.Publish("ETHUSDT", SignalLevel.Critical, SignalSlots.BaseTimeMs + 100_000 + i);
            while ((await probe.NextAsync(TimeSpan.FromMilliseconds(100)))?.Signal is { } s)
                if (s.Symbol == "ETHUSDT") { after = s; break; }
        }
        Assert.NotNull(after);
        pipeline.Settle();
        var stats = pipeline.Runner.Stats;
        Assert.Equal(pipeline.Stage.Published, stats.Enqueued + stats.DroppedQueueFull);
        Assert.Equal(stats.Enqueued, stats.Delivered + stats.Lost + stats.Errors);
    }

    [Fact]
    public async Task The_configured_password_authenticates_and_a_wrong_one_publishes_nothing()
    {
        using var redis = RedisServerProcess.Start("--requirepass", "s3cret-pass");
        using (var wrong = new RedisPublishingPipeline(redis.Endpoint, o => o.Password = "nope", expectConnected: false))
        {
            wrong.Publish("BTCUSDT", SignalLevel.Alert, SignalSlots.BaseTimeMs);
            wrong.Settle();
            Assert.Equal(0, wrong.Sink.Stats.Delivered);
            Assert.Equal(1, wrong.Runner.Stats.Lost + wrong.Runner.Stats.Errors);
        }
        using var right = new RedisPublishingPipeline(redis.Endpoint, o => o.Password = "s3cret-pass");
        right.Publish("BTCUSDT", SignalLevel.Alert, SignalSlots.BaseTimeMs);
        right.Settle();
        Assert.Equal(1, right.Sink.Stats.Delivered);
        using var reader = await ConnectionMultiplexer.ConnectAsync($"{redis.Endpoint},password=s3cret-pass");
        Assert.Equal(1, await reader.GetDatabase().SortedSetLengthAsync("cascade:signals:history:BTCUSDT"));
    }

    [Fact]
    public void Options_name_the_configuration_key_that_is_wrong()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Redis:Endpoint"] = "10.0.0.5:6380", ["Redis:Database"] = "3", ["Redis:Password"] = "s3cret", ["Redis:Ssl"] = "true",
        }).Build();
        var o = RedisSinkOptions.FromConfiguration(config.GetSection(RedisSinkOptions.SectionName));
        Assert.Equal(("10.0.0.5:6380", 3, "s3cret", true), (o.Endpoint, o.Database, o.Password, o.Ssl));

        Assert.Contains("Redis:Endpoint", Assert.Throws<ArgumentException>(() => new RedisSinkOptions { Endpoint = "localhost" }.Validate()).Message);
        Assert.Contains("Redis:Database", Assert.Throws<ArgumentException>(() => new RedisSinkOptions { Database = -1 }.Validate()).Message);
        Assert.Contains("Redis:QueueCapacity", Assert.Throws<ArgumentException>(() => new RedisSinkOptions { QueueCapacity = 1000 }.Validate()).Message);
        Assert.Contains("Redis:HistoryLength", Assert.Throws<ArgumentException>(() => new RedisSinkOptions { HistoryLength = 0 }.Validate()).Message);
    }

    private static void AssertJson(RedisValue value, params (string Name, object Expected)[] fields)
    {
        Assert.False(value.IsNull, "key is missing");
        using var doc = JsonDocument.Parse((string)value!);
        var root = doc.RootElement;
        Assert.Equal(fields.Select(f => f.Name).Order(), root.EnumerateObject().Select(p => p.Name).Order());
        foreach (var (name, expected) in fields)
        {
            var e = root.GetProperty(name);
            if (expected is string s) Assert.Equal(s, e.GetString());
            else Assert.Equal(Convert.ToDouble(expected), e.GetDouble(), 9);
        }
    }

    private static async Task<string> ReadUntilAsync(StreamReader reader, Func<string, bool> match, CancellationToken ct)
    {
        while (true)
        {
            string? line = await reader.ReadLineAsync(ct) ?? throw new EndOfStreamException("redis-cli exited");
            if (match(line)) return line;
        }
    }
}
