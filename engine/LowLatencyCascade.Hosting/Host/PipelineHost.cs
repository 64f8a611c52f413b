using System.Diagnostics;
using LowLatencyCascade.Hosting.Configuration;
using LowLatencyCascade.Hosting.Dashboard;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Health;
using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Engine.Pipeline;
using LowLatencyCascade.Engine.Publishing;
using LowLatencyCascade.Engine.Signals;
using LowLatencyCascade.Feeds;
using LowLatencyCascade.Feeds.Health;
using LowLatencyCascade.Engine.Stages;

namespace LowLatencyCascade.Hosting;

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
    /// <summary>Whether <c>Model:StateFile</c> applies to this run (not to a throw-away warm-up or a backtest).</summary>
    public bool UseStateFile { get; init; } = true;
    /// <summary>A replay's first frame time (Unix ms), which a state file's age is judged against in replay.</summary>
    public long? ReplayStartUnixMs { get; init; }
    /// <summary>
    /// Whether this run may start the WebSocket signal fan-out when the configuration asks for it (<c>--ws-port</c> or
    /// <c>WebSocket:Port</c>). Only <c>live</c>, <c>replay</c> and <c>demo</c> set it: a backtest, a weight fit or a
    /// throw-away warm-up never serve signals, whatever the configuration file says.
    /// </summary>
    public bool FanOut { get; init; }
    /// <summary>Where the state file's one line (restored, or ignored and why) and save failures go; null: standard error.</summary>
    public TextWriter? StateStatus { get; init; }
    /// <summary>
    /// A model state to start from instead of <c>Model:StateFile</c>'s (<c>live --warm-from</c>: the newest captured
    /// minutes replayed just before); the state file is still written as usual.
    /// </summary>
    public ModelStateSnapshot? WarmState { get; init; }
    /// <summary>The dashboard's page (HTML) when <c>Dashboard:Port</c> starts it; the <c>cascade</c> executable embeds it.</summary>
    public ReadOnlyMemory<byte> DashboardPage { get; init; }
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
    private readonly CancellationTokenSource _stateLoopStop = new();
    private Task _stateLoop = Task.CompletedTask;
    private bool _stateWriteFailed;

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

    /// <summary>The state file's path when this run reads and writes one; null otherwise.</summary>
    public string? StateFile => Run.UseStateFile && !string.IsNullOrEmpty(Settings.Model.StateFile) ? Settings.Model.StateFile : null;

    /// <summary>What became of the state file at start; null when there is none.</summary>
    public StateFileOutcome? StateOutcome { get; private set; }

    /// <summary>State files written (periodic and at stop).</summary>
    public long StateSaves { get; private set; }

    public static async Task<PipelineHost> StartAsync(CascadeSettings settings, HostRunOptions run, CancellationToken cancellationToken = default)
    {
        SymbolCalibration? calibration = string.IsNullOrEmpty(settings.CalibrationFile) ? null : SymbolCalibration.Load(settings.CalibrationFile);
        (SymbolTable, CascadeModel) NewModel()
        {
            var table = new SymbolTable(settings.Model.MaxSymbols);
            foreach (var s in settings.Feeds.Symbols) table.GetOrAdd(s);
            var m = new CascadeModel(table, settings.Model, calibration);
            if (!string.IsNullOrEmpty(settings.WeightsFile)) m.UpdateWeights(ScoringWeights.Load(settings.WeightsFile));
            return (table, m);
        }
        var (symbols, model) = NewModel();
        StateFileOutcome? stateOutcome = null;
        if (run.WarmState is { } warm)
        {
            try
            {
                model.Restore(warm);
                stateOutcome = new StateFileOutcome(true, $"model state from --warm-from applied ({warm.Symbols.Count} symbols)"
                    + (run.UseStateFile && !string.IsNullOrEmpty(settings.Model.StateFile) ? $"; state file {settings.Model.StateFile} not read (written as usual)" : ""));
            }
            catch (InvalidDataException e)
            {
                stateOutcome = new StateFileOutcome(false, $"model state from --warm-from: ignored, {e.Message}; starting cold");
                (symbols, model) = NewModel();
            }
            (run.StateStatus ?? System.Console.Error).WriteLine("cascade: " + stateOutcome.Message);
        }
        else if (run.UseStateFile && !string.IsNullOrEmpty(settings.Model.StateFile))
        {
            var state = ModelStateFile.Load(settings.Model.StateFile, settings.Model, run.Mode, run.ReplayStartUnixMs, out stateOutcome);
            if (state is not null)
            {
                try
                {
                    model.Restore(state);
                }
                catch (InvalidDataException e)
                {
                    // Never half-applied: the partly written model is thrown away.
                    stateOutcome = new StateFileOutcome(false, $"state file {settings.Model.StateFile}: ignored, {e.Message}; starting cold");
                    (symbols, model) = NewModel();
                }
            }
            (run.StateStatus ?? System.Console.Error).WriteLine("cascade: " + stateOutcome!.Message);
        }

        var sinks = new List<ISignalSink>(run.ExtraSinks);
        if (run.Console is not null && !run.PrintAllSignals) sinks.Add(new LevelChangePrinter(symbols, run.Console));
        var publisher = await SignalPublisher.StartAsync(symbols, new SignalJsonEncoder(symbols), new SignalPublisherOptions
        {
            Redis = settings.RedisEnabled ? settings.Redis : null,
            WebSocket = run.FanOut && settings.WebSocketEnabled ? settings.WebSocket : null,
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
            pipeline = new CascadePipeline(settings.Pipeline.ForProducers(multiProducer: run.Mode == RunMode.Live), new PipelineStages(
                model.Velocity, model.Volatility, model.Regime, model.Scoring, publisher.Stage,
                [observer, new DataQualityStage(quality)], feedHealth));
            pipeline.Start();
            var host = new PipelineHost(settings, run, symbols, model, publisher, observer, quality, pipeline, feedHealth) { StateOutcome = stateOutcome };
            if (host.StateFile is not null && settings.Model.StateSaveIntervalSeconds > 0)
                host._stateLoop = host.SaveStatePeriodicallyAsync(TimeSpan.FromSeconds(settings.Model.StateSaveIntervalSeconds), host._stateLoopStop.Token);
            if (settings.DashboardEnabled)
            {
                host._dashboard = new DashboardServer(settings.Dashboard, new HostDashboardSource(host), run.DashboardPage);
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
        output.WriteLine($"cascade: stage threads: {Pipeline.Options.Topology}, {Pipeline.Layout.Reason}");
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
        _stateLoopStop.Cancel();
        await _stateLoop.ConfigureAwait(false);
        Pipeline.Stop();
        if (StateFile is not null)
        {
            // The stages have stopped: the model is read on this thread, whatever snapshot was under way.
            Model.StateCapture.Abandon();
            SaveState(Model.CaptureStopped());
        }
        await Publisher.DisposeAsync().ConfigureAwait(false);
        if (_dashboard is not null) await _dashboard.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    // Every interval: the stages snapshot their parts at the next ring sequence (ModelStateCapture); once all four
    // have, the file is written. A market with no slot flowing leaves the request pending to the next round.
    private async Task SaveStatePeriodicallyAsync(TimeSpan interval, CancellationToken token)
    {
        try
        {
            while (true)
            {
                await Task.Delay(interval, token).ConfigureAwait(false);
                // A snapshot asked for earlier that completed since: saved (late, but consistent) before asking anew.
                if (Model.StateCapture.TryCollect(out var late)) SaveState(late);
                if (!Model.StateCapture.Request(Pipeline.Ring.Cursor + 1)) continue;
                var waited = Stopwatch.StartNew();
                ModelStateParts parts;
                while (!Model.StateCapture.TryCollect(out parts) && waited.Elapsed < interval / 2)
                {
                    await Task.Delay(20, token).ConfigureAwait(false);
                }
                if (parts.Parts is not null) SaveState(parts);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    private void SaveState(ModelStateParts parts)
    {
        try
        {
            ModelStateFile.Write(StateFile!, ModelState.Encode(Model, parts, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
            StateSaves++;
            _stateWriteFailed = false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Reported once per run of failures, not every minute.
            if (!_stateWriteFailed) (Run.StateStatus ?? System.Console.Error).WriteLine($"cascade: state file {StateFile}: could not write: {e.Message}");
            _stateWriteFailed = true;
        }
    }
}
