namespace LowLatencyCascade.Tests.Latency;

/// <summary>
/// A deterministic input set, as described in the reference vectors: the same integer-only generators as
/// crosscheck.mjs, driven by <see cref="Mulberry32"/>.
/// </summary>
public sealed record InputGenerator(string Kind, uint Seed, int Count, long Min = 0, long Max = 0, int MaxShift = 0)
{
    public IEnumerable<(long Value, long Count)> Generate()
    {
        var random = new Mulberry32(Seed);
        for (int i = 0; i < Count; i++)
        {
            switch (Kind)
            {
                case "uniform":
                    yield return (Min + random.Next() % (Max - Min), 1);
                    break;
                case "logspread":
                {
                    long mantissa = random.Next() % 1024 + 1;
                    int shift = (int)(random.Next() % (uint)MaxShift);
                    long low = random.Next() % (1L << shift);
                    yield return ((mantissa << shift) + low, 1);
                    break;
                }
                case "stalls":
                {
                    uint baseDraw = random.Next(), dice = random.Next(), stall = random.Next();
                    yield return (dice % 100 == 0 ? 10_000 + stall % 90_000 : 100 + baseDraw % 900, 1);
                    break;
                }
                case "weighted":
                {
                    long value = Min + random.Next() % (Max - Min);
                    yield return (value, 1 + random.Next() % 1000);
                    break;
                }
                default:
                    throw new InvalidOperationException($"Unknown generator kind '{Kind}'.");
            }
        }
    }
}
