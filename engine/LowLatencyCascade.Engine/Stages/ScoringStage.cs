using System.Diagnostics;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Engine.Ring;

namespace LowLatencyCascade.Engine.Stages;

/// <summary>
/// After the regime: keeps each symbol's funding and open interest, scores the slot's symbol, and decides
/// whether a signal is "generated": at most every <see cref="CascadeModelOptions.SignalIntervalMs"/> of event
/// time per symbol, and at once when the symbol's level changes. Writes <c>Model.Score</c>, <c>Signal</c> and
/// <c>Stamps.Scored</c>; the slot then carries the whole signal for the publish stage.
/// </summary>
public sealed class ScoringStage : ModelStage, IEventHandler<MarketEvent>
{
    private readonly CascadeScorer _scorer;
    /// <summary>Per symbol id: null until the symbol's first scored event, then reused (<see cref="StateOf"/>).</summary>
    private readonly SymbolScoringState?[] _states;
    private SymbolScoringState? _empty;
    private readonly SymbolTable _symbols;
    private readonly SymbolCalibration? _calibration;
    private readonly SymbolPriors _tiers;
    private readonly CascadeModelOptions _options;
    private readonly long _warmupMs;
    private readonly long _holdMs;
    private long _firstMs = long.MinValue;
    private long _latestMs = long.MinValue;
    private bool _warm;
    private double _warmupProgress;
    private long _generated;

    public ScoringStage(CascadeScorer scorer, SymbolTable symbols, int capacity, CascadeModelOptions options, SymbolCalibration? calibration)
        : base(ModelStateCapture.ScoringPart, capacity)
    {
        _scorer = scorer;
        _symbols = symbols;
        _options = options;
        _calibration = calibration;
        _tiers = new SymbolPriors(options.Priors);
        _warmupMs = (long)Math.Round(options.WarmupSeconds * 1000);
        _warm = _warmupMs == 0;
        _warmupProgress = _warm ? 1.0 : 0.0;
        _holdMs = (long)Math.Round(options.Hysteresis.HoldSeconds * 1000);
        _states = new SymbolScoringState?[capacity];
        Depth = new DepthDrain(options.Depth, capacity);
    }

    /// <summary>The depth-drain measure per symbol, fed by the Depth slots (<c>Model:Depth</c>).</summary>
    public DepthDrain Depth { get; }

    /// <summary>Symbols whose scoring state has been allocated (those scored so far, or restored).</summary>
    public int SymbolsAllocated { get; private set; }

    /// <summary>The symbol's state, allocated on its first event (once: the steady state allocates nothing).</summary>
    private SymbolScoringState StateOf(int id) => _states[id] ?? Allocate(id);

    private SymbolScoringState Allocate(int id)
    {
        var state = new SymbolScoringState(_options.Windows);
        _states[id] = state;
        SymbolsAllocated++;
        return state;
    }

    /// <summary>The allocated state object of a symbol, or null (tests: the same instance on every event).</summary>
    internal object? StateObject(int symbolId) => _states[symbolId];

    public CascadeScorer Scorer => _scorer;
    /// <summary>True once the model has seen <see cref="CascadeModelOptions.WarmupSeconds"/> of event time.</summary>
    public bool IsWarm => Volatile.Read(ref _warm);
    public long SignalsGenerated => Volatile.Read(ref _generated);

    private protected override void WritePart(BinaryWriter w, int symbols) => WriteState(w, symbols);
    private protected override void ReadPart(BinaryReader r, int[] map) => ReadState(r, map);

    public void OnEvent(ref MarketEvent e, long sequence, bool endOfBatch)
    {
        e.Signal.Generated = false;
        bool modelled = Enter(ref e, sequence, _latestMs);
        if (e.Kind == EventKind.Depth)
        {
            // A book feeds the depth-drain measure; it is not an event the symbol is scored on.
            if ((uint)e.SymbolId < (uint)_states.Length) Depth.OnDepth(e.SymbolId, e.Exchange, e.EventTimeMs, in e.Depth);
            e.Stamps.Scored = Stopwatch.GetTimestamp();
            return;
        }
        if (!modelled) return;
        if (e.Model.Duplicate)
        {
            e.Stamps.Scored = Stopwatch.GetTimestamp();
            return;
        }
        long t = e.EventTimeMs;
        UpdateWarmth(t);
        var state = StateOf(e.SymbolId);
        if (!state.CalibrationResolved) ResolveCalibration(e.SymbolId, state);
        if (e.Kind == EventKind.MarkPrice && double.IsFinite(e.FundingRate)) state.FundingRate = e.FundingRate;
        else if (e.Kind == EventKind.OpenInterest)
        {
            // Base units, per venue: a venue that sent only USD is converted at the slot's price (a USD figure
            // would move with the price and is not comparable with the other venues' coins).
            double oi = e.OpenInterest > 0 ? e.OpenInterest : e.NotionalUsd > 0 && e.Price > 0 ? e.NotionalUsd / e.Price : 0;
            state.OpenInterest.Add(e.Exchange, t, oi);
        }
        e.Model.Score.DepthDrain = Depth.Drain(e.SymbolId);

        _scorer.Score(ref e, state, _warmupProgress);
        if (_holdMs > 0 || _options.Hysteresis.Margin > 0) ApplyHysteresis(ref e, state, t);

        var level = e.Signal.Level;
        if (level != state.LastLevel || state.LastGeneratedMs == long.MinValue || t - state.LastGeneratedMs >= _options.SignalIntervalMs)
        {
            e.Signal.Generated = true;
            state.LastGeneratedMs = t;
            state.LastLevel = level;
            Volatile.Write(ref _generated, _generated + 1);
        }
        e.Stamps.Scored = Stopwatch.GetTimestamp();
    }

    // Up at once; down only after the held level has gone unsupported for the hold time, and then only as far
    // as probability + margin allows (see HysteresisOptions).
    private void ApplyHysteresis(ref MarketEvent e, SymbolScoringState state, long t)
    {
        var raw = e.Signal.Level;
        if (raw >= state.HeldLevel || state.HeldSupportedMs == long.MinValue)
        {
            state.HeldLevel = raw;
            state.HeldSupportedMs = t;
            return;
        }
        double sensitivity = e.Model.Regime.CascadeSensitivity > 0 ? e.Model.Regime.CascadeSensitivity : 1.0;
        var supported = _scorer.LevelFor(e.Signal.Probability + _options.Hysteresis.Margin, sensitivity, state.Thresholds);
        if (!e.Model.Score.WarmupEvidence && supported > SignalLevel.Watch) supported = SignalLevel.Watch;
        if (supported < raw) supported = raw;
        if (supported >= state.HeldLevel) state.HeldSupportedMs = t;
        else if (t - state.HeldSupportedMs >= _holdMs)
        {
            state.HeldLevel = supported;
            state.HeldSupportedMs = t;
        }
        if (state.HeldLevel > raw)
        {
            e.Signal.Level = state.HeldLevel;
            e.Model.Score.Override = LevelOverride.Hold;
        }
    }

    private void UpdateWarmth(long t)
    {
        if (_firstMs == long.MinValue) _firstMs = t;
        if (t > _latestMs) _latestMs = t;
        if (_warm) return;
        long elapsed = _latestMs - _firstMs;
        if (elapsed >= _warmupMs)
        {
            _warmupProgress = 1.0;
            Volatile.Write(ref _warm, true);
        }
        else _warmupProgress = (double)elapsed / _warmupMs;
    }

    /// <summary>Share of the warm-up done, in [0, 1].</summary>
    public double WarmupProgress => Volatile.Read(ref _warmupProgress);

    /// <summary>The event time of the newest slot scored (Unix ms); <see cref="long.MinValue"/> before the first.</summary>
    public long LatestEventMs => Volatile.Read(ref _latestMs);

    internal void WriteState(BinaryWriter w, int symbols)
    {
        symbols = Math.Min(symbols, _states.Length);
        StateIo.Tag(w, 0x53434F52);
        w.Write(_firstMs);
        w.Write(_latestMs);
        w.Write(_warm);
        w.Write(_warmupProgress);
        w.Write(symbols);
        for (int i = 0; i < symbols; i++)
        {
            // A symbol never scored is written as a fresh state (the same bytes as before the state was lazy).
            var s = _states[i] ?? (_empty ??= new SymbolScoringState(_options.Windows));
            s.OpenInterest.WriteState(w);
            w.Write(s.FundingRate);
            w.Write(s.LastGeneratedMs);
            w.Write((byte)s.LastLevel);
            w.Write((byte)s.HeldLevel);
            w.Write(s.HeldSupportedMs);
        }
    }

    internal void ReadState(BinaryReader r, int[] map)
    {
        StateIo.Tag(r, 0x53434F52);
        _firstMs = r.ReadInt64();
        _latestMs = r.ReadInt64();
        bool warm = r.ReadBoolean();
        double progress = r.ReadDouble();
        // Warmth carries over as saved; a shorter warm-up configured now may already be over.
        _warm = warm || _warmupMs == 0 || (_firstMs != long.MinValue && _latestMs - _firstMs >= _warmupMs);
        _warmupProgress = _warm ? 1.0 : Math.Clamp(progress, 0, 1);
        int symbols = r.ReadInt32();
        if (symbols < 0 || symbols > map.Length) throw new InvalidDataException($"scoring state for {symbols} symbols, {map.Length} named");
        SymbolScoringState? scratch = null;
        for (int i = 0; i < symbols; i++)
        {
            int id = map[i];
            var s = id >= 0 && id < _states.Length ? StateOf(id) : scratch ??= new SymbolScoringState(_options.Windows);
            s.OpenInterest.ReadState(r);
            s.FundingRate = r.ReadDouble();
            s.LastGeneratedMs = r.ReadInt64();
            byte last = r.ReadByte(), held = r.ReadByte();
            if (last >= SignalLevels.Count || held >= SignalLevels.Count) throw new InvalidDataException($"scoring state: level {Math.Max(last, held)} out of range");
            s.LastLevel = (SignalLevel)last;
            s.HeldLevel = (SignalLevel)held;
            s.HeldSupportedMs = r.ReadInt64();
        }
    }

    // Once per symbol: the calibration file is keyed by name, the hot path by id. Thresholds: the symbol's own
    // (calibrated from enough history), else its liquidity tier's (Priors:<Tier>:Thresholds), else the model's.
    private void ResolveCalibration(int symbolId, SymbolScoringState state)
    {
        state.CalibrationResolved = true;
        string name = _symbols.NameOf(symbolId);
        state.Thresholds = _tiers.TierOf(name).Thresholds;
        if (_calibration is not null && _calibration.TryGet(name, out var entry))
        {
            state.CalibratedVelocityScale = entry.VelocityScale;
            state.CalibratedVolumeScale = entry.VolumeScale;
            if (entry.Thresholds is { } own) state.Thresholds = own.ToThresholds();
        }
    }

    /// <summary>The thresholds a symbol is scored with (tests, diagnostics): its own, its tier's or the model's.</summary>
    public SignalThresholds ThresholdsOf(int symbolId)
    {
        var state = StateOf(symbolId);
        if (!state.CalibrationResolved) ResolveCalibration(symbolId, state);
        return state.Thresholds ?? _options.Thresholds;
    }
}
