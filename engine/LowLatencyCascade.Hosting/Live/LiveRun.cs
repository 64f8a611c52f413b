using System.Diagnostics;
using LowLatencyCascade.Hosting.Configuration;
using LowLatencyCascade.Hosting.Dashboard;
using LowLatencyCascade.Hosting;
using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Hosting.Live;

/// <summary>
/// <c>live</c>'s engine: warm-up, the pipeline host in live mode (multi-producer ring), the venues' connections
/// writing into it, optional recording; then, when cancelled (SIGINT/SIGTERM through <see cref="ShutdownSignal"/>)
/// or after <see cref="LiveRunOptions.Duration"/>, the shutdown in the order that loses nothing: stop the feeds
/// (no producer writes any more), drain the ring through every stage and flush the sinks, close the captures.
/// </summary>
public static class LiveRun
{
    public static async Task<LiveResult> RunAsync(CascadeSettings settings, HostRunOptions run, LiveRunOptions options,
        Action<LiveSession>? started = null, CancellationToken cancellationToken = default)
    {
        var venues = LiveFeeds.SelectVenues(settings.Feeds, options.Venues);
        var status = options.Status;
        if (options.Warmup)
        {
            status?.WriteLine($"cascade: warming up: replaying a built-in {LiveWarmup.BurstLength.TotalSeconds:0} s burst through a throw-away pipeline...");
            long frames = await LiveWarmup.RunAsync(settings, cancellationToken).ConfigureAwait(false);
            // The warm-up's throw-away pipeline (ring, model, histograms: tens of MiB of large objects) is garbage
            // now: collect it before the live run, or it stays resident until a gen-2 collection that may never come.
            System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            status?.WriteLine($"cascade: warm-up done ({frames:N0} frames); connecting to {string.Join(", ", venues.Select(ExchangeInfo.Name))}");
        }

        if (options.WarmFrom is { } warmFrom)
        {
            status?.WriteLine($"cascade: --warm-from: replaying the newest {options.WarmMinutes:0.#} min of {warmFrom} through the model (nothing published)...");
            var warmed = await LiveWarmFrom.RunAsync(settings, warmFrom, options.WarmMinutes, cancellationToken).ConfigureAwait(false);
            status?.WriteLine("cascade: " + warmed.Message);
            if (warmed.State is not null) run = run with { WarmState = warmed.State };
        }

        await using var host = await PipelineHost.StartAsync(settings, run with { Mode = RunMode.Live }, cancellationToken).ConfigureAwait(false);
        host.Announce(status);
        if (settings.Model.WarmupSeconds > 0 && !host.Model.IsWarm)
            status?.WriteLine($"cascade: model warming up for {settings.Model.WarmupSeconds:0} s of market time: levels above WATCH need overwhelming evidence until then (signals say \"warm\":false)");
        var recorder = options.RecordDirectory is { } dir ? new CaptureRecorder(dir, settings.Capture, status is null ? null : line => status.WriteLine(line)) : null;
        var gcAtStart = GcCounts.Now();
        var clock = Stopwatch.StartNew();
        LiveFeeds feeds;
        FeedStatusMonitor? monitor = null;
        try
        {
            feeds = await LiveFeeds.CreateAsync(settings, venues, host.Symbols, host.Frames, host.Pipeline.Ring, recorder, status, cancellationToken)
                .ConfigureAwait(false);
        }
        catch
        {
            if (recorder is not null) await recorder.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        try
        {
            monitor = new FeedStatusMonitor(feeds.Routes, host.FeedBoard!, status);
            var watch = monitor;
            foreach (var connection in feeds.Connections) host.FeedHealth.Add(() => LiveFeedHealth.View(connection, watch, host.FeedHealthStage));
            if (recorder is not null) status?.WriteLine($"cascade: recording every connection into {recorder.Directory}");
            started?.Invoke(new LiveSession(host, feeds, recorder));

            monitor.Start();
            await feeds.StartAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await Task.Delay(options.Duration ?? Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The shutdown signal: stop cleanly below.
            }
            monitor.Dispose(); // a stop we asked for is no status change worth logging
            await feeds.StopAsync().ConfigureAwait(false);
            await host.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            monitor?.Dispose();
            await feeds.DisposeAsync().ConfigureAwait(false);
            await host.StopAsync().ConfigureAwait(false);
            if (recorder is not null) await recorder.DisposeAsync().ConfigureAwait(false);
        }
        clock.Stop();

        var stats = host.Observer.Stats;
        return new LiveResult(
            host.Frames,
            feeds.Connections.Select(c => new ConnectionSummary(c.Name, c.Tally.Frames, c.Tally.EventFrames, c.Tally.Events, c.Tally.ControlFrames,
                c.Tally.RejectedFrames, c.Health.Drops, c.Health.ReconnectAttempts)
            {
                Outages = c.Health.Outages, OutageTotal = c.Health.OutageTotal, OutageLongest = c.Health.OutageLongest,
                StaleStreamResets = c.Health.StaleStreamResets, SubscribeRefusals = c.SubscribeRefusals,
            }).ToList(),
            Enumerable.Range(0, SignalLevels.Count).Select(l => stats.CountOf((SignalLevel)l)).ToArray(),
            host.Observer.Slots,
            host.Observer.Duplicates,
            host.Observer.Gaps,
            feeds.DuplicateFrames,
            host.Pipeline.Latencies.Final(),
            clock.Elapsed,
            host.Publisher.Stats(),
            recorder?.Files ?? [],
            recorder?.FramesNotRecorded ?? 0,
            feeds.OkxInstruments.LoadFailures,
            feeds.OpenInterestPoller?.Polls ?? 0,
            feeds.OpenInterestPoller?.Failures ?? 0,
            GcCounts.Now().Since(gcAtStart),
            ProcessMemory.Now())
        {
            CaptureWriteFailures = recorder?.WriteFailures ?? 0,
            CaptureLastError = recorder?.LastWriteError,
        };
    }
}
