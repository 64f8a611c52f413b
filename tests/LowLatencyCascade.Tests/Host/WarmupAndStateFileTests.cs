using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using LowLatencyCascade.Cli;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Signals;
using LowLatencyCascade.Feeds.Simulation;
using Xunit;

namespace LowLatencyCascade.Tests.Host;

/// <summary>
/// Restart without blindness, through the CLI: a cascade during the warm-up is detected, a quiet warm-up stays at
/// WATCH at most, a run restarted mid-cascade from its state file signals what an uninterrupted run does, and a
/// corrupt, foreign, stale or too-new state file is reported in one line and ignored.
/// </summary>
public sealed class WarmupAndStateFileTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"cascade-warm-{Environment.ProcessId}-{Guid.NewGuid():N}");

    public WarmupAndStateFileTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private string Generate(string name, ScenarioOptions options) =>
        Path.GetDirectoryName(ScenarioGenerator.GenerateToDirectory(Path.Combine(_dir, name), options).CaptureFiles[0])!;

    private async Task<List<CascadeSignal>> ReplayAsync(string capture, string name, params string[] extra)
    {
        string output = Path.Combine(_dir, name + ".jsonl");
        Assert.Equal(ExitCodes.Success, await Program.Main(["replay", capture, "--quiet", "--signals-out", output, .. extra]));
        return File.ReadLines(output).Select(l => CascadeSignal.Parse(Encoding.UTF8.GetBytes(l))).ToList();
    }

    [Fact]
    public async Task A_cascade_five_minutes_after_start_reaches_ALERT_while_the_model_is_still_warming_up()
    {
        var scenario = ScenarioGenerator.GenerateToDirectory(Path.Combine(_dir, "late"), new ScenarioOptions
        {
            Seed = 3, Duration = TimeSpan.FromMinutes(8), QuietStart = TimeSpan.FromMinutes(5), CascadeEpisodes = 1,
        });
        long startMs = new ScenarioOptions().Start.ToUnixTimeMilliseconds();
        var cascades = scenario.Labels.Where(l => l.IsCascade).ToList();
        Assert.All(cascades, l => Assert.InRange(l.StartMs - startMs, 5 * 60_000, 600_000)); // inside the shipped 600 s warm-up
        var signals = await ReplayAsync(Path.GetDirectoryName(scenario.CaptureFiles[0])!, "late");
        foreach (var label in cascades)
        {
            var during = signals.Where(s => s.Symbol == label.Symbol && s.TimestampMs >= label.StartMs && s.TimestampMs <= label.EndMs).ToList();
            Assert.Contains(during, s => s.Level >= SignalLevel.Alert);
            Assert.All(during, s => Assert.False(s.Warm));
            Assert.All(during, s => Assert.InRange(s.WarmupProgress, 0.5, 0.999));
        }
    }

    [Fact]
    public async Task A_quiet_warm_up_with_only_weak_evidence_stays_at_WATCH_or_below()
    {
        // A busy (hard) market without cascades: its self-exciting clusters are weak evidence, several symbols at a time.
        string capture = Generate("quiet", new ScenarioOptions
        {
            Seed = 5, Duration = TimeSpan.FromMinutes(8), CascadeEpisodes = 0, Difficulty = ScenarioDifficulty.Hard,
        });
        var signals = await ReplayAsync(capture, "quiet");
        Assert.NotEmpty(signals);
        Assert.All(signals, s => Assert.False(s.Warm));
        Assert.All(signals, s => Assert.True(s.Level <= SignalLevel.Watch, $"{s.Symbol} at {s.Level} during a quiet warm-up"));
        // The same market once warm (no warm-up): the probabilities alone would have gone higher somewhere, so the
        // warm-up's evidence rule is what kept it at WATCH.
        var warm = await ReplayAsync(capture, "quiet-warm", "--config", WriteConfig("nowarmup", "{\"Model\":{\"WarmupSeconds\":0}}"));
        Assert.All(warm, s => Assert.True(s.Warm));
        Assert.Contains(warm, s => s.Level >= SignalLevel.Alert);
    }

    [Fact]
    public async Task A_run_restarted_mid_cascade_from_its_state_file_signals_what_an_uninterrupted_run_does()
    {
        var scenario = ScenarioGenerator.GenerateToDirectory(Path.Combine(_dir, "full"), new ScenarioOptions
        {
            Seed = 7, Duration = TimeSpan.FromMinutes(6), QuietStart = TimeSpan.FromMinutes(1), CascadeEpisodes = 2,
        });
        string full = Path.GetDirectoryName(scenario.CaptureFiles[0])!;
        var btc = scenario.Labels.First(l => l.IsCascade && l.Symbol == "BTCUSDT");
        long cut = btc.PeakMs; // stop at the first cascade's peak
        var (before, after) = Split(full, cut, gapMs: 0, "before", "after");
        string state = Path.Combine(_dir, "model.state");

        var uninterrupted = await ReplayAsync(full, "uninterrupted");
        var first = await CascadeProcess.RunAsync(Timeout, "replay", before, "--quiet", "--state-file", state);
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("none yet", first.Stderr);
        Assert.True(File.Exists(state));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp-*"));

        string restartedOut = Path.Combine(_dir, "restarted.jsonl");
        var second = await CascadeProcess.RunAsync(Timeout, "replay", after, "--quiet", "--state-file", state, "--signals-out", restartedOut);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("restored", second.Stderr);
        var restarted = File.ReadLines(restartedOut).Select(l => CascadeSignal.Parse(Encoding.UTF8.GetBytes(l))).ToList();

        long from = cut + 5_000; // after the first few seconds
        var expected = Levels(uninterrupted.Where(s => s.TimestampMs >= from));
        var actual = Levels(restarted.Where(s => s.TimestampMs >= from));
        Assert.Contains(expected, s => s.Level >= SignalLevel.Alert); // the cascade is still on after the restart
        Assert.Equal(expected, actual);

        // Without the state the restart is a different, colder run: the comparison above can fail.
        var cold = await ReplayAsync(after, "cold");
        Assert.NotEqual(expected, Levels(cold.Where(s => s.TimestampMs >= from)));
    }

    [Fact]
    public async Task A_corrupt_foreign_stale_or_too_new_state_file_is_reported_in_one_line_and_ignored()
    {
        var scenario = ScenarioGenerator.GenerateToDirectory(Path.Combine(_dir, "full"), new ScenarioOptions
        {
            Seed = 9, Duration = TimeSpan.FromMinutes(3), CascadeEpisodes = 1,
        });
        string full = Path.GetDirectoryName(scenario.CaptureFiles[0])!;
        long cut = new ScenarioOptions().Start.ToUnixTimeMilliseconds() + 90_000;
        var (before, after) = Split(full, cut, gapMs: 0, "before", "after");
        var (_, late) = Split(full, cut, gapMs: 40_000, "before2", "late");
        string good = Path.Combine(_dir, "good.state");
        Assert.Equal(0, (await CascadeProcess.RunAsync(Timeout, "replay", before, "--quiet", "--state-file", good)).ExitCode);
        byte[] bytes = File.ReadAllBytes(good);
        var cold = Levels(await ReplayAsync(after, "cold"));

        string garbage = WriteState("garbage", Encoding.UTF8.GetBytes("{\"not\":\"a state\"}"));
        string truncated = WriteState("truncated", bytes[..(bytes.Length / 2)]);
        var flipped = (byte[])bytes.Clone();
        flipped[bytes.Length / 2] ^= 0x55;
        string corrupt = WriteState("corrupt", flipped);
        var otherVersion = (byte[])bytes.Clone();
        BitConverter.GetBytes(99).CopyTo(otherVersion, 8);
        SHA256.HashData(otherVersion.AsSpan(0, otherVersion.Length - 32)).CopyTo(otherVersion, otherVersion.Length - 32);
        string version = WriteState("version", otherVersion);

        foreach (var (file, why) in new[] { (garbage, "not a model state file"), (truncated, "checksum"), (corrupt, "checksum"), (version, "version 99") })
        {
            string output = Path.Combine(_dir, Path.GetFileName(file) + ".jsonl");
            var run = await CascadeProcess.RunAsync(Timeout, "replay", after, "--quiet", "--state-file", file, "--signals-out", output);
            Assert.Equal(0, run.ExitCode);
            var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains("state file")).ToList();
            Assert.Single(lines);
            Assert.Contains("ignored", lines[0]);
            Assert.Contains(why, lines[0]);
            // Ignored whole: the run is exactly a cold one.
            Assert.Equal(cold, Levels(File.ReadLines(output).Select(l => CascadeSignal.Parse(Encoding.UTF8.GetBytes(l)))));
        }

        // Stale: the capture starts 40 s after the state's last event, more than Model:StateMaxAgeSeconds allows.
        string staleCopy = WriteState("stale", bytes);
        var stale = await CascadeProcess.RunAsync(Timeout, "replay", late, "--quiet", "--state-file", staleCopy,
            "--config", WriteConfig("maxage", "{\"Model\":{\"StateMaxAgeSeconds\":10}}"));
        Assert.Equal(0, stale.ExitCode);
        Assert.Contains("ignored, stale", stale.Stderr);
        // The same file is young enough with the default maximum age.
        var young = await CascadeProcess.RunAsync(Timeout, "replay", late, "--quiet", "--state-file", WriteState("young", bytes));
        Assert.Contains("restored", young.Stderr);

        // Too new: replaying the capture from its start with a state saved at its middle.
        var tooNew = await CascadeProcess.RunAsync(Timeout, "replay", full, "--quiet", "--state-file", WriteState("new", bytes));
        Assert.Equal(0, tooNew.ExitCode);
        Assert.Contains("newer than the data", tooNew.Stderr);
    }

    [Fact]
    public async Task A_running_pipeline_saves_its_state_periodically_without_stopping()
    {
        string capture = Generate("paced", new ScenarioOptions { Seed = 11, Duration = TimeSpan.FromMinutes(6), CascadeEpisodes = 1 });
        string state = Path.Combine(_dir, "periodic.state");
        // Six minutes at 2x real time: three minutes of replay, saving every second (wall clock) while it runs.
        using var run = CascadeProcess.Start("replay", capture, "--quiet", "--speed", "2", "--state-file", state,
            "--config", WriteConfig("periodic", "{\"Model\":{\"StateSaveIntervalSeconds\":1}}"));
        await Eventually.HoldsAsync(() => File.Exists(state), Timeout, "a state file written while the replay runs");
        var first = LowLatencyCascade.Engine.Model.ModelState.Decode(File.ReadAllBytes(state));
        await Eventually.HoldsAsync(() => LowLatencyCascade.Engine.Model.ModelState.Decode(ReadShared(state)).LastEventMs > first.LastEventMs,
            Timeout, "a later snapshot replacing it");
        Assert.False(run.HasExited, "the snapshots came from the running pipeline, not from its stop");
        Assert.NotEmpty(first.Symbols);
    }

    private static byte[] ReadShared(string path)
    {
        // The rename replaces the file whole: a read sees the old or the new one.
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var ms = new MemoryStream();
        f.CopyTo(ms);
        return ms.ToArray();
    }

    private string WriteState(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name + ".state");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string WriteConfig(string name, string json)
    {
        string path = Path.Combine(_dir, name + ".json");
        File.WriteAllText(path, json);
        return path;
    }

    private static List<(string Symbol, long TimestampMs, SignalLevel Level)> Levels(IEnumerable<CascadeSignal> signals) =>
        signals.Select(s => (s.Symbol, s.TimestampMs, s.Level)).ToList();

    /// <summary>Splits each capture file at <paramref name="cutMs"/> (receive time): lines before into one folder, lines from cut + gap into another.</summary>
    private (string Before, string After) Split(string capture, long cutMs, long gapMs, string beforeName, string afterName)
    {
        string before = Path.Combine(_dir, beforeName), after = Path.Combine(_dir, afterName);
        Directory.CreateDirectory(before);
        Directory.CreateDirectory(after);
        foreach (var file in Directory.GetFiles(capture, "*.ndjson.gz"))
        {
            using var reader = new StreamReader(new GZipStream(File.OpenRead(file), CompressionMode.Decompress));
            using var a = new StreamWriter(new GZipStream(File.Create(Path.Combine(before, Path.GetFileName(file))), CompressionLevel.Fastest));
            using var b = new StreamWriter(new GZipStream(File.Create(Path.Combine(after, Path.GetFileName(file))), CompressionLevel.Fastest));
            while (reader.ReadLine() is { } line)
            {
                long ms = DateTimeOffset.Parse(line[..line.IndexOf(' ')], System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
                if (ms < cutMs) a.WriteLine(line);
                else if (ms >= cutMs + gapMs) b.WriteLine(line);
            }
        }
        return (before, after);
    }
}
