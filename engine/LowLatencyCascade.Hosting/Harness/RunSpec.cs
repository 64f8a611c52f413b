using System.Globalization;

namespace LowLatencyCascade.Hosting.Harness;

/// <summary>
/// One cell of the harness's matrix: which pipeline (the ring laid out by <see cref="Topology"/> and
/// <see cref="WaitStrategy"/>, or the Channels baseline), at which rate, with which stage threads pinned.
/// </summary>
/// <param name="Rate">Frames per second; 0 for a saturation run (unpaced).</param>
/// <param name="Cpus">CPUs for the ring's stage threads, in stage order (empty: not pinned).</param>
public sealed record RunSpec(string Pipeline, string Topology, string WaitStrategy, double Rate, int[] Cpus)
{
    public const string Ring = "ring";
    public const string Channels = "channels";
    public const string Floor = "floor";

    public static RunSpec ForRing(string topology, string waitStrategy, double rate, int[]? cpus = null) =>
        new(Ring, topology, waitStrategy, rate, cpus ?? []);

    public static RunSpec ForChannels(double rate) => new(Channels, "per-stage", "async", rate, []);

    /// <summary>
    /// The floor of a rate: the same generator, decoders, ring and wait strategy, one consumer thread that only stamps
    /// (no model, no publishing). What the machine and the hand-off cost at that rate; every layout is quoted over it.
    /// </summary>
    public static RunSpec ForFloor(string waitStrategy, double rate) => new(Floor, "fused", waitStrategy, rate, []);

    public bool IsBaseline => Pipeline == Channels;

    public bool IsFloor => Pipeline == Floor;

    public bool IsSaturation => Rate == 0;

    /// <summary>The layout without the rate: <c>fused/yielding</c>, <c>per-stage/busy-spin/pinned</c>, <c>channels</c>.</summary>
    public string Layout => IsBaseline ? Channels : IsFloor ? Floor : $"{Topology}/{WaitStrategy}{(Cpus.Length > 0 ? "/pinned" : "")}";

    /// <summary>A file-name-safe name: <c>fused-yielding-100k</c>, <c>channels-saturation</c>.</summary>
    public string Name => $"{Layout.Replace('/', '-')}-{RateLabel(Rate)}";

    /// <summary>10k, 100k, 1.5M, 250, saturation.</summary>
    public static string RateLabel(double rate) => rate switch
    {
        0 => "saturation",
        >= 1_000_000 => (rate / 1_000_000).ToString("0.###", CultureInfo.InvariantCulture) + "M",
        >= 1_000 => (rate / 1_000).ToString("0.###", CultureInfo.InvariantCulture) + "k",
        _ => rate.ToString("0.###", CultureInfo.InvariantCulture),
    };

    /// <summary>Parses <c>10k</c>, <c>1.5M</c>, <c>2500</c> or <c>saturation</c> (or <c>sat</c>, <c>max</c>).</summary>
    public static bool TryParseRate(string text, out double rate)
    {
        string t = text.Trim().ToLowerInvariant();
        rate = 0;
        if (t is "saturation" or "sat" or "max") return true;
        double scale = 1;
        if (t.EndsWith('k')) { scale = 1_000; t = t[..^1]; }
        else if (t.EndsWith('m')) { scale = 1_000_000; t = t[..^1]; }
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !(value > 0) || double.IsInfinity(value)) return false;
        rate = value * scale;
        return true;
    }
}
