using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Stages;

namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// The signal model for one symbol table: per-symbol state preallocated for the table's capacity, split into
/// the four ring stages. Velocity and volatility may run in parallel on different threads (each owns its
/// state and writes only its own annotations); regime runs after both; scoring after regime.
/// </summary>
public sealed class CascadeModel
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
        Velocity = new VelocityStage(new VelocityTracker(capacity, options));
        Volatility = new VolatilityStage(new VolatilityEngine(options), BtcSymbolId, capacity);
        Regime = new RegimeStage(new MarketRegimeDetector(options), BtcSymbolId, capacity);
        Scoring = new ScoringStage(new CascadeScorer(options), symbols, capacity, options, calibration);
    }

    public SymbolTable Symbols { get; }
    public CascadeModelOptions Options { get; }
    /// <summary>The <see cref="CascadeModelOptions.BtcSymbol"/>'s id; -1 when the table had no room for it (no volatility then).</summary>
    public int BtcSymbolId { get; }

    public VelocityStage Velocity { get; }
    public VolatilityStage Volatility { get; }
    public RegimeStage Regime { get; }
    public ScoringStage Scoring { get; }

    /// <summary>Warm once <see cref="CascadeModelOptions.WarmupSeconds"/> of event time has passed; until then levels are capped at WATCH.</summary>
    public bool IsWarm => Scoring.IsWarm;

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
