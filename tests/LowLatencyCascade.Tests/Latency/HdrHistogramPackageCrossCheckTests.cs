extern alias HdrHistogramPackage;
using System.Globalization;
using System.Text;
using LowLatencyCascade.Engine.Latency;
using LowLatencyCascade.Engine.Pipeline;
using Xunit;
using Ours = LowLatencyCascade.Engine.Latency.HdrHistogram;
using Pkg = HdrHistogramPackage::HdrHistogram;
using static HdrHistogramPackage::HdrHistogram.HistogramExtensions;

namespace LowLatencyCascade.Tests.Latency;

/// <summary>
/// The in-house histogram against the HdrHistogram NuGet package (2.5.0, a second implementation referenced by the
/// tests only): each reads the other's histogram logs, and both print the same <c>.hgrm</c> percentile table.
/// At 3 significant digits, what the project records and writes (the package's encoding is known to fail at 4-5).
/// Package issues worked around here: its log writer writes UTF-16 with a BOM (read back through a StreamReader that
/// detects the BOM), and the static <c>HistogramLogReader.Read(stream)</c> disposes its reader before the lazy
/// sequence is enumerated (an instance is kept open and read eagerly instead).
/// </summary>
public class HdrHistogramPackageCrossCheckTests
{
    private const int Digits = 3;
    private const long Highest = StageLatencies.HighestTrackableNanos;

    /// <summary>Latency-like values in ns: mostly a few µs, a tail into milliseconds, some seconds-long stalls.</summary>
    private static long[] Values(int seed, int count)
    {
        var random = new Random(seed);
        var values = new long[count];
        for (int i = 0; i < count; i++)
        {
            double u = random.NextDouble();
            values[i] = u < 0.9 ? 500 + random.Next(20_000)
                : u < 0.999 ? random.NextInt64(20_000, 5_000_000)
                : random.NextInt64(5_000_000, 30_000_000_000);
        }
        return values;
    }

    private static readonly double[] Percentiles = [0, 10, 50, 90, 99, 99.9, 99.99, 99.999, 100];

    private static void AssertSame(Ours ours, Pkg.HistogramBase package, string what)
    {
        Assert.True(ours.TotalCount == package.TotalCount, $"{what}: total count {ours.TotalCount} (ours) vs {package.TotalCount} (package)");
        // Percentiles: ours takes the value at rank ceil(p * total / 100), as the reference (Java) does; the package
        // rounds the rank to the nearest instead, so where p * total / 100 is not a whole number it may report the
        // value one rank lower. Both are checked against the counts themselves.
        foreach (double p in Percentiles)
        {
            long a = ours.GetValueAtPercentile(p), b = package.GetValueAtPercentile(p);
            Assert.True(b == a || b == PreviousRecordedValue(ours, a), $"{what}: p{p} is {a} (ours) vs {b} (package), not one rank apart");
        }
        Assert.Equal(package.GetMaxValue(), ours.GetMaxValue());
        Assert.Equal(package.GetMean(), ours.GetMean(), 6);
        // Every distinct recorded value's slot count.
        foreach (var v in package.RecordedValues())
            Assert.True(v.CountAtValueIteratedTo == ours.GetCountAtValue(v.ValueIteratedTo),
                $"{what}: count at {v.ValueIteratedTo} is {ours.GetCountAtValue(v.ValueIteratedTo)} (ours) vs {v.CountAtValueIteratedTo} (package)");
    }

    /// <summary>The highest value of the last non-empty slot below <paramref name="value"/>'s slot.</summary>
    private static long PreviousRecordedValue(Ours h, long value)
    {
        long previous = -1;
        for (int i = 0; i < h.CountsArrayIndex(value); i++)
            if (h.GetCountAtIndex(i) > 0) previous = h.HighestEquivalentValue(h.ValueFromIndex(i));
        return previous;
    }

    [Fact]
    public void The_package_reads_the_projects_histogram_log()
    {
        var intervals = new List<Ours>();
        var text = new StringWriter(CultureInfo.InvariantCulture);
        var writer = new HistogramLogWriter(text);
        var start = new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
        writer.WriteLogFormatVersion();
        writer.WriteStartTime(start);
        writer.WriteLegend();
        for (int i = 0; i < 4; i++)
        {
            var h = new Ours(1, Highest, Digits);
            foreach (long v in Values(seed: 10 + i, count: 20_000)) h.RecordValue(v);
            writer.WriteInterval(h, startSec: i, lengthSec: 1, tag: null);
            intervals.Add(h);
        }

        // The project's writer writes UTF-8 without a BOM; the package reads a stream.
        using var stream = new MemoryStream(new UTF8Encoding(false).GetBytes(text.ToString()));
        using var reader = new Pkg.HistogramLogReader(stream);
        var read = reader.ReadHistograms().ToList(); // eagerly, while the reader is open
        Assert.Equal(intervals.Count, read.Count);
        for (int i = 0; i < read.Count; i++)
        {
            AssertSame(intervals[i], read[i], $"interval {i}");
            Assert.Equal(start.ToUnixTimeMilliseconds() + i * 1000L, read[i].StartTimeStamp);
        }
    }

    [Fact]
    public void The_project_reads_the_packages_histogram_log()
    {
        var start = new DateTime(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc);
        var intervals = new List<Pkg.HistogramBase>();
        for (int i = 0; i < 4; i++)
        {
            var h = new Pkg.LongHistogram(1, Highest, Digits);
            foreach (long v in Values(seed: 20 + i, count: 20_000)) h.RecordValue(v);
            h.StartTimeStamp = new DateTimeOffset(start).ToUnixTimeMilliseconds() + i * 1000L;
            h.EndTimeStamp = h.StartTimeStamp + 1000;
            intervals.Add(h);
        }
        using var stream = new MemoryStream();
        using (var writer = new Pkg.HistogramLogWriter(stream)) writer.Write(start, intervals.ToArray());

        // The package writes UTF-16 with a byte-order mark: a StreamReader that detects it hands the project text.
        byte[] bytes = stream.ToArray();
        using var text = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var read = new HistogramLogReader(text).ReadAllIntervals();
        Assert.Equal(intervals.Count, read.Count);
        for (int i = 0; i < read.Count; i++)
        {
            AssertSame(read[i].Histogram, intervals[i], $"interval {i}");
            Assert.Equal(i, read[i].StartTimestampSec - (read[0].StartTimestampSec), 3);
        }
    }

    [Fact]
    public void Percentile_distribution_hgrm_output_agrees_with_the_package()
    {
        var ours = new Ours(1, Highest, Digits);
        var package = new Pkg.LongHistogram(1, Highest, Digits);
        foreach (long v in Values(seed: 7, count: 100_000))
        {
            ours.RecordValue(v);
            package.RecordValue(v);
        }
        var oursText = new StringWriter(CultureInfo.InvariantCulture);
        HistogramOutput.WritePercentileDistribution(oursText, ours, 5, 1000.0);
        var packageText = new StringWriter(CultureInfo.InvariantCulture);
        package.OutputPercentileDistribution(packageText, 5, 1000.0, false);

        // Line ends are the reference's '\n' in ours and Environment.NewLine in the package: compare lines.
        string[] a = oursText.ToString().Replace("\r\n", "\n").Split('\n');
        string[] b = packageText.ToString().Replace("\r\n", "\n").Split('\n');
        int rows = a.TakeWhile(l => !l.StartsWith('#')).Count();
        Assert.True(rows > 50, $"only {rows} rows");
        // Value, count and 1/(1-p) columns are the same text; the percentile column the same number to 1e-12: at an
        // exact tie in its 12th decimal (0.9997802734375) ours rounds half up, as the reference, the package to even.
        for (int i = 0; i < rows; i++)
        {
            string[] x = a[i].Split(' ', StringSplitOptions.RemoveEmptyEntries), y = b[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(x.Length == y.Length, $"row {i}:\n ours:    {a[i]}\n package: {b[i]}");
            for (int c = 0; c < x.Length; c++)
            {
                bool same = c == 1 && double.TryParse(x[c], CultureInfo.InvariantCulture, out double px) && double.TryParse(y[c], CultureInfo.InvariantCulture, out double py)
                    ? Math.Abs(px - py) <= 1.0000001e-12
                    : x[c] == y[c];
                Assert.True(same, $"row {i}, column {c}:\n ours:    {a[i]}\n package: {b[i]}");
            }
        }
        // The footer (#[Mean ...], #[Max ...], #[Buckets ...]): the same numbers.
        Assert.Equal(b.Skip(rows).Where(l => l.Length > 0), a.Skip(rows).Where(l => l.Length > 0));
    }

    [Fact]
    public void Coordinated_omission_correction_records_what_the_package_records()
    {
        var ours = new Ours(1, Highest, Digits);
        var recorder = new Recorder(1, Highest, Digits);
        var package = new Pkg.LongHistogram(1, Highest, Digits);
        var random = new Random(3);
        var recorded = new List<(long, long)>();
        var naive = new Ours(1, Highest, Digits);
        foreach (long interval in new long[] { 1, 7, 1000, 250_000 })
        {
            for (int i = 0; i < 300; i++)
            {
                // Up to 20,000 intervals long: the package records each missing value one by one.
                long v = random.Next(4) == 0 ? random.NextInt64(1, Math.Min(interval * 20_000, 5_000_000_000)) : random.NextInt64(1, 20_000);
                ours.RecordValueWithExpectedInterval(v, interval);
                recorded.Add((v, interval));
                naive.RecordValue(v);
                for (long missing = v - interval; missing >= interval; missing -= interval) naive.RecordValue(missing);
                recorder.RecordValueWithExpectedInterval(v, interval);
                package.RecordValueWithExpectedInterval(v, interval);
            }
        }
        HistogramAssert.SameCounts(naive, ours);
        var naivePackage = new Pkg.LongHistogram(1, Highest, Digits);
        foreach (var (v, interval) in recorded)
        {
            naivePackage.RecordValue(v);
            for (long missing = v - interval; missing >= interval; missing -= interval) naivePackage.RecordValue(missing);
        }
        AssertSame(ours, naivePackage, "naive package");
        AssertSame(ours, package, "histogram");
        var fromRecorder = recorder.GetIntervalHistogram();
        HistogramAssert.SameCounts(ours, fromRecorder);
    }

    [Theory]
    [InlineData(1L, 3)]
    [InlineData(1L, 2)]
    [InlineData(1000L, 3)]
    [InlineData(7L, 4)]
    public void The_fast_coordinated_omission_back_fill_equals_recording_each_missing_sample(long lowest, int digits)
    {
        // Bulk per slot where slots are wider than the interval, one increment per value below: the same histogram
        // as recording every missing value one by one, single-writer and through the Recorder's atomic path.
        var fast = new Ours(lowest, Highest, digits);
        var recorder = new Recorder(lowest, Highest, digits);
        var oneByOne = new Ours(lowest, Highest, digits);
        var random = new Random(digits * 1000 + (int)lowest);
        long[] intervals = [1, 3, 999, 1000, 1024, 4097, 65_536, 1_000_000];
        for (int i = 0; i < 2000; i++)
        {
            long interval = intervals[random.Next(intervals.Length)];
            long value = random.Next(3) switch
            {
                0 => random.NextInt64(0, 3 * interval + 2),             // none, one or two missing values
                1 => interval * random.NextInt64(1, 5000),              // an exact multiple of the interval
                _ => random.NextInt64(1, Math.Min(interval * 5000, Highest)),
            };
            fast.RecordValueWithExpectedInterval(value, interval);
            recorder.RecordValueWithExpectedInterval(value, interval);
            oneByOne.RecordValue(value);
            for (long missing = value - interval; missing >= interval; missing -= interval) oneByOne.RecordValue(missing);
        }
        HistogramAssert.SameCounts(oneByOne, fast);
        Assert.Equal(oneByOne.GetMinNonZeroValue(), fast.GetMinNonZeroValue());
        var interval0 = recorder.GetIntervalHistogram();
        HistogramAssert.SameCounts(oneByOne, interval0);
        Assert.Equal(oneByOne.GetMinNonZeroValue(), interval0.GetMinNonZeroValue());
    }
}
