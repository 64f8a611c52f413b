using System.Diagnostics;
using LowLatencyCascade.Cli.Configuration;
using LowLatencyCascade.Cli.Dashboard;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Health;
using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Engine.Pipeline;
using LowLatencyCascade.Engine.Publishing;
using LowLatencyCascade.Engine.Signals;
using LowLatencyCascade.Feeds;
using LowLatencyCascade.Feeds.Health;

namespace LowLatencyCascade.Cli.Hosting;

/// <summary>What a run wants from the host besides the configuration.</summary>
public sealed record HostRunOptions
{
    public RunMode Mode { get; init; } = RunMode.Replay;
    /// <summary>JSON lines of every generated signal (<c>--signals-out</c>).</summary>
    public string? SignalsOut { get; init; }
    /// <summary>Where level changes are printed; null prints nothing.</summary>
    public TextWriter? Console { get; init; }
    /// <summary>Print every generated signal, not only level changes.</summary>
    public bool PrintAllSignals { get; init; }
    /// <summary>Sinks the caller owns (a backtest's collector...).</summary>
    public IReadOnlyList<ISignalSink> ExtraSinks { get; init; } = [];
}

/// <summary>
/// One running pipeline, composed from <see cref="CascadeSettings"/>: symbol table, model, ring and stages,
/// publishing sinks, data-quality checks, the observer the dashboard and reports read, and the dashboard when
/// asked for. Producers (a replay feeder, live connections) write through <see cref="CreateProducerSink"/>.
/// <see cref="StopAsync"/> drains the ring, then flushes every sink.
/// </summary>
public sealed class PipelineHost : IAsyncDisposable
{
    private readonly Stopwatch _uptime = Stopwatch.StartNew();
    private DashboardServer? _dashboard;
    private int _stopped;

    private PipelineHost(CascadeSettings settings, HostRunOptions run, SymbolTable symbols, CascadeModel model,
        SignalPublisher publisher, PipelineObserver observer, DataQualityMonitor quality, CascadePipeline pipeline, FeedHealthStage feedHealth)
    {
        FeedHealthStage = feedHealth;
        Settings = settings;
        Run = run;
        Symbols = symbols;
        Model = model;
        Publisher = publisher;
        Observer = observer;
        Quality = quality;
        Pipeline = pipeline;
    }

    public CascadeSettings Settings { get; }
    public HostRunOptions Run { get; }
    public SymbolTable Symbols { get; }
    public CascadeModel Model { get; }
    public SignalPublisher Publisher { get; }
    public PipelineObserver Observer { get; }
    public DataQualityMonitor Quality { get; }
    public CascadePipeline Pipeline { get; }

    /// <summary>Marks each signal with the venues' health (<c>feeds</c> in the signal) and counts gap markers per connection.</summary>
    public FeedHealthStage FeedHealthStage { get; }

    /// <summary>Per-venue connection status the live feeds write for <see cref="FeedHealthStage"/>; null outside live mode.</summary>
    public FeedStatusBoard? FeedBoard => FeedHealthStage.Board;
    public FrameCounters Frames { get; } = new();
    public TimeSpan Uptime => _uptime.Elapsed;
    public Uri? DashboardUri => _dashboard?.BaseUri;
    /// <summary>The WebSocket signal fan-out's endpoint, when it runs.</summary>
    public Uri? SignalFanOutUri => Publisher.WebSocket?.Uri;

    /// <summary>Feed connections' health, for the dashboard and /metrics (live mode fills it).</summary>
    public List<Func<FeedHealthView>> FeedHealth { get; } = [];

    /// <summary>Draining once a stop was asked for.</summary>
    public bool Stopping => Volatile.Read(ref _stopped) != 0;

    public static async Task<PipelineHost> StartAsync(CascadeSettings settings, HostRunOptions run, CancellationToken cancellationToken = default)
    {
        var symbols = new SymbolTable(settings.Model.MaxSymbols);
        foreach (var s in settings.Feeds.Symbols) symbols.GetOrAdd(s);
        SymbolCalibration? calibration = string.IsNullOrEmpty(settings.CalibrationFile) ? null : SymbolCalibration.Load(settings.CalibrationFile);
        var model = new CascadeModel(symbols, settings.Model, calibration);
        if (!string.IsNullOrEmpty(settings.WeightsFile)) model.UpdateWeights(ScoringWeights.Load(settings.WeightsFile));

        var sinks = new List<ISignalSink>(run.ExtraSinks);
        if (run.Console is not null && !run.PrintAllSignals) sinks.Add(new LevelChangePrinter(symbols, run.Console));
        var publisher = await SignalPublisher.StartAsync(symbols, new SignalJsonEncoder(symbols), new SignalPublisherOptions
        {
            Redis = settings.RedisEnabled ? settings.Redis : null,
            WebSocket = settings.WebSocketEnabled ? settings.WebSocket : null,
            JsonlPath = run.SignalsOut,
            Console = run.PrintAllSignals ? run.Console : null,
            // Replays are lossless to every sink (the replay slows down); live drops and counts.
            Lossless = run.Mode == RunMode.Replay,
        }, sinks, cancellationToken).ConfigureAwait(false);

        CascadePipeline? pipeline = null;
        try
        {
            var observer = new PipelineObserver(symbols.Capacity, new SignalStats());
            var quality = new DataQualityMonitor(symbols);
            var feedHealth = new FeedHealthStage(new FeedHealthOptions { FreshWindow = settings.Feeds.FreshWindow, GapHold = settings.Feeds.GapHold },
                run.Mode == RunMode.Live ? new FeedStatusBoard() : null);
            settings.Pipeline.MultiProducer = run.Mode == RunMode.Live;
            pipeline = new CascadePipeline(settings.Pipeline, new PipelineStages(
                model.Velocity, model.Volatility, model.Regime, model.Scoring, publisher.Stage,
                [observer, new DataQualityStage(quality)], feedHealth));
            pipeline.Start();
            var host = new PipelineHost(settings, run, symbols, model, publisher, observer, quality, pipeline, feedHealth);
            if (settings.DashboardEnabled)
            {
                host._dashboard = new DashboardServer(settings.Dashboard, new HostDashboardSource(host));
                await host._dashboard.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            return host;
        }
        catch
        {
            pipeline?.Stop();
            await publisher.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Tells the user where the dashboard and the signal fan-out listen (one line each, when they run).</summary>
    public void Announce(TextWriter? output)
    {
        if (output is null) return;
        if (DashboardUri is { } dashboard) output.WriteLine($"cascade: dashboard on {dashboard}");
        if (Publisher.WebSocket is { } ws)
        {
            output.WriteLine($"cascade: signal fan-out on {ws.Uri} (send {{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"min_level\":\"ALERT\"}})");
            if (Run.Mode == RunMode.Replay && ws.Options.WaitForClients > 0)
                output.WriteLine($"cascade: waiting for {ws.Options.WaitForClients} WebSocket client(s) to subscribe before replaying");
        }
    }

    /// <summary>A producer's sink into the ring (one per producer thread).</summary>
    public RingEventSink CreateProducerSink() => new(Pipeline.Ring);

    /// <summary>Drains the ring (every published slot through every stage), then flushes and closes the sinks and the dashboard.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        Pipeline.Stop();
        await Publisher.DisposeAsync().ConfigureAwait(false);
        if (_dashboard is not null) await _dashboard.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
