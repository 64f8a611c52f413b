using System.CommandLine;
using LowLatencyCascade.Feeds.Simulation;

namespace LowLatencyCascade.Cli.Commands;

/// <summary><c>cascade generate &lt;folder&gt;</c>: a synthetic market with labelled cascade episodes, in the three venues' raw formats.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "Where to write the capture files and labels.jsonl." };
        var seed = new Option<int>("--seed") { Description = "Random seed (same seed, same bytes).", DefaultValueFactory = _ => 1 };
        var minutes = new Option<double>("--minutes") { Description = "Minutes of market to generate.", DefaultValueFactory = _ => 10 };
        var episodes = new Option<int>("--episodes") { Description = "Cascade episodes.", DefaultValueFactory = _ => 3 };
        var quiet = new Option<double>("--quiet-minutes") { Description = "Minutes at the start with no episode (episodes are spread over the rest): e.g. 5 puts the first cascade about five minutes in.", DefaultValueFactory = _ => 0 };
        var hard = new Option<bool>("--hard") { Description = "A hard market: weak cascades, busy baselines, isolated one-coin bursts that are not cascades." };
        var command = new Command("generate", "Write a synthetic, labelled market (Hawkes-type liquidations with cascades across venues) as captures.")
        {
            folder, seed, minutes, episodes, hard, quiet,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(token =>
        {
            double m = parse.GetValue(minutes);
            if (m <= 0) throw new Configuration.ConfigurationErrorException([$"--minutes: must be positive (was {m})"]);
            double q = parse.GetValue(quiet);
            if (!(q >= 0 && q < m)) throw new Configuration.ConfigurationErrorException([$"--quiet-minutes: must be >= 0 and below --minutes (was {q})"]);
            var dir = parse.GetValue(folder)!;
            dir.Create();
            var result = ScenarioGenerator.GenerateToDirectory(dir.FullName, new ScenarioOptions
            {
                Seed = parse.GetValue(seed),
                Duration = TimeSpan.FromMinutes(m),
                CascadeEpisodes = parse.GetValue(episodes),
                QuietStart = TimeSpan.FromMinutes(q),
                Difficulty = parse.GetValue(hard) ? ScenarioDifficulty.Hard : ScenarioDifficulty.Normal,
            });
            Console.WriteLine($"generated {result.Frames:N0} frames in {result.CaptureFiles.Count} files, {result.Labels.Count} labelled episodes ({result.LabelFile})");
            foreach (var f in result.CaptureFiles) Console.WriteLine($"  {f}");
            return Task.FromResult(ExitCodes.Success);
        }, ct));
        return command;
    }
}
