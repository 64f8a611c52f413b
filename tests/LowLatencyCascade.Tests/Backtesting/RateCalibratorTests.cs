using LowLatencyCascade.Hosting.Backtesting;
using LowLatencyCascade.Engine.Model;
using Xunit;

namespace LowLatencyCascade.Tests.Backtesting;

public class RateCalibratorTests
{
    private const long Start = 1_737_990_000_000;

    [Fact]
    public void The_usual_rate_leaves_bursts_out_and_sets_the_scales_like_the_shipped_baseline()
    {
        var baseline = new BaselineOptions { VelocityFloor = 0.1, VelocityMultiple = 8, VolumeFloorUsd = 100, VolumeMultiple = 10 };
        var liquidations = new List<DecodedLiquidation>();
        for (int s = 0; s < 3600; s++)
        {
            liquidations.Add(new DecodedLiquidation("BUSYUSDT", Start + s * 1000L, 2_000));          // 1/s, $2k/s
            if (s % 20 == 0) liquidations.Add(new DecodedLiquidation("QUIETUSDT", Start + s * 1000L, 500)); // 0.05/s
        }
        for (int s = 1000; s < 1060; s++)                                                            // a one-minute burst: 30/s
            for (int k = 0; k < 30; k++) liquidations.Add(new DecodedLiquidation("BUSYUSDT", Start + s * 1000L + k, 50_000));
        liquidations.Add(new DecodedLiquidation("RAREUSDT", Start, 1_000));

        var calibration = new RateCalibrator(baseline).Derive(liquidations);

        Assert.True(calibration.TryGet("BUSYUSDT", out var busy));
        Assert.InRange(busy.VelocityScale, 8 * 0.99, 8 * 1.01);          // 8 × 1/s, the burst left out
        Assert.InRange(busy.VolumeScale, 10 * 2_000 * 0.99, 10 * 2_000 * 1.01);
        Assert.True(calibration.TryGet("QUIETUSDT", out var quiet));
        Assert.InRange(quiet.VelocityScale, 8 * 0.05 * 0.9, 8 * 0.05 * 1.1);
        Assert.False(calibration.TryGet("RAREUSDT", out _));              // too few to say anything
    }
}
