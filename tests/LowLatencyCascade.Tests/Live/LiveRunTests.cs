using LowLatencyCascade.Hosting;
using LowLatencyCascade.Hosting.Live;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Capture;
using LowLatencyCascade.Feeds.Serving;
using Xunit;

namespace LowLatencyCascade.Tests.Live;

/// <summary>
/// The live composition against a recorded market served over real WebSockets on 127.0.0.1
/// (<see cref="VenueWebSocketServer"/> playing a <see cref="CaptureFrameSource"/>), nothing mocked.
/// </summary>
[Collection(LiveCollection.Name)]
public sealed class LiveRunTests(ScenarioMarket market) : IClassFixture<ScenarioMarket>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task AllVenuesReceiveDecodeAndAccountEveryFrame_AndTheRecordingReplaysToTheSameBytes()
    {
        await using var served = await ServedMarket.StartAsync();
        var settings = served.Settings(market.Symbols);
        string recordDir = market.NewFolder("record");
        using var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource<LiveSession>(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = LiveRun.RunAsync(settings, new HostRunOptions(), new LiveRunOptions { Warmup = false, RecordDirectory = recordDir },
            started.SetResult, stop.Token);
        var session = await started.Task.WaitAsync(Timeout, TestContext.Current.CancellationToken);
        await session.Feeds.AllConnected.WaitAsync(Timeout, TestContext.Current.CancellationToken);
        using (var wait = new CancellationTokenSource(Timeout)) await served.SubscribedAsync(market.Symbols, 1, wait.Token);

        var source = new CaptureFrameSource([market.ScenarioDirectory]);
        var report = await served.Server.PlayAsync(source, speed: 0, cancellationToken: TestContext.Current.CancellationToken).WaitAsync(Timeout, TestContext.Current.CancellationToken);
        // PlayAsync returns once every frame is queued to its session; the sessions write them afterwards. Only when
        // every delivery is on the wire does "received >= sent" mean the client has everything.
        await Eventually.HoldsAsync(() => served.Server.DataFramesSent >= report.Deliveries, Timeout, "every delivery written");
        await Eventually.HoldsAsync(() => session.Feeds.FramesReceived >= served.Server.FramesSent, Timeout, "every frame sent has arrived");
        stop.Cancel();
        var result = await run.WaitAsync(Timeout, TestContext.Current.CancellationToken);

        Assert.Equal(market.Result.Frames, report.Frames);
        Assert.Equal(0, report.Undelivered);
        Assert.Equal(served.Server.FramesSent, result.FramesReceived);
        // Every received frame is counted once in the host: events, control or rejected with a reason.
        Assert.Equal(result.FramesReceived, result.Frames.Frames);
        Assert.Equal(result.Frames.Frames, result.Frames.EventFrames + result.Frames.Control + result.Frames.Rejected);
        Assert.Equal(result.Connections.Sum(c => c.Events), result.Frames.Events);
        Assert.All(result.Connections, c => Assert.True(c.Events > 0, $"{c.Name} decoded no events"));
        // Binance is two connections (its /market and /public routes), Bybit and OKX one each.
        Assert.Equal(["binance-market-1", "binance-public-1", "bybit-1", "okx-1"], result.Connections.Select(c => c.Name).Order().ToArray());
        // The ring drained: every published slot reached the observer (no open interest came: its REST API is down).
        Assert.Equal(result.Frames.Events + result.Frames.Rejected + result.Gaps, result.Slots);
        Assert.True(result.SignalsByLevel.Sum() > 0, "no signal was generated");
        Assert.Equal(1, result.OkxInstrumentLoadFailures);
        Assert.True(result.OpenInterestFailures >= 1 && result.OpenInterestFailures == result.OpenInterestPolls);

        // The recording: Binance sends no control frames (its pings are WebSocket pings), so its file holds exactly the served frames.
        Assert.Equal(4, result.CaptureFiles.Count);
        Assert.Equal(0, result.FramesNotRecorded);
        var sourceFiles = market.Result.CaptureFiles;
        long answers = 0;
        foreach (var exchange in new[] { Exchange.Binance, Exchange.Bybit, Exchange.Okx })
        {
            var served1 = ReadFrames(sourceFiles.Single(f => IsOf(f, exchange)));
            var recordedFiles = result.CaptureFiles.Where(f => IsOf(f, exchange)).ToArray();
            var connections = result.Connections.Where(c => c.Name.StartsWith(ExchangeInfo.Name(exchange) + "-", StringComparison.Ordinal)).ToArray();
            Assert.Equal(connections.Length, recordedFiles.Length);
            var recorded = recordedFiles.SelectMany(ReadFrames).ToList();
            Assert.Equal(connections.Sum(c => c.Frames), recorded.Count);
            if (exchange == Exchange.Binance)
            {
                // The two routes split the served frames between them, each stream on its own route, none lost or doubled.
                static string[] Text(IEnumerable<byte[]> frames) => frames.Select(System.Text.Encoding.UTF8.GetString).Order(StringComparer.Ordinal).ToArray();
                Assert.Equal(Text(served1), Text(recorded));
                Assert.All(Text(ReadFrames(recordedFiles.Single(f => Path.GetFileName(f).StartsWith("binance-public", StringComparison.Ordinal)))),
                    f => Assert.True(f.Contains("@bookTicker", StringComparison.Ordinal) || f.Contains("@depth", StringComparison.Ordinal), f));
                Assert.All(Text(ReadFrames(recordedFiles.Single(f => Path.GetFileName(f).StartsWith("binance-market", StringComparison.Ordinal)))),
                    f => Assert.True(!f.Contains("@bookTicker", StringComparison.Ordinal) && !f.Contains("@depth", StringComparison.Ordinal), f));
            }
            else answers += ServedInOrderAmongAnswers(served1, ReadFrames(recordedFiles.Single()));
        }
        Assert.Equal(served.Server.ControlFramesSent, answers);

        var replay = await ReplayRun.RunAsync(served.Settings(market.Symbols), result.CaptureFiles, new HostRunOptions(), new CaptureReplayOptions(), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(result.FramesReceived, replay.Frames.Frames);
        Assert.Equal(result.Frames.Events, replay.Frames.Events);
        Assert.Equal(result.Frames.Control, replay.Frames.Control);
    }

    [Fact]
    public async Task ServerDroppingEveryConnection_EachReconnectsAndResubscribes_AndAGapIsPublished()
    {
        await using var served = await ServedMarket.StartAsync();
        using var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource<LiveSession>(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = LiveRun.RunAsync(served.Settings(market.Symbols), new HostRunOptions(), new LiveRunOptions { Warmup = false },
            started.SetResult, stop.Token);
        var session = await started.Task.WaitAsync(Timeout, TestContext.Current.CancellationToken);
        using (var wait = new CancellationTokenSource(Timeout)) await served.SubscribedAsync(market.Symbols, 1, wait.Token);

        Assert.Equal(4, served.Server.DropAllConnections()); // Binance /market and /public, Bybit, OKX
        using (var wait = new CancellationTokenSource(Timeout)) await served.SubscribedAsync(market.Symbols, 2, wait.Token);
        // Both Binance routes were re-made, each on its own route.
        await Eventually.HoldsAsync(() => served.Server.BinanceRoutesConnected().Order().SequenceEqual([Feeds.Binance.BinanceRoute.Market, Feeds.Binance.BinanceRoute.Public]),
            Timeout, "both Binance routes connected again");
        await Eventually.HoldsAsync(() => session.Host.Observer.Gaps >= 4, Timeout, "a gap slot per dropped connection reached the stages");
        stop.Cancel();
        var result = await run.WaitAsync(Timeout, TestContext.Current.CancellationToken);

        Assert.All(result.Connections, c => Assert.True(c.Drops >= 1 && c.ReconnectAttempts >= 1, $"{c.Name}: drops {c.Drops}, reconnects {c.ReconnectAttempts}"));
        Assert.True(served.Server.ConnectionsAccepted >= 8);
        Assert.True(result.Gaps >= 4);

        Assert.Equal(result.Frames.Events + result.Frames.Rejected + result.Gaps, result.Slots);
    }

    [Fact]
    public async Task StoppingWhileFramesFlow_ProcessesEveryReceivedFrame_AndClosesCompleteCaptures()
    {
        await using var served = await ServedMarket.StartAsync();
        string recordDir = market.NewFolder("under-load");
        using var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource<LiveSession>(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = LiveRun.RunAsync(served.Settings(market.Symbols), new HostRunOptions(), new LiveRunOptions { Warmup = false, RecordDirectory = recordDir },
            started.SetResult, stop.Token);
        var session = await started.Task.WaitAsync(Timeout, TestContext.Current.CancellationToken);
        using (var wait = new CancellationTokenSource(Timeout)) await served.SubscribedAsync(market.Symbols, 1, wait.Token);

        using var playback = new CancellationTokenSource();
        var play = served.Server.PlayAsync(new CaptureFrameSource([market.ScenarioDirectory]), speed: 0, playback.Token);
        await Eventually.HoldsAsync(() => session.Feeds.FramesReceived >= market.Result.Frames / 4, Timeout, "a quarter of the market arrived");
        stop.Cancel();
        var result = await run.WaitAsync(Timeout, TestContext.Current.CancellationToken);
        playback.Cancel();
        try { await play; }
        catch (OperationCanceledException) { } // the playback outlived the clients: stopped here

        Assert.True(result.FramesReceived >= market.Result.Frames / 4);
        Assert.Equal(result.FramesReceived, result.Frames.Frames);
        Assert.Equal(result.Frames.Frames, result.Frames.EventFrames + result.Frames.Control + result.Frames.Rejected);
        Assert.Equal(result.Frames.Events + result.Frames.Rejected + result.Gaps, result.Slots);

        // Every file is a complete gzip stream holding every frame its connection received.
        var recorder = session.Recorder!;
        Assert.Equal(0, recorder.FramesNotRecorded);
        long framesInFiles = 0;
        foreach (var file in result.CaptureFiles)
        {
            using var reader = CaptureReader.Open(file, new CaptureReaderOptions { Strict = true });
            while (reader.TryRead(out var record)) if (!record.IsDisconnect) framesInFiles++;
            Assert.Equal(0, reader.IssueCount);
        }
        Assert.Equal(result.FramesReceived, framesInFiles);
    }

    private static bool IsOf(string path, Exchange exchange) =>
        CaptureFileName.TryGetExchange(path, out var e) && e == exchange;

    private static List<byte[]> ReadFrames(string path)
    {
        var frames = new List<byte[]>();
        using var reader = CaptureReader.Open(path, new CaptureReaderOptions { Strict = true });
        while (reader.TryRead(out var record)) if (!record.IsDisconnect) frames.Add(record.Frame.ToArray());
        return frames;
    }

    /// <summary>
    /// Bybit and OKX answer subscriptions and pings: the recording is the served frames, byte for byte and in order,
    /// with the server's answers in between. Returns how many answers there were.
    /// </summary>
    private static long ServedInOrderAmongAnswers(List<byte[]> served, List<byte[]> recorded)
    {
        int next = 0;
        foreach (var frame in recorded)
            if (next < served.Count && frame.AsSpan().SequenceEqual(served[next])) next++;
        Assert.Equal(served.Count, next);
        return recorded.Count - served.Count;
    }
}
