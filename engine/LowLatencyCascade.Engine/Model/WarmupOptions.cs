namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// What the model asks of the evidence while it is warming up (<see cref="CascadeModelOptions.WarmupSeconds"/> of
/// event time since its first event, without a restored state). The level is the one the probability gives, but
/// above WATCH only when the evidence is overwhelming: the symbol's short-window rate at least
/// <see cref="EvidenceMultiple"/> times its (prior-backed) baseline with at least <see cref="MinEvents"/>
/// liquidations in the window, at least <see cref="MinSymbols"/> symbols bursting at once (the market breadth),
/// and liquidations on at least <see cref="MinVenues"/> venues in the market's short window. Weaker evidence is
/// held at WATCH, as before. Signals say <c>"warm":false</c> and the warm-up's progress in <c>meta</c>.
/// </summary>
public sealed class WarmupOptions
{
    public double EvidenceMultiple { get; set; } = 10;
    public int MinEvents { get; set; } = 8;
    /// <summary>Symbols bursting at once; a market that has shown fewer symbols liquidated needs all of them (and at least 3).</summary>
    public int MinSymbols { get; set; } = 5;
    public int MinVenues { get; set; } = 2;

    /// <summary>
    /// The rate multiple and the events asked for at the warm-up's end: the bar falls with the square of the progress from
    /// <see cref="EvidenceMultiple"/> and <see cref="MinEvents"/> at its start to these at its end, as the baselines
    /// become the model's own (the priors fade over the same time). Equal to the start values: a flat bar.
    /// </summary>
    public double FinalEvidenceMultiple { get; set; } = 10;
    public int FinalMinEvents { get; set; } = 8;

    /// <summary>
    /// Open interest as evidence that needs no baseline: a symbol whose 1-minute open-interest change is at most
    /// −<see cref="OiFallEvidence"/> (positions closing) with at least <see cref="FinalMinEvents"/> liquidations in the
    /// short window, in a market as broad (<see cref="MinSymbols"/>) and on as many venues (<see cref="MinVenues"/>) as
    /// the rate rule asks, is believed without the rate multiple. 0 = off. A feed without open interest never meets it.
    /// </summary>
    public double OiFallEvidence { get; set; }

    /// <summary>The multiple asked for at <paramref name="progress"/> (0 to 1) of the warm-up.</summary>
    public double MultipleAt(double progress) => EvidenceMultiple + (FinalEvidenceMultiple - EvidenceMultiple) * Eased(progress);

    /// <summary>The events asked for at <paramref name="progress"/> of the warm-up.</summary>
    public double MinEventsAt(double progress) => MinEvents + (FinalMinEvents - MinEvents) * Eased(progress);

    // The square of the progress: the bar stays near its start while the priors still weigh, and falls late.
    private static double Eased(double progress) => Math.Clamp(progress, 0, 1) * Math.Clamp(progress, 0, 1);
}
