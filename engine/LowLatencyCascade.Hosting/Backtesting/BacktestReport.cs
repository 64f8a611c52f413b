using LowLatencyCascade.Feeds.Simulation;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Hosting.Backtesting;

/// <summary>How one labelled episode fared: the highest level reached inside its window and when detection came.</summary>
public sealed record EpisodeOutcome(CascadeLabel Label, SignalLevel MaxLevel, long? FirstDetectionMs)
{
    public bool Detected => FirstDetectionMs is not null;

    /// <summary>Peak minus first detection, in ms: positive = warned ahead of the peak.</summary>
    public long? LeadTimeMs => FirstDetectionMs is long t ? Label.PeakMs - t : null;
}

/// <summary>
/// One row of the confusion table: at threshold <see cref="Level"/>, signal episodes (maximal per-symbol runs
/// of signals at or above the level) that fell inside a labelled cascade or not, and cascades reached or missed.
/// </summary>
public sealed record LevelConfusion(SignalLevel Level, int SignalEpisodesInCascade, int SignalEpisodesOutside, int CascadesReached, int CascadesMissed)
{
    public double Precision => Ratio(SignalEpisodesInCascade, SignalEpisodesInCascade + SignalEpisodesOutside);
    public double Recall => Ratio(CascadesReached, CascadesReached + CascadesMissed);
    public double FalsePositiveRate => Ratio(SignalEpisodesOutside, SignalEpisodesInCascade + SignalEpisodesOutside);

    internal static double Ratio(int a, int b) => b == 0 ? 0 : (double)a / b;
}

/// <summary>The backtest's result, printable and as JSON.</summary>
public sealed record BacktestReport(
    IReadOnlyList<EpisodeOutcome> Cascades,
    IReadOnlyList<EpisodeOutcome> NonCascadeBursts,
    IReadOnlyList<LevelConfusion> ConfusionByLevel,
    SignalLevel DetectionLevel,
    int Signals)
{
    public int CascadeCount => Cascades.Count;
    public int DetectedCount => Cascades.Count(c => c.Detected);
    public double DetectionRate => LevelConfusion.Ratio(DetectedCount, CascadeCount);

    /// <summary>Alert episodes (runs at or above the detection level) that overlap no labelled cascade, over all of them.</summary>
    public double FalsePositiveRate => Row(DetectionLevel).FalsePositiveRate;
    public int FalsePositiveEpisodes => Row(DetectionLevel).SignalEpisodesOutside;
    public int SignalEpisodes => Row(DetectionLevel).SignalEpisodesInCascade + Row(DetectionLevel).SignalEpisodesOutside;
    public int BurstsFlagged => NonCascadeBursts.Count(b => b.Detected);

    public double? MeanLeadTimeMs => LeadTimes().Length == 0 ? null : LeadTimes().Average();

    public double? MedianLeadTimeMs
    {
        get
        {
            long[] sorted = [.. LeadTimes().Order()];
            if (sorted.Length == 0) return null;
            int mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
        }
    }

    public LevelConfusion Row(SignalLevel level) => ConfusionByLevel.First(r => r.Level == level);

    /// <summary>Several backtests (one per capture) as one: episodes pooled, confusion rows summed.</summary>
    public static BacktestReport Combine(IReadOnlyList<BacktestReport> reports)
    {
        if (reports.Count == 0) throw new ArgumentException("no reports to combine", nameof(reports));
        if (reports.Count == 1) return reports[0];
        var rows = reports[0].ConfusionByLevel.Select(r0 =>
        {
            var same = reports.Select(r => r.Row(r0.Level)).ToList();
            return new LevelConfusion(r0.Level, same.Sum(r => r.SignalEpisodesInCascade), same.Sum(r => r.SignalEpisodesOutside),
                same.Sum(r => r.CascadesReached), same.Sum(r => r.CascadesMissed));
        }).ToList();
        return new BacktestReport([.. reports.SelectMany(r => r.Cascades)], [.. reports.SelectMany(r => r.NonCascadeBursts)], rows,
            reports[0].DetectionLevel, reports.Sum(r => r.Signals));
    }

    private long[] LeadTimes() => [.. Cascades.Where(c => c.Detected).Select(c => c.LeadTimeMs!.Value)];

    public string ToText()
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(inv, $"signals: {Signals}, labelled cascades: {CascadeCount}, non-cascade bursts: {NonCascadeBursts.Count}");
        text.AppendLine(inv, $"detection ({SignalLevels.Name(DetectionLevel)}+): {DetectedCount}/{CascadeCount} = {DetectionRate:P1}");
        text.AppendLine(inv, $"lead time before peak: mean {Seconds(MeanLeadTimeMs)}, median {Seconds(MedianLeadTimeMs)}");
        text.AppendLine(inv, $"false positives: {FalsePositiveEpisodes}/{SignalEpisodes} signal episodes = {FalsePositiveRate:P1}; bursts flagged: {BurstsFlagged}/{NonCascadeBursts.Count}");
        text.AppendLine("level     | episodes in cascade | episodes outside | cascades reached | missed | precision | recall");
        foreach (var row in ConfusionByLevel)
        {
            text.AppendLine(inv, $"{SignalLevels.Name(row.Level),-9} | {row.SignalEpisodesInCascade,19} | {row.SignalEpisodesOutside,16} | {row.CascadesReached,16} | {row.CascadesMissed,6} | {row.Precision,9:P1} | {row.Recall,6:P1}");
        }
        foreach (var c in Cascades)
        {
            text.AppendLine(inv, $"  {c.Label.Symbol,-12} episode {c.Label.Episode}: max {SignalLevels.Name(c.MaxLevel),-8} {(c.Detected ? $"lead {Seconds(c.LeadTimeMs)}" : "missed")}");
        }
        return text.ToString();

        static string Seconds(double? ms) => ms is double v ? (v / 1000).ToString("F1", CultureInfo.InvariantCulture) + " s" : "n/a";
    }

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("signals", Signals);
            json.WriteString("detection_level", SignalLevels.Name(DetectionLevel));
            json.WriteNumber("cascades", CascadeCount);
            json.WriteNumber("detected", DetectedCount);
            json.WriteNumber("detection_rate", DetectionRate);
            WriteNullable(json, "mean_lead_time_ms", MeanLeadTimeMs);
            WriteNullable(json, "median_lead_time_ms", MedianLeadTimeMs);
            json.WriteNumber("signal_episodes", SignalEpisodes);
            json.WriteNumber("false_positive_episodes", FalsePositiveEpisodes);
            json.WriteNumber("false_positive_rate", FalsePositiveRate);
            json.WriteNumber("bursts", NonCascadeBursts.Count);
            json.WriteNumber("bursts_flagged", BurstsFlagged);
            json.WriteStartArray("confusion");
            foreach (var row in ConfusionByLevel)
            {
                json.WriteStartObject();
                json.WriteString("level", SignalLevels.Name(row.Level));
                json.WriteNumber("signal_episodes_in_cascade", row.SignalEpisodesInCascade);
                json.WriteNumber("signal_episodes_outside", row.SignalEpisodesOutside);
                json.WriteNumber("cascades_reached", row.CascadesReached);
                json.WriteNumber("cascades_missed", row.CascadesMissed);
                json.WriteNumber("precision", row.Precision);
                json.WriteNumber("recall", row.Recall);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("episodes");
            foreach (var c in Cascades.Concat(NonCascadeBursts))
            {
                json.WriteStartObject();
                json.WriteString("symbol", c.Label.Symbol);
                json.WriteNumber("episode", c.Label.Episode);
                json.WriteBoolean("is_cascade", c.Label.IsCascade);
                json.WriteNumber("start_ms", c.Label.StartMs);
                json.WriteNumber("peak_ms", c.Label.PeakMs);
                json.WriteNumber("end_ms", c.Label.EndMs);
                json.WriteString("max_level", SignalLevels.Name(c.MaxLevel));
                json.WriteBoolean("detected", c.Detected);
                WriteNullable(json, "first_detection_ms", c.FirstDetectionMs);
                WriteNullable(json, "lead_time_ms", c.LeadTimeMs);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, double? value)
    {
        if (value is double v) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }
}
