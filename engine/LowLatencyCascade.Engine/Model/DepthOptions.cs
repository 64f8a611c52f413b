namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// <c>Model:Depth</c>: what the model does with the venues' shallow books (<see cref="Events.EventKind.Depth"/>).
/// <see cref="ScoreInput"/> switches the depth-drain factor in the score; <see cref="Liquidity"/> switches the
/// liquidity regime from BTC's book depth (with the spread) instead of BTC's trade volume. Both need books: a capture
/// without them scores as before whatever the switches say.
/// </summary>
public sealed class DepthOptions
{
    /// <summary>
    /// <c>Model:Depth:ScoreInput</c>: multiply the probability by the depth-drain factor (a drained book near the touch
    /// lifts it up to <see cref="DrainedFactor"/>, a book as deep as usual damps it to <see cref="FullBookFactor"/>).
    /// Off by default: the backtest on unseen markets decides (README model notes, "Order-book depth").
    /// </summary>
    public bool ScoreInput { get; set; }

    /// <summary><c>Model:Depth:Liquidity</c>: the liquidity regime reads BTC's book depth against its baseline (where books arrive) instead of trade volume.</summary>
    public bool Liquidity { get; set; } = true;

    /// <summary>Time constant of the current near-touch depth (seconds): a few books, so one book's noise does not count.</summary>
    public double FastSeconds { get; set; } = 10;

    /// <summary>Time constant of the near-touch depth's own baseline (seconds).</summary>
    public double BaselineSeconds { get; set; } = 600;

    /// <summary>Seconds of books a symbol needs before its drain is trusted (0 drain before).</summary>
    public double MinHistorySeconds { get; set; } = 60;

    /// <summary>The drain (1 - current / baseline) at which the factor reaches <see cref="DrainedFactor"/>.</summary>
    public double DrainScale { get; set; } = 0.5;

    /// <summary>Drain below which the book counts as full (factor <see cref="FullBookFactor"/>).</summary>
    public double FullBookDrain { get; set; } = 0.1;

    /// <summary>Probability factor when the book near the touch is as deep as usual (a move without a drain: a volatility shock).</summary>
    public double FullBookFactor { get; set; } = 0.8;

    /// <summary>Probability factor when the near-touch depth has drained by <see cref="DrainScale"/> or more.</summary>
    public double DrainedFactor { get; set; } = 1.25;

    /// <summary>Book depth ratio (within 50 bps, against its baseline) at or above which books are "deep" (the spec's high volume).</summary>
    public double DeepRatio { get; set; } = 1.5;

    /// <summary>Depth ratio below which books are "thin" (the spec's low volume).</summary>
    public double ThinRatio { get; set; } = 0.5;

    /// <summary>Depth ratio below which books are "very thin" (the spec's very low volume).</summary>
    public double VeryThinRatio { get; set; } = 0.25;

    internal void Validate(List<string> e)
    {
        if (!(FastSeconds > 0 && FastSeconds <= BaselineSeconds)) e.Add($"Depth:FastSeconds: must be > 0 and <= BaselineSeconds (was {FastSeconds})");
        if (!(BaselineSeconds > 0 && BaselineSeconds <= 86_400)) e.Add($"Depth:BaselineSeconds: must be > 0 and <= 86400 (was {BaselineSeconds})");
        if (!(MinHistorySeconds >= 0)) e.Add($"Depth:MinHistorySeconds: must be >= 0 (was {MinHistorySeconds})");
        if (!(DrainScale > 0 && DrainScale <= 1)) e.Add($"Depth:DrainScale: must be > 0 and <= 1 (was {DrainScale})");
        if (!(FullBookDrain >= 0 && FullBookDrain < DrainScale)) e.Add($"Depth:FullBookDrain: must be >= 0 and below DrainScale (was {FullBookDrain})");
        if (!(FullBookFactor > 0 && FullBookFactor <= 1)) e.Add($"Depth:FullBookFactor: must be > 0 and <= 1 (was {FullBookFactor})");
        if (!(DrainedFactor >= 1 && DrainedFactor <= 10)) e.Add($"Depth:DrainedFactor: must be >= 1 and <= 10 (was {DrainedFactor})");
        if (!(VeryThinRatio > 0 && VeryThinRatio <= ThinRatio && ThinRatio <= DeepRatio))
            e.Add($"Depth: ratios must be ordered 0 < VeryThinRatio <= ThinRatio <= DeepRatio (was {VeryThinRatio}, {ThinRatio}, {DeepRatio})");
    }

    /// <summary>The score factor for a drain: <see cref="FullBookFactor"/> up to <see cref="FullBookDrain"/>, then rising linearly to <see cref="DrainedFactor"/> at <see cref="DrainScale"/>.</summary>
    public double Factor(double drain)
    {
        if (!(drain > FullBookDrain)) return FullBookFactor;
        double x = Math.Min(1, (drain - FullBookDrain) / (DrainScale - FullBookDrain));
        return FullBookFactor + (DrainedFactor - FullBookFactor) * x;
    }
}
