using System.Diagnostics;
using LowLatencyCascade.Hosting.Configuration;
using LowLatencyCascade.Engine.Latency;
using LowLatencyCascade.Feeds.Capture;
using LowLatencyCascade.Feeds.Okx;

namespace LowLatencyCascade.Hosting;

/// <summary>The result of replaying captures through the pipeline.</summary>
public sealed record ReplayResult(
    CaptureReplaySummary Capture,
    FrameCounters Frames,
    long[] SignalsByLevel,
    long Duplicates,
    long Gaps,
    HdrHistogram[] Latencies,
    TimeSpan Elapsed,
    IReadOnlyList<CaptureIssue> Issues,
    IReadOnlyList<Engine.Publishing.SinkRunnerStats> Sinks,
    /// <summary>Slots the replay published into the ring.</summary>
    long PublishedSlots,
    /// <summary>Slots that came out of the last stage: equal to <see cref="PublishedSlots"/> once the ring drained.</summary>
    long ObservedSlots,
    /// <summary>Garbage collections per generation and bytes allocated (whole process) while the replay ran.</summary>
    int[] Collections,
    long AllocatedBytes,
    /// <summary>Resident memory at the end of the run (after the drain) and its peak.</summary>
    ProcessMemory Memory);

/// <summary>
/// <c>replay</c>'s engine, shared by <c>demo</c> and <c>backtest</c>: capture files merged by local time, each
/// frame through the venue decoders into the ring (one producer), through every stage, to the sinks; then the
/// ring drains and the sinks flush before the result is read.
/// </summary>
public static class ReplayRun
{
    public static async Task<ReplayResult> RunAsync(CascadeSettings settings, IReadOnlyList<string> paths, HostRunOptions run,
        CaptureReplayOptions replayOptions, Action<PipelineHost>? started = null, CancellationToken cancellationToken = default)
    {
        var replayer = new CaptureReplayer(paths, replayOptions);
        // A state file's age is judged in event time in a replay: against the capture's first frame.
        if (run.UseStateFile && !string.IsNullOrEmpty(settings.Model.StateFile) && run.ReplayStartUnixMs is null)
            run = run with { ReplayStartUnixMs = ModelStateFile.FirstFrameUnixMs(replayer.Files) };
        // A stop asked for during start-up still ends in a clean, drained run (with fewer frames), so start-up
        // itself is not cancelled.
        await using var host = await PipelineHost.StartAsync(settings, run with { Mode = RunMode.Replay }, CancellationToken.None).ConfigureAwait(false);
        started?.Invoke(host);
        var producer = host.CreateProducerSink();
        var feeder = new ReplayFeeder(host.Symbols, producer, host.Frames, OkxInstruments.BuiltIn);
        int[] gcBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        CaptureReplaySummary summary;
        try
        {
            if (host.Publisher.WebSocket is { } fanOut && fanOut.Options.WaitForClients > 0)
            {
                // --ws-wait-clients: the clients subscribe first, so they see every signal of the replay (which is
                // lossless to them from then on). A stop asked for meanwhile ends the run with no frames.
                try { await fanOut.WaitForSubscribersAsync(fanOut.Options.WaitForClients, cancellationToken).ConfigureAwait(false); }
                catch (OperationCanceledException) { }
            }
            // The replayer runs on its own thread: it is the ring's single producer and may spin when the ring is full.
            summary = await Task.Factory.StartNew(() => replayer.Run(feeder, cancellationToken), CancellationToken.None,
                TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        }
        finally
        {
            await host.StopAsync().ConfigureAwait(false);
        }
        clock.Stop();
        int[] collections = [GC.CollectionCount(0) - gcBefore[0], GC.CollectionCount(1) - gcBefore[1], GC.CollectionCount(2) - gcBefore[2]];
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var stats = host.Observer.Stats;
        var byLevel = Enumerable.Range(0, Engine.Events.SignalLevels.Count).Select(l => stats.CountOf((Engine.Events.SignalLevel)l)).ToArray();
        return new ReplayResult(summary, host.Frames, byLevel, host.Observer.Duplicates, host.Observer.Gaps,
            host.Pipeline.Latencies.Final(), clock.Elapsed, feeder.Issues, host.Publisher.Stats(),
            producer.Published, host.Observer.Slots, collections, allocated, ProcessMemory.Now());
    }
}
