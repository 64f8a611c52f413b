using System.CommandLine;
using System.Globalization;
using LowLatencyCascade.Hosting.Configuration;
using LowLatencyCascade.Feeds.Simulation;

namespace LowLatencyCascade.Cli.Commands;

/// <summary>
/// The options that describe generated markets, shared by <c>generate</c> and <c>backtest --count</c>: seed (the
/// first of <c>--count</c> consecutive seeds), length, episodes, quiet start, hard, varied.
/// </summary>
internal sealed class MarketOptions(int defaultCount)
{
    public Option<int> Seed { get; } = new("--seed") { Description = "Random seed (same seed, same bytes); with --count, the first of consecutive seeds.", DefaultValueFactory = _ => 1 };
    public Option<double> Minutes { get; } = new("--minutes") { Description = "Minutes of market to generate.", DefaultValueFactory = _ => 10 };
    public Option<int> Episodes { get; } = new("--episodes") { Description = "Cascade episodes.", DefaultValueFactory = _ => 3 };
    public Option<double> Quiet { get; } = new("--quiet-minutes") { Description = "Minutes at the start with no episode (episodes are spread over the rest): e.g. 5 puts the first cascade about five minutes in.", DefaultValueFactory = _ => 0 };
    public Option<bool> Hard { get; } = new("--hard") { Description = "A hard market: weak cascades, busy baselines, isolated one-coin bursts that are not cascades." };
    public Option<bool> NoDepth { get; } = new("--no-depth") { Description = "No order books (the markets as generated before books were added, byte for byte); by default each venue's shallow book is emitted every second on its depth channel, thinning in cascades and not in volatility shocks." };
    public Option<bool> Varied { get; } = new("--varied") { Description = "A varied market per seed: quiet or busy day, per-symbol rates, venue shares, cascades of varying breadth and strength, volatility shocks without liquidations and one-coin bursts as decoys (labelled is_cascade=false)." };
    public Option<int> Count { get; } = new("--count") { Description = "How many markets (seeds --seed, --seed+1, ...).", DefaultValueFactory = _ => defaultCount };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Seed, Minutes, Episodes, Hard, Quiet, Varied, NoDepth, Count }) command.Add(o);
    }

    /// <summary>One scenario per seed; a bad value is a usage error naming its option.</summary>
    public IReadOnlyList<ScenarioOptions> Scenarios(ParseResult parse)
    {
        double m = parse.GetValue(Minutes);
        double q = parse.GetValue(Quiet);
        int count = parse.GetValue(Count);
        var errors = new List<string>();
        if (!(m > 0)) errors.Add(string.Create(CultureInfo.InvariantCulture, $"--minutes: must be positive (was {m})"));
        if (!(q >= 0 && q < m)) errors.Add(string.Create(CultureInfo.InvariantCulture, $"--quiet-minutes: must be >= 0 and below --minutes (was {q})"));
        if (count < 1 || count > 1000) errors.Add($"--count: must be 1 to 1000 (was {count})");
        if (errors.Count > 0) throw new ConfigurationErrorException(errors);
        int seed = parse.GetValue(Seed);
        return [.. Enumerable.Range(0, count).Select(i => new ScenarioOptions
        {
            Seed = seed + i,
            Duration = TimeSpan.FromMinutes(m),
            CascadeEpisodes = parse.GetValue(Episodes),
            QuietStart = TimeSpan.FromMinutes(q),
            Difficulty = parse.GetValue(Hard) ? ScenarioDifficulty.Hard : ScenarioDifficulty.Normal,
            Varied = parse.GetValue(Varied),
            Depth = !parse.GetValue(NoDepth),
        })];
    }

    /// <summary>The folder of one of several markets: <c>seed-&lt;n&gt;</c> under the given folder.</summary>
    public static string FolderOf(string root, ScenarioOptions scenario) => Path.Combine(root, $"seed-{scenario.Seed.ToString(CultureInfo.InvariantCulture)}");
}
