using System.Text.Json;
using LowLatencyCascade.Engine.Latency;

namespace LowLatencyCascade.Tests.Latency;

/// <summary>The vectors hdr-histogram-js produced (TestData/hdr/reference-vectors.json, from tools/hdr-crosscheck).</summary>
public sealed record ReferenceVectors(IReadOnlyList<ReferenceSet> Sets)
{
    private static readonly Lazy<ReferenceVectors> Loaded = new(() => LoadJson<ReferenceVectors>("reference-vectors.json"));

    public static ReferenceVectors Instance => Loaded.Value;

    public static ReferenceSet Set(string name) => Instance.Sets.Single(s => s.Name == name);

    public static IEnumerable<object[]> SetNames() => Instance.Sets.Select(s => new object[] { s.Name });

    public static string DataPath(string fileName) => Path.Combine(AppContext.BaseDirectory, "TestData", "hdr", fileName);

    public static T LoadJson<T>(string fileName) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(DataPath(fileName)), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
        ?? throw new InvalidDataException($"{fileName} is empty.");
}

public sealed record ReferenceSet(
    string Name, long Lowest, long Highest, int Digits, InputGenerator Generator, long ExpectedInterval,
    ReferenceLayout Layout, IReadOnlyList<ReferenceProbe> Probes,
    long TotalCount, long Min, long Max, double Mean, double StdDeviation, IReadOnlyList<ReferencePercentile> Percentiles,
    string Histf, IReadOnlyList<ReferenceHgrm> Hgrm)
{
    /// <summary>Records this set's inputs into a new histogram, the way crosscheck.mjs recorded them.</summary>
    public HdrHistogram Record()
    {
        var histogram = new HdrHistogram(Lowest, Highest, Digits);
        foreach ((long value, long count) in Generator.Generate())
        {
            if (ExpectedInterval > 0) histogram.RecordValueWithExpectedInterval(value, ExpectedInterval);
            else if (count != 1) histogram.RecordValueWithCount(value, count);
            else histogram.RecordValue(value);
        }
        return histogram;
    }

    public override string ToString() => Name;
}

public sealed record ReferenceLayout(int UnitMagnitude, int SubBucketCount, int BucketCount, int CountsArrayLength);

public sealed record ReferenceProbe(long Value, int CountsArrayIndex, long LowestEquivalentValue, long HighestEquivalentValue);

public sealed record ReferencePercentile(double Percentile, long Value);

public sealed record ReferenceHgrm(int Ticks, double Ratio, string Text);
