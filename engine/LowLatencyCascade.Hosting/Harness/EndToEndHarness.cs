using System.Diagnostics;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Latency;
using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Engine.Pipeline;
using LowLatencyCascade.Engine.Publishing;
using LowLatencyCascade.Engine.Ring;
using LowLatencyCascade.Engine.Signals;
using LowLatencyCascade.Feeds;
using LowLatencyCascade.Engine.Stages;

namespace LowLatencyCascade.Hosting.Harness;

/// <summary>
/// Runs one <see cref="RunSpec"/>: a fresh model, publisher (with an in-memory sink behind its sink thread, so the
/// publish hand-off is measured) and pipeline (the ring, or the Channels baseline); the load generator sends the
/// corpus from its first frame, at the rate, for the warm-up and then the measured window.
/// <para>
/// The calling thread is the run's clock: at the end of the warm-up it forgets what the stages recorded and
/// samples the GC counters, then once a second moves the recorders' interval into preallocated histograms (for
/// the histogram log), and after the last frame waits for the stages to drain before the closing sample. Nothing
/// it does inside the window allocates, so the allocation figure is the pipeline's own.
/// </para>
/// </summary>
public static class EndToEndHarness
{
    /// <summary>The first frame is due this long after the threads are started, so they are all running by then.</summary>
    private static readonly TimeSpan StartDelay = TimeSpan.FromMilliseconds(50);

    /// <param name="allocations">When given, samples what allocates inside the window (a diagnostic: it allocates itself).</param>
    public static async Task<RunResult> RunAsync(FrameCorpus corpus, RunSpec spec, HarnessSettings settings,
        AllocationTracer? allocations = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(settings);

        var symbols = new SymbolTable();
        int signalIntervalMs = settings.SignalIntervalMsFor(spec.Rate, corpus);
        var model = new CascadeModel(symbols, new CascadeModelOptions { WarmupSeconds = 0, SignalIntervalMs = signalIntervalMs });
        var sink = new CountingSignalSink();
        var publisher = await SignalPublisher.StartAsync(symbols, new SignalJsonEncoder(symbols), new SignalPublisherOptions(), [sink], cancellationToken)
            .ConfigureAwait(false);
        var latencies = new StageLatencies(chained: spec.IsBaseline);
        var stages = spec.IsFloor
            ? new PipelineStages(FloorStamp.Nothing, FloorStamp.Nothing, FloorStamp.Nothing, FloorStamp.Stamp, FloorStamp.Nothing)
            : new PipelineStages(model.Velocity, model.Volatility, model.Regime, model.Scoring, publisher.Stage);
        CascadePipeline? ring = null;
        ChannelPipeline? channels = null;
        try
        {
            IMarketEventSink producerSink;
            Func<long> inFlight;
            int stageThreads;
            if (spec.IsBaseline)
            {
                channels = new ChannelPipeline(stages, latencies, settings.ChannelCapacity);
                var baseline = channels;
                producerSink = baseline;
                inFlight = () => baseline.InFlight;
                stageThreads = 5; // one consumer loop per stage, on pool threads
            }
            else
            {
                ring = new CascadePipeline(new PipelineOptions
                {
                    Topology = spec.Topology,
                    WaitStrategy = spec.WaitStrategy,
                    Cpus = spec.Cpus,
                    MultiProducer = false,
                    RingSize = settings.RingSize,
                }, stages, latencies);
                var pipeline = ring;
                pipeline.Start();
                producerSink = new RingEventSink(pipeline.Ring);
                inFlight = () => pipeline.InFlight;
                stageThreads = ring.Graph.Stages.Count;
            }

            int frames = spec.IsSaturation ? corpus.Count : settings.FramesFor(spec.Rate);
            var generator = new LoadGenerator(corpus, symbols, producerSink, spec.Rate, frames) { Cpu = settings.GeneratorCpu, SpinBelow = settings.GeneratorSpinBelow };
            var intervals = new List<HdrHistogram[]>();
            int slots = (int)Math.Ceiling(settings.MeasureSeconds) + 2;
            for (int i = 0; i < slots; i++) intervals.Add(NewStageHistograms());

            // Whatever setting up allocated is collected now, not inside the window.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();

            var startGc = GcFigures.Now();
            generator.Start(StartDelay);
            long warmupEnd = generator.StartTimestamp + Ticks(settings.WarmupSeconds);
            long windowEnd = warmupEnd + Ticks(settings.MeasureSeconds);

            SleepUntil(warmupEnd, generator, cancellationToken);
            if (settings.WarmupSeconds > 0) latencies.Reset();
            var switchesAtStart = ContextSwitches.ReadPerThread();
            generator.MarkWindowStart();
            var windowStartGc = GcFigures.Now();
            allocations?.TakeTop();
            if (allocations is not null) allocations.Active = true;
            // A paced window starts when the warm-up's last frame was due (this thread may wake late on a busy
            // machine); a saturation window when the warm-up was cut off here.
            long windowStart = spec.IsSaturation ? Stopwatch.GetTimestamp() : warmupEnd;
            long framesAtWindowStart = spec.IsSaturation ? generator.FramesSent : (long)Math.Ceiling(spec.Rate * settings.WarmupSeconds);
            var warmupGc = windowStartGc.Since(startGc);

            int used = 0;
            long nextSample = windowStart + Stopwatch.Frequency;
            // A paced run whose generator fell behind (a rate above what the pipeline sustains) gets this much
            // longer to send its frames before it is stopped; the frames it did not send are reported.
            long giveUp = windowEnd + Ticks(settings.MeasureSeconds / 2 + 1);
            while (generator.IsRunning)
            {
                SleepUntil(used < slots - 1 ? Math.Min(nextSample, windowEnd) : giveUp, generator, cancellationToken);
                long now = Stopwatch.GetTimestamp();
                if (now >= windowEnd)
                {
                    // Saturation runs end on time; paced runs end with their last frame.
                    if (spec.IsSaturation) generator.RequestStop();
                    SleepUntil(giveUp, generator, cancellationToken);
                    generator.RequestStop();
                    break;
                }
                if (now >= nextSample && used < slots - 1)
                {
                    latencies.TakeIntervals(intervals[used++]);
                    nextSample += Stopwatch.Frequency;
                }
            }
            generator.Join(Timeout.InfiniteTimeSpan);
            long windowClose = Math.Max(generator.EndTimestamp, windowStart);
            long framesInWindow = Math.Max(0, generator.FramesSent - framesAtWindowStart);
            WaitForDrain(inFlight, settings.DrainTimeout, spec);
            latencies.TakeIntervals(intervals[used++]);
            var windowGc = GcFigures.Now().Since(windowStartGc);
            if (allocations is not null) allocations.Active = false;
            var switches = ContextSwitches.Between(switchesAtStart, ContextSwitches.ReadPerThread());

            using var process = Process.GetCurrentProcess();
            long workingSet = process.WorkingSet64;
            long heap = GC.GetGCMemoryInfo().HeapSizeBytes;

            ring?.Stop();
            if (channels is not null) await channels.DisposeAsync().ConfigureAwait(false);
            ring = null;
            channels = null;
            publisher.Runners[0].WaitUntilDrained(TimeSpan.FromSeconds(10));
            var sinkStats = publisher.Stats()[0];

            return new RunResult
            {
                Spec = spec,
                SignalIntervalMs = signalIntervalMs,
                WindowSeconds = Math.Max(0, windowClose - windowStart) / (double)Stopwatch.Frequency,
                Stages = latencies.Cumulative(),
                Intervals = intervals.Take(used).ToList(),
                FramesSent = generator.FramesSent,
                FramesUnsent = spec.IsSaturation ? 0 : generator.FrameLimit - generator.FramesSent,
                FramesInWindow = framesInWindow,
                EventsDecoded = generator.Events,
                FramesRejected = generator.Rejected,
                GeneratorAllocatedBytes = generator.WindowAllocatedBytes,
                MaxGeneratorLagMicros = generator.MaxLagTicks * 1e6 / Stopwatch.Frequency,
                WarmupGc = warmupGc,
                WindowGc = windowGc,
                WorkingSetBytes = workingSet,
                GcHeapBytes = heap,
                SignalsPublished = publisher.Stage.Published,
                SignalsDelivered = sink.Count,
                SignalsDropped = sinkStats.NotDelivered,
                PipelineThreads = stageThreads + 1 + publisher.Runners.Count,
                TopAllocations = allocations?.TakeTop() ?? [],
                GeneratorPinFailure = generator.PinFailure,
                WindowContextSwitches = switches,
            };
        }
        finally
        {
            ring?.Stop();
            if (channels is not null) await channels.DisposeAsync().ConfigureAwait(false);
            await publisher.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static HdrHistogram[] NewStageHistograms()
    {
        var histograms = new HdrHistogram[StageLatencies.Names.Length];
        for (int i = 0; i < histograms.Length; i++) histograms[i] = new HdrHistogram(1, StageLatencies.HighestTrackableNanos, 3);
        return histograms;
    }

    private static long Ticks(double seconds) => (long)(seconds * Stopwatch.Frequency);

    /// <summary>Sleeps (in short naps: this thread must not take a core from the pipeline) until the time, or the generator ends.</summary>
    private static void SleepUntil(long timestamp, LoadGenerator generator, CancellationToken cancellationToken)
    {
        while (generator.IsRunning)
        {
            long left = timestamp - Stopwatch.GetTimestamp();
            if (left <= 0) return;
            if (cancellationToken.IsCancellationRequested) { generator.RequestStop(); return; }
            Thread.Sleep((int)Math.Clamp(left * 1000 / Stopwatch.Frequency, 1, 20));
        }
    }

    private static void WaitForDrain(Func<long> inFlight, TimeSpan timeout, RunSpec spec)
    {
        // Timestamps, not a Stopwatch: this runs inside the window, where even 40 bytes show.
        long deadline = Stopwatch.GetTimestamp() + Ticks(timeout.TotalSeconds);
        while (inFlight() > 0)
        {
            if (Stopwatch.GetTimestamp() > deadline)
                throw new TimeoutException($"{spec.Name}: the stages did not drain within {timeout.TotalSeconds:0} s ({inFlight()} events in flight)");
            Thread.Sleep(1);
        }
    }

    /// <summary>The floor run's consumer: no model, one stamp (the slot's end, read as "scored") per slot.</summary>
    private sealed class FloorStamp : IEventHandler<MarketEvent>
    {
        public static readonly FloorStamp Nothing = new(stamp: false);
        public static readonly FloorStamp Stamp = new(stamp: true);
        private readonly bool _stamp;

        private FloorStamp(bool stamp) => _stamp = stamp;

        public void OnEvent(ref MarketEvent evt, long sequence, bool endOfBatch)
        {
            if (_stamp) evt.Stamps.Scored = Stopwatch.GetTimestamp();
        }
    }
}
