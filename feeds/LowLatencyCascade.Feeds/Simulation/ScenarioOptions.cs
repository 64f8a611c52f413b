namespace LowLatencyCascade.Feeds.Simulation;

/// <summary>What to simulate. Everything random is drawn from <see cref="Seed"/>: the same options give the same bytes.</summary>
public sealed record ScenarioOptions
{
    public int Seed { get; init; } = 1;

    /// <summary>Event time of the first step (exchange clock; local receive times add a few ms of network delay).</summary>
    public DateTimeOffset Start { get; init; } = new(2025, 1, 27, 16, 0, 0, TimeSpan.Zero);

    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(5);

    public IReadOnlyList<ScenarioSymbol> Symbols { get; init; } = ScenarioSymbol.Defaults;

    /// <summary>
    /// A quiet spell at the start with no episode (a model's warm-up, and a baseline to measure against):
    /// episodes are spread over the rest of the duration.
    /// </summary>
    public TimeSpan QuietStart { get; init; } = TimeSpan.Zero;

    /// <summary>Market-wide cascade episodes, spread over the duration after <see cref="QuietStart"/> (each needs about two minutes).</summary>
    public int CascadeEpisodes { get; init; } = 2;

    public ScenarioDifficulty Difficulty { get; init; } = ScenarioDifficulty.Normal;

    /// <summary>
    /// A more varied market (<c>generate --varied</c>), drawn per seed: a quiet or busy day, per-symbol baseline
    /// rates, venue shares, cascades of varying breadth and strength, and decoys in every quiet gap: market-wide
    /// volatility shocks without a cascade's liquidations and isolated one-coin bursts (labelled
    /// <c>is_cascade=false</c>). Off: the plain market the demo and the older figures use, byte for byte.
    /// </summary>
    public bool Varied { get; init; }

    /// <summary>
    /// Shallow order books on each venue's depth channel (<see cref="SimulatedDepth"/>: thinning in cascades, not in
    /// volatility shocks). Off (<c>generate --no-depth</c>): the markets as they were before books, byte for byte.
    /// </summary>
    public bool Depth { get; init; } = true;
}
