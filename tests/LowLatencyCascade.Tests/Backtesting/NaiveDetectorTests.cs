using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Hosting.Backtesting;
using Xunit;

namespace LowLatencyCascade.Tests.Backtest;

public class NaiveDetectorTests
{
    private const long Start = 1_737_990_000_000;

    [Fact]
    public void A_flat_rate_never_reaches_watch()
    {
        var detector = new NaiveDetector(4);
        var max = SignalLevel.None;
        for (long t = 0; t < 900_000; t += 500) // 2 events/s for 15 minutes
        {
            detector.OnLiquidation(1, Start + t, 10_000);
            if (detector.Level(1) > max) max = detector.Level(1);
        }
        Assert.Equal(SignalLevel.None, max);
    }

    [Fact]
    public void A_burst_several_times_the_usual_rate_raises_alert_then_falls_away()
    {
        var options = new NaiveDetectorOptions { AlertMultiple = 4 };
        var detector = new NaiveDetector(4, options);
        long t = 0;
        for (; t < 600_000; t += 2_000) detector.OnLiquidation(2, Start + t, 5_000); // 0.5/s
        Assert.Equal(SignalLevel.None, detector.Level(2));
        double usual = detector.BaselineRatePerSecond(2);
        Assert.InRange(usual, 0.3, 0.6);

        var max = SignalLevel.None;
        for (long end = t + 15_000; t < end; t += 50) // 20/s for 15 s: window holds 300 + 7 events ≈ 10/s = 20× usual
        {
            detector.OnLiquidation(2, Start + t, 5_000);
            if (detector.Level(2) > max) max = detector.Level(2);
        }
        Assert.True(max >= SignalLevel.Alert, $"max level {max}");
        Assert.Equal(SignalLevel.None, detector.Level(2, Start + t + 120_000));
        Assert.Equal(SignalLevel.None, detector.Level(3));
    }

    [Fact]
    public void Steady_state_allocates_nothing()
    {
        var detector = new NaiveDetector(8);
        for (long t = 0; t < 100_000; t += 100) detector.OnLiquidation((int)(t / 100 % 8), Start + t, 1_000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int sum = 0;
        for (long t = 100_000; t < 400_000; t += 100)
        {
            detector.OnLiquidation((int)(t / 100 % 8), Start + t, 1_000);
            sum += (int)detector.Level((int)(t / 100 % 8));
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sum >= 0);
    }
}
