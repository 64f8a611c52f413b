using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// The spec's multi-factor scorer: six normalized components, weighted (weights normalized to 1), the
/// non-linear and exchange-correlation boosts, the volatility adjustment, the market-breadth factor, the
/// probability clamped to [0, 1], regime-adjusted thresholds, the level and the override conditions.
/// Reads the upstream annotations of a slot and writes <see cref="MarketEvent.Model"/>.Score and the level and
/// probability of <see cref="MarketEvent.Signal"/>. Allocation-free.
/// </summary>
public sealed class CascadeScorer
{
    private readonly CascadeModelOptions _o;
    private double[] _weights; // normalized, spec order; replaced whole so a reader never sees a half update

    public CascadeScorer(CascadeModelOptions options)
    {
        _o = options;
        _weights = ToArray(options.Weights.Normalize());
    }

    /// <summary>The weights in use (normalized).</summary>
    public ScoringWeights Weights
    {
        get
        {
            var w = Volatile.Read(ref _weights);
            return new ScoringWeights { Velocity = w[0], Acceleration = w[1], Volume = w[2], OiChange = w[3], Funding = w[4], Volatility = w[5] };
        }
    }

    /// <summary>Replaces the weights (normalized to sum to 1); safe to call from another thread.</summary>
    public void UpdateWeights(ScoringWeights weights) => Volatile.Write(ref _weights, ToArray(weights.Normalize()));

    /// <summary>The level thresholds in the regime: each divided by the cascade sensitivity, at most 1.</summary>
    public static double AdjustedThreshold(double threshold, double sensitivity) => Math.Min(1.0, threshold / sensitivity);

    /// <summary>Scores the slot's symbol as warm (<paramref name="warm"/>) or at the very start of its warm-up.</summary>
    internal void Score(ref MarketEvent slot, SymbolScoringState state, bool warm) => Score(ref slot, state, warm ? 1.0 : 0.0);

    /// <summary>
    /// Scores the slot's symbol from its upstream annotations and the symbol's state. Below 1,
    /// <paramref name="warmupProgress"/> (the share of the warm-up done) means the model is warming up: the level
    /// stays at most WATCH unless the evidence is overwhelming (<see cref="WarmupOptions"/>).
    /// </summary>
    internal void Score(ref MarketEvent slot, SymbolScoringState state, double warmupProgress)
    {
        ref readonly VelocitySnapshot v = ref slot.Model.Velocity;
        ref readonly VolatilitySnapshot vol = ref slot.Model.Volatility;
        ref readonly RegimeSnapshot regime = ref slot.Model.Regime;
        ref ScoreSnapshot s = ref slot.Model.Score;
        var w = Volatile.Read(ref _weights);

        // Scales: the symbol's calibration, else its baseline (shipped), else the spec's absolute numbers,
        // then the regime table's multipliers.
        double velocityScale, volumeScale, accelerationScale;
        bool relative = _o.Baseline.Enabled;
        double velocityBase = state.CalibratedVelocityScale > 0 ? state.CalibratedVelocityScale
            : relative ? Math.Max(_o.Baseline.VelocityFloor, _o.Baseline.VelocityMultiple * v.BaselineRate)
            : _o.Scales.Velocity;
        double volumeBase = state.CalibratedVolumeScale > 0 ? state.CalibratedVolumeScale
            : relative ? Math.Max(_o.Baseline.VolumeFloorUsd, _o.Baseline.VolumeMultiple * v.BaselineVolumeUsdPerSec)
            : _o.Scales.VolumeUsd;
        double velocityMultiplier = Positive(regime.VelocityMultiplier);
        velocityScale = velocityBase * velocityMultiplier;
        volumeScale = volumeBase * Positive(regime.VolumeMultiplier);
        accelerationScale = relative || state.CalibratedVelocityScale > 0
            ? velocityScale / _o.Baseline.AccelerationSeconds
            : _o.Scales.Acceleration * velocityMultiplier;

        double acceleration = _o.AccelerationAbsolute ? Math.Abs(v.Acceleration) : Math.Max(0, v.Acceleration);
        s.Velocity = Normalized(v.Velocity10s, velocityScale);
        s.Acceleration = Normalized(acceleration, accelerationScale);
        s.Volume = Normalized(v.VolumeUsdPerSec, volumeScale);
        double oiChange = state.OpenInterest.ChangeShort;
        s.OiChange = Normalized(_o.Signature.OiDeclineOnly ? -oiChange : Math.Abs(oiChange), _o.Scales.OiChange);
        s.Funding = Normalized(Math.Abs(state.FundingRate), _o.Scales.Funding);
        s.Volatility = Normalized(vol.RiskMultiplier, _o.Scales.VolRiskMultiplier);
        s.OiChange1m = state.OpenInterest.ChangeShort;
        s.OiChange5m = state.OpenInterest.ChangeLong;
        s.FundingRate = state.FundingRate;
        s.VelocityScale = velocityScale;
        s.VolumeScale = volumeScale;

        double cVelocity = s.Velocity * w[0], cAcceleration = s.Acceleration * w[1], cVolume = s.Volume * w[2];
        double cOi = s.OiChange * w[3], cFunding = s.Funding * w[4], cVolatility = s.Volatility * w[5];
        double sum = cVelocity + cAcceleration + cVolume + cOi + cFunding + cVolatility;
        s.WeightedSum = sum;
        s.Drivers = Drivers(sum, cVelocity, cAcceleration, cVolume, cOi, cFunding, cVolatility);

        var adjustments = ProbabilityAdjustments.None;
        double p = sum;
        var b = _o.Boosts;
        if (s.Acceleration > b.NonlinearAccelerationScore && s.Velocity > b.NonlinearVelocityScore)
        {
            p *= b.NonlinearFactor;
            adjustments |= ProbabilityAdjustments.Nonlinear;
        }
        if (v.ExchangeCorrelation > b.CorrelationThreshold)
        {
            p *= b.CorrelationFactor;
            adjustments |= ProbabilityAdjustments.ExchangeCorrelation;
        }
        double volatilityFactor = Math.Clamp(1 + b.VolatilityStrength * (vol.RiskMultiplier - 1), b.VolatilityMinFactor, b.VolatilityMaxFactor);
        p *= volatilityFactor;
        if (volatilityFactor > 1) adjustments |= ProbabilityAdjustments.VolatilityUp;
        else if (volatilityFactor < 1) adjustments |= ProbabilityAdjustments.VolatilityDown;

        var m = _o.Market;
        double breadthScale = Math.Max(m.BreadthFloor, m.BreadthMultiple * v.MarketBreadthBaseline);
        if (m.UniverseShare > 0 && v.MarketUniverse > 0) breadthScale = Math.Min(breadthScale, Math.Max(1.0, m.UniverseShare * v.MarketUniverse));
        double breadth = v.MarketBreadth / breadthScale;
        s.MarketScore = Math.Min(1.0, breadth);
        // Below the scale, damped by the square (a few symbols at once is still "isolated"); from the scale to
        // twice the scale, lifted linearly up to the ceiling, in proportion to the symbol's own velocity score:
        // the lift is for a symbol caught in the cascade, not for one that merely trades while it happens.
        var sig = _o.Signature;
        double events = v.Velocity60s * _o.Windows.VelocityMinuteSeconds;
        double eventsShort = v.Velocity10s * _o.Windows.VelocityShortSeconds;
        double marketSide = sig.MarketSideFloor < 1 ? sig.MarketSideImbalance(v.MarketLongShare, v.MarketCountMinute, v.MarketLongShareShort, v.MarketCountShort) : 1.0;
        double liftShare = marketSide * (sig.LiftNeedsOneSide ? sig.SideImbalance(v.LongShare, events, v.LongShareShort, eventsShort) : 1.0);
        s.MarketFactor = breadth < 1
            ? m.DampingFloor + (1 - m.DampingFloor) * breadth * breadth
            : 1 + (m.BoostCeiling - 1) * Math.Min(1.0, breadth - 1) * s.Velocity * liftShare;
        // Clamped before the market factor too: a saturated isolated burst is then damped to at most the
        // damping of its breadth, however many boosts stacked up before.
        if (p > 1) adjustments |= ProbabilityAdjustments.Clamped;
        p = Math.Min(p, 1.0) * s.MarketFactor;
        if (s.MarketFactor < 1) adjustments |= ProbabilityAdjustments.MarketDamping;
        else if (s.MarketFactor > 1) adjustments |= ProbabilityAdjustments.MarketBoost;
        // A cascade's signature, after the clamp so stacked boosts cannot hide it: one side liquidated, on several venues.
        double sideFactor = sig.SideFactor(v.LongShare, events, v.LongShareShort, eventsShort);
        if (sideFactor < 1) { p *= sideFactor; adjustments |= ProbabilityAdjustments.TwoSided; }
        double marketSideFactor = sig.MarketSideFloor + (1 - sig.MarketSideFloor) * marketSide;
        if (marketSideFactor < 1) { p *= marketSideFactor; adjustments |= ProbabilityAdjustments.MarketTwoSided; }
        double oiRise = sig.OiRiseFactor(oiChange);
        if (oiRise < 1) { p *= oiRise; adjustments |= ProbabilityAdjustments.OiRising; }
        double oiFall = sig.OiFallFactor(oiChange, s.Velocity);
        if (oiFall > 1) { p *= oiFall; adjustments |= ProbabilityAdjustments.OiFalling; }
        if (sig.SingleVenueFactor < 1 && v.Venues10s == 1 && v.MarketVenues >= 2
            && v.Velocity10s * _o.Windows.VelocityShortSeconds >= sig.SingleVenueMinEvents - 1e-9)
        {
            p *= sig.SingleVenueFactor;
            adjustments |= ProbabilityAdjustments.SingleVenue;
        }
        // Order-book depth (Model:Depth:ScoreInput): a cascade drains the book near the touch, a volatility shock does not.
        s.DepthFactor = 1;
        if (_o.Depth.ScoreInput && s.DepthDrain >= 0)
        {
            s.DepthFactor = _o.Depth.Factor(s.DepthDrain);
            p *= s.DepthFactor;
        }
        if (p > 1) adjustments |= ProbabilityAdjustments.Clamped;
        p = Math.Clamp(p, 0.0, 1.0);
        s.Adjustments = adjustments;

        double sensitivity = Positive(regime.CascadeSensitivity);
        var level = LevelFor(p, sensitivity, state.Thresholds);
        var reason = LevelOverride.None;
        var ov = _o.Overrides;
        bool overridable = p >= ov.MinProbability;
        if (overridable && v.Velocity10s > ov.ExtremeVelocity && v.Acceleration > ov.ExtremeAcceleration)
        {
            if (level < SignalLevel.Extreme) { level = SignalLevel.Extreme; reason = LevelOverride.ExtremeVelocity; }
        }
        else if (overridable && v.Velocity10s > ov.CriticalVelocity && v.Acceleration > ov.CriticalAcceleration && level < SignalLevel.Critical)
        {
            level = SignalLevel.Critical;
            reason = LevelOverride.CriticalVelocity;
        }
        bool warm = warmupProgress >= 1;
        bool evidence = warm || OverwhelmingEvidence(in v, warmupProgress, oiChange);
        if (!evidence && level > SignalLevel.Watch)
        {
            level = SignalLevel.Watch;
            reason = LevelOverride.WarmupCap;
        }
        s.Override = reason;
        s.Warm = warm;
        s.WarmupProgress = warm ? 1.0 : Math.Max(0, warmupProgress);
        s.WarmupEvidence = evidence;
        slot.Signal.Level = level;
        slot.Signal.Probability = p;
    }

    /// <summary>
    /// Evidence that needs no baseline history to be believed: the symbol at many times its (prior-backed) baseline
    /// rate with enough liquidations to count, several symbols bursting at once, and several venues liquidating.
    /// </summary>
    private bool OverwhelmingEvidence(in VelocitySnapshot v, double progress, double oiChange)
    {
        var w = _o.Warmup;
        double events = v.Velocity10s * _o.Windows.VelocityShortSeconds;
        if (v.MarketBreadth < Math.Min(w.MinSymbols, Math.Max(3, v.MarketUniverse)) || v.MarketVenues < w.MinVenues) return false;
        if (events >= w.MinEventsAt(progress) - 1e-9 && v.Velocity10s >= w.MultipleAt(progress) * v.BaselineRate) return true;
        // Positions closing: open interest falling is evidence that needs no baseline history.
        return w.OiFallEvidence > 0 && oiChange <= -w.OiFallEvidence && events >= w.FinalMinEvents - 1e-9;
    }

    /// <summary>The level a probability reaches under the regime's cascade sensitivity.</summary>
    public SignalLevel LevelFor(double probability, double sensitivity) => LevelFor(probability, sensitivity, null);

    /// <summary>The level a probability reaches under the regime's cascade sensitivity with a symbol's own thresholds (null = the model's).</summary>
    public SignalLevel LevelFor(double probability, double sensitivity, SignalThresholds? thresholds)
    {
        var t = thresholds ?? _o.Thresholds;
        if (probability >= AdjustedThreshold(t.Extreme, sensitivity)) return SignalLevel.Extreme;
        if (probability >= AdjustedThreshold(t.Critical, sensitivity)) return SignalLevel.Critical;
        if (probability >= AdjustedThreshold(t.Alert, sensitivity)) return SignalLevel.Alert;
        if (probability >= AdjustedThreshold(t.Watch, sensitivity)) return SignalLevel.Watch;
        return SignalLevel.None;
    }

    /// <summary>The spec's normalization: <c>min(1, value / scale)</c>, 0 for a non-finite value.</summary>
    public static double Normalized(double value, double scale) =>
        double.IsFinite(value) && value > 0 ? Math.Min(1.0, value / scale) : 0.0;

    private ScoreComponents Drivers(double sum, double vel, double acc, double vol, double oi, double funding, double volatility)
    {
        if (sum <= 0) return ScoreComponents.None;
        double min = _o.DriverMinShare * sum;
        var d = ScoreComponents.None;
        if (vel > 0 && vel >= min) d |= ScoreComponents.Velocity;
        if (acc > 0 && acc >= min) d |= ScoreComponents.Acceleration;
        if (vol > 0 && vol >= min) d |= ScoreComponents.Volume;
        if (oi > 0 && oi >= min) d |= ScoreComponents.OiChange;
        if (funding > 0 && funding >= min) d |= ScoreComponents.Funding;
        if (volatility > 0 && volatility >= min) d |= ScoreComponents.Volatility;
        return d;
    }

    // Before the regime stage has run (or in a hand-built slot) the multipliers are 0: treat them as NORMAL's 1.
    private static double Positive(double multiplier) => multiplier > 0 ? multiplier : 1.0;

    private static double[] ToArray(ScoringWeights w) => [w.Velocity, w.Acceleration, w.Volume, w.OiChange, w.Funding, w.Volatility];
}
