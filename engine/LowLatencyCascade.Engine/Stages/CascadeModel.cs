using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;

namespace LowLatencyCascade.Engine.Stages;

/// <summary>
/// The signal model for one symbol table: per-symbol state preallocated for the table's capacity, split into
/// the four ring stages. Velocity and volatility may run in parallel on different threads (each owns its
/// state and writes only its own annotations); regime runs after both; scoring after regime.
/// </summary>
public sealed class CascadeModel : IModelStateSource
{
    public CascadeModel(SymbolTable symbols, CascadeModelOptions options, SymbolCalibration? calibration = null)
    {
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException("invalid model options: " + string.Join("; ", errors), nameof(options));
        if (calibration is not null)
        {
            var calibrationErrors = calibration.Validate();
            if (calibrationErrors.Count > 0) throw new ArgumentException("invalid calibration: " + string.Join("; ", calibrationErrors), nameof(calibration));
        }
        Symbols = symbols;
        Options = options;
        int capacity = Math.Min(symbols.Capacity, options.MaxSymbols);
        // BTC drives volatility, trend and liquidity: it needs an id even before its first frame.
        int btc = symbols.GetOrAdd(options.BtcSymbol);
        BtcSymbolId = btc < capacity ? btc : -1;
        Velocity = new VelocityStage(new VelocityTracker(capacity, options, symbols));
        Volatility = new VolatilityStage(new VolatilityEngine(options), BtcSymbolId, capacity);
        Regime = new RegimeStage(new MarketRegimeDetector(options), BtcSymbolId, capacity);
        Scoring = new ScoringStage(new CascadeScorer(options), symbols, capacity, options, calibration);
        StateCapture = new ModelStateCapture(symbols);
        Velocity.StateCapture = Volatility.StateCapture = Regime.StateCapture = Scoring.StateCapture = StateCapture;
    }

    /// <summary>Snapshots of the running model, taken by the stages themselves (<see cref="ModelStateCapture"/>).</summary>
    public ModelStateCapture StateCapture { get; }

    private IModelStatePart[] StateParts => [Velocity, Volatility, Regime, Scoring];

    /// <summary>The state as of now, written on the calling thread: only while no stage runs (before start, after stop).</summary>
    public ModelStateParts CaptureStopped()
    {
        var parts = StateParts;
        var bytes = new byte[parts.Length][];
        for (int i = 0; i < parts.Length; i++)
        {
            using var ms = new MemoryStream();
            using (var w = new BinaryWriter(ms)) parts[i].WriteState(w, Symbols.Count);
            bytes[i] = ms.ToArray();
        }
        return new ModelStateParts(bytes, Scoring.LatestEventMs);
    }

    /// <summary>
    /// Reads a decoded state into this model, before any slot went through it: symbols by name (added to the table
    /// when new; beyond the model's capacity, skipped). Throws <see cref="InvalidDataException"/> when the state does
    /// not fit this model; the model may then be half-written and must be thrown away.
    /// </summary>
    public void Restore(ModelStateSnapshot state)
    {
        string layout = ModelState.Layout(Options);
        if (state.Layout != layout) throw new InvalidDataException($"made with other window settings ({state.Layout}; now {layout})");
        int capacity = Velocity.Tracker.Capacity;
        var map = new int[state.Symbols.Count];
        for (int i = 0; i < map.Length; i++)
        {
            int id = Symbols.GetOrAdd(state.Symbols[i]);
            map[i] = id >= 0 && id < capacity ? id : -1;
        }
        var parts = StateParts;
        for (int i = 0; i < parts.Length; i++)
        {
            using var r = new BinaryReader(new MemoryStream(state.Parts[i], writable: false));
            try
            {
                parts[i].ReadState(r, map);
            }
            catch (EndOfStreamException)
            {
                throw new InvalidDataException($"part {i} truncated");
            }
            if (r.BaseStream.Position != r.BaseStream.Length) throw new InvalidDataException($"part {i}: {r.BaseStream.Length - r.BaseStream.Position} bytes left over");
        }
    }

    public SymbolTable Symbols { get; }
    public CascadeModelOptions Options { get; }
    /// <summary>The <see cref="CascadeModelOptions.BtcSymbol"/>'s id; -1 when the table had no room for it (no volatility then).</summary>
    public int BtcSymbolId { get; }

    public VelocityStage Velocity { get; }
    public VolatilityStage Volatility { get; }
    public RegimeStage Regime { get; }
    public ScoringStage Scoring { get; }

    /// <summary>
    /// Warm once <see cref="CascadeModelOptions.WarmupSeconds"/> of event time has passed (or a restored state was
    /// warm); until then levels above WATCH need overwhelming evidence (<see cref="WarmupOptions"/>).
    /// </summary>
    public bool IsWarm => Scoring.IsWarm;

    /// <summary>Share of the warm-up done, in [0, 1].</summary>
    public double WarmupProgress => Scoring.WarmupProgress;

    /// <summary>Replaces the scoring weights (normalized to 1); safe from another thread.</summary>
    public void UpdateWeights(ScoringWeights weights) => Scoring.Scorer.UpdateWeights(weights);

    /// <summary>Runs one slot through the four stages in order on the calling thread (replays, backtests, tests).</summary>
    public void Process(ref MarketEvent slot, long sequence = 0)
    {
        Velocity.OnEvent(ref slot, sequence, true);
        Volatility.OnEvent(ref slot, sequence, true);
        Regime.OnEvent(ref slot, sequence, true);
        Scoring.OnEvent(ref slot, sequence, true);
    }
}
