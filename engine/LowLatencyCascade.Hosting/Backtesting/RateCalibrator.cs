using LowLatencyCascade.Engine.Model;

namespace LowLatencyCascade.Hosting.Backtesting;

/// <summary>
/// Derives per-symbol velocity and volume scales from a capture's observed rates, for <c>cascade calibrate</c>.
/// For every second of the capture's span, each symbol's liquidations/s and USD/s over the model's short
/// window (10 s) are computed; the seconds above the <see cref="BurstQuantile"/> are set aside as bursts, and the
/// mean of the rest is the symbol's usual rate. The scale is then what the shipped relative scales would be
/// with that rate as baseline: <c>max(VelocityFloor, VelocityMultiple × usual rate)</c>, likewise for volume.
/// A capture-wide usual rate is steadier than the live 30-minute average, which a long quiet spell or a
/// feed gap pulls down.
/// </summary>
public sealed class RateCalibrator(BaselineOptions baseline, int windowSeconds = 10)
{
    /// <summary>Seconds whose short-window rate lies above this quantile of the symbol's seconds count as bursts.</summary>
    public double BurstQuantile { get; init; } = 0.95;

    /// <summary>Symbols with fewer liquidations than this get no entry (their live baseline is as good).</summary>
    public int MinLiquidations { get; init; } = 5;

    public SymbolCalibration Derive(IReadOnlyList<DecodedLiquidation> liquidations)
    {
        var calibration = new SymbolCalibration();
        if (liquidations.Count == 0) return calibration;
        long first = liquidations.Min(l => l.TimeMs) / 1000, last = liquidations.Max(l => l.TimeMs) / 1000;
        int span = (int)Math.Min(last - first + 1, 31L * 24 * 3600);
        foreach (var group in liquidations.GroupBy(l => l.Symbol, StringComparer.OrdinalIgnoreCase))
        {
            if (group.Count() < MinLiquidations) continue;
            var counts = new double[span];
            var usd = new double[span];
            foreach (var l in group)
            {
                long i = l.TimeMs / 1000 - first;
                if (i < 0 || i >= span) continue;
                counts[i]++;
                usd[i] += l.NotionalUsd;
            }
            double rate = UsualRate(counts), volume = UsualRate(usd);
            calibration.Symbols[group.Key] = new SymbolCalibration.Entry
            {
                VelocityScale = Math.Max(baseline.VelocityFloor, baseline.VelocityMultiple * rate),
                VolumeScale = Math.Max(baseline.VolumeFloorUsd, baseline.VolumeMultiple * volume),
            };
        }
        return calibration;
    }

    // The mean short-window rate over the seconds at or below the burst quantile.
    private double UsualRate(double[] perSecond)
    {
        var window = new double[perSecond.Length];
        double sum = 0;
        for (int i = 0; i < perSecond.Length; i++)
        {
            sum += perSecond[i];
            if (i >= windowSeconds) sum -= perSecond[i - windowSeconds];
            window[i] = sum / windowSeconds;
        }
        var sorted = window.Order().ToArray();
        int keep = Math.Max(1, (int)Math.Ceiling(sorted.Length * BurstQuantile));
        double total = 0;
        for (int i = 0; i < keep; i++) total += sorted[i];
        return total / keep;
    }
}
