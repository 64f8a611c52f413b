using LowLatencyCascade.Engine.Latency;
using Xunit;

namespace LowLatencyCascade.Tests.Latency;

internal static class HistogramAssert
{
    /// <summary>Same layout, same count in every slot, same total, min and max; reports the first differing slot.</summary>
    public static void SameCounts(HdrHistogram expected, HdrHistogram actual)
    {
        Assert.Equal(expected.CountsArrayLength, actual.CountsArrayLength);
        for (int i = 0; i < expected.CountsArrayLength; i++)
        {
            if (expected.GetCountAtIndex(i) != actual.GetCountAtIndex(i))
                Assert.Fail($"slot {i} (value {expected.ValueFromIndex(i)}): expected count {expected.GetCountAtIndex(i)}, got {actual.GetCountAtIndex(i)}");
        }
        Assert.Equal(expected.TotalCount, actual.TotalCount);
        Assert.Equal(expected.GetMaxValue(), actual.GetMaxValue());
        Assert.Equal(expected.GetMinValue(), actual.GetMinValue());
    }
}
