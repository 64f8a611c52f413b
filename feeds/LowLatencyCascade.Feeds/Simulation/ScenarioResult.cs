
namespace LowLatencyCascade.Feeds.Simulation;

/// <summary>What a generated scenario wrote: one capture file per venue, the label file and counts.</summary>
public sealed record ScenarioResult(
    IReadOnlyList<string> CaptureFiles,
    string LabelFile,
    IReadOnlyList<CascadeLabel> Labels,
    long Frames,
    /// <summary>Liquidations simulated per venue (Binance's pushed ones are fewer: at most one per symbol per second).</summary>
    IReadOnlyDictionary<string, int> LiquidationsByVenue);
