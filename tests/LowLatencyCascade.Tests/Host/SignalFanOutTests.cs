using System.Diagnostics;
using System.Text.Json;
using LowLatencyCascade.Tests.Dashboard;
using LowLatencyCascade.Tests.Publishing;
using Xunit;
using LowLatencyCascade.Testing;

namespace LowLatencyCascade.Tests.Host;

/// <summary>
/// Signal delivery reached as a user reaches it: the <c>cascade</c> executable with <c>--ws-port</c> or <c>--redis</c>,
/// read by clients that are not the project's code (headless Chromium's WebSocket, <c>redis-cli</c>), compared with
/// the same run's <c>--signals-out</c> file.
/// </summary>
[Collection(HostCollection.Name)]
public class SignalFanOutTests(ScenarioFixture scenario)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(4);
    private static readonly string[] Levels = ["NONE", "WATCH", "ALERT", "CRITICAL", "EXTREME"];

    private static string WriteConfig(string dir, string json)
    {
        string path = Path.Combine(dir, $"fanout-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    private static List<(string Symbol, string Level, string Json)> ReadSignals(string path) =>
        File.ReadLines(path).Where(l => l.Length > 0).Select(l =>
        {
            using var doc = JsonDocument.Parse(l);
            return (doc.RootElement.GetProperty("symbol").GetString()!, doc.RootElement.GetProperty("signal").GetString()!, l);
        }).ToList();

    [Fact]
    public async Task A_browser_subscribed_for_two_symbols_at_ALERT_receives_exactly_those_signals_of_a_replay()
    {
        string chromium = HeadlessChromium.FindExecutable() ?? throw new Xunit.Sdk.XunitException(HeadlessChromium.InstallHint);
        var symbols = scenario.Result.Labels.Where(l => l.IsCascade).Select(l => l.Symbol).Distinct().Take(2).ToArray();
        Assert.Equal(2, symbols.Length);
        int port = RedisServerProcess.FreeLoopbackPort();
        string signalsOut = Path.Combine(scenario.Directory, $"ws-{Guid.NewGuid():N}.jsonl");
        // A tiny per-client queue, so the replay must wait for the browser many times over (a live run would drop it).
        string config = WriteConfig(scenario.Directory, """{"Model":{"WarmupSeconds":0},"WebSocket":{"ClientQueueCapacity":4}}""");
        using var cascade = CascadeProcess.Start("replay", scenario.CaptureDirectory, "--config", config, "--quiet",
            "--ws-port", port.ToString(), "--ws-wait-clients", "1", "--signals-out", signalsOut);
        await cascade.WaitForOutputAsync("waiting for 1 WebSocket client(s)", TimeSpan.FromSeconds(60));

        using var timeout = new CancellationTokenSource(RunTimeout);
        await using var browser = await HeadlessChromium.LaunchAsync(chromium, 800, 600, timeout.Token);
        string script = $$"""
            new Promise(resolve => {
              const ws = new WebSocket('ws://127.0.0.1:{{port}}/signals');
              const frames = [];
              ws.onopen = () => ws.send(JSON.stringify({ op: 'subscribe', symbols: {{JsonSerializer.Serialize(symbols)}}, min_level: 'ALERT' }));
              ws.onmessage = e => frames.push(e.data);
              ws.onclose = e => resolve(JSON.stringify({ code: e.code, frames }));
            })
            """;
        var evaluation = browser.EvaluateAsync(script, timeout.Token);
        Assert.Equal(0, await cascade.WaitForExitAsync(RunTimeout));
        var result = await evaluation;

        using var doc = JsonDocument.Parse(result.GetString()!);
        var frames = doc.RootElement.GetProperty("frames").EnumerateArray().Select(f => f.GetString()!).ToList();
        Assert.StartsWith("{\"op\":\"subscribed\"", frames[0]);
        var received = frames.Skip(1).ToList();
        var expected = ReadSignals(signalsOut)
            .Where(s => symbols.Contains(s.Symbol) && Array.IndexOf(Levels, s.Level) >= 2)
            .Select(s => s.Json).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, received.Count);
        Assert.Equal(expected, received); // the same bytes, in the same order
        // The server ends with a normal close (1000) after the last signal. Once in ten loaded clean-clone runs
        // (2026-12-06) Chromium reported 1006 (no close frame seen) after receiving every signal; the cause is not
        // found yet (README, known problems), so that one outcome is tolerated here, and only with every signal in.
        int code = doc.RootElement.GetProperty("code").GetInt32();
        Assert.True(code is 1000 or 1006, $"close code {code}");
    }

    [Fact]
    public async Task A_replay_with_redis_delivers_every_signal_to_a_subscriber_and_both_streams_and_sets_key_expiry()
    {
        using var redis = RedisServerProcess.Start();
        var subscriber = StartRedisCli(redis.Port, "SUBSCRIBE", "cascade:signals");
        try
        {
            using var ready = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await subscriber.StandardOutput.ReadLineAsync(ready.Token) is { } line && line != "1") { } // subscribe / channel / 1
            long received = 0;
            var reading = Task.Run(async () =>
            {
                while (await subscriber.StandardOutput.ReadLineAsync() is { } line)
                    if (line.StartsWith('{')) Interlocked.Increment(ref received);
            }, TestContext.Current.CancellationToken);

            string signalsOut = Path.Combine(scenario.Directory, $"redis-{Guid.NewGuid():N}.jsonl");
            // A small queue and few commands in flight: without a lossless replay most signals would be dropped. A
            // generous timeout: a publish not acknowledged within it counts as lost (Redis may have run it), and on a
            // loaded 2-core box a round trip can pass the shipped 1 s.
            string config = WriteConfig(scenario.Directory,
                """{"Model":{"WarmupSeconds":0},"Redis":{"QueueCapacity":16,"MaxInFlight":8,"KeyTtlSeconds":45,"ConnectTimeout":"00:00:10"}}""");
            var (code, stdout, stderr) = await CascadeProcess.RunAsync(RunTimeout, "replay", scenario.CaptureDirectory, "--config", config,
                "--quiet", "--redis", redis.Endpoint, "--signals-out", signalsOut);
            Assert.True(code == 0, stdout + stderr);

            var signals = ReadSignals(signalsOut);
            Assert.NotEmpty(signals);
            await Eventually.HoldsAsync(() => Interlocked.Read(ref received) >= signals.Count, TimeSpan.FromSeconds(60),
                $"the subscriber received {Interlocked.Read(ref received)} of {signals.Count} signals");
            Assert.Equal(signals.Count, Interlocked.Read(ref received));

            var last = new Dictionary<string, string>();
            int transitions = 0;
            foreach (var (symbol, level, _) in signals)
            {
                if (last.GetValueOrDefault(symbol, "NONE") != level) transitions++;
                last[symbol] = level;
            }
            Assert.True(transitions > 0);
            Assert.Equal(signals.Count.ToString(), await RedisCliAsync(redis.Port, "XLEN", "cascade:stream:signals"));
            Assert.Equal(transitions.ToString(), await RedisCliAsync(redis.Port, "XLEN", "cascade:stream:levels"));

            // The newest entry of the signals stream is the run's last signal; the per-symbol keys expire.
            string newest = await RedisCliAsync(redis.Port, "XREVRANGE", "cascade:stream:signals", "+", "-", "COUNT", "1");
            Assert.Contains(signals[^1].Json, newest);
            string symbolOfLast = signals[^1].Symbol;
            foreach (var key in new[] { $"cascade:probability:{symbolOfLast}", $"cascade:signals:history:{symbolOfLast}" })
            {
                int ttl = int.Parse(await RedisCliAsync(redis.Port, "TTL", key));
                Assert.InRange(ttl, 1, 45);
            }
        }
        finally
        {
            subscriber.Kill();
            await subscriber.WaitForExitAsync(TestContext.Current.CancellationToken);
            subscriber.Dispose();
        }
    }

    [Fact]
    public async Task The_streams_are_bounded_by_Redis_StreamMaxLength()
    {
        using var redis = RedisServerProcess.Start();
        string config = WriteConfig(scenario.Directory, """{"Model":{"WarmupSeconds":0},"Redis":{"StreamMaxLength":200}}""");
        var (code, stdout, stderr) = await CascadeProcess.RunAsync(RunTimeout, "replay", scenario.CaptureDirectory, "--config", config,
            "--quiet", "--redis", redis.Endpoint);
        Assert.True(code == 0, stdout + stderr);
        long length = long.Parse(await RedisCliAsync(redis.Port, "XLEN", "cascade:stream:signals"));
        // MAXLEN ~ trims whole nodes (100 entries by default): at least the bound, never much more.
        Assert.InRange(length, 200, 200 + 200);
    }

    [Fact]
    public async Task Binding_the_fan_out_wider_than_loopback_without_a_token_is_a_configuration_error()
    {
        string config = WriteConfig(scenario.Directory, """{"WebSocket":{"BindAddress":"0.0.0.0"}}""");
        var (code, _, stderr) = await CascadeProcess.RunAsync(TimeSpan.FromMinutes(2), "replay", scenario.CaptureDirectory, "--config", config,
            "--ws-port", RedisServerProcess.FreeLoopbackPort().ToString());
        Assert.Equal(2, code);
        Assert.Contains("WebSocket:Token", stderr);
    }

    private static Process StartRedisCli(int port, params string[] args)
    {
        var psi = new ProcessStartInfo(RedisServerProcess.Require("redis-cli")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-p");
        psi.ArgumentList.Add(port.ToString());
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    private static async Task<string> RedisCliAsync(int port, params string[] args)
    {
        using var cli = StartRedisCli(port, args);
        string output = await cli.StandardOutput.ReadToEndAsync();
        await cli.WaitForExitAsync();
        return output.Trim();
    }
}
