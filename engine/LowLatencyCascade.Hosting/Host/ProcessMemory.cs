using System.Diagnostics;

namespace LowLatencyCascade.Hosting;

/// <summary>
/// The process's resident memory (RSS) now and its peak (Linux: VmRSS and VmHWM of /proc/self/status; elsewhere the
/// working set and its peak), and the managed heap. Read at the end of a run and on each /metrics scrape, never on
/// the hot path (reading it allocates).
/// </summary>
public readonly record struct ProcessMemory(long ResidentBytes, long PeakResidentBytes, long GcHeapBytes)
{
    public static ProcessMemory Now()
    {
        long rss = 0, peak = 0;
        try
        {
            if (OperatingSystem.IsLinux())
            {
                foreach (var line in File.ReadLines("/proc/self/status"))
                {
                    if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kilobytes(line);
                    else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kilobytes(line);
                }
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        if (rss == 0 || peak == 0)
        {
            using var process = Process.GetCurrentProcess();
            if (rss == 0) rss = process.WorkingSet64;
            if (peak == 0) peak = process.PeakWorkingSet64;
        }
        return new ProcessMemory(rss, Math.Max(peak, rss), GC.GetGCMemoryInfo().HeapSizeBytes);
    }

    // "VmRSS:	  123456 kB"
    private static long Kilobytes(string line)
    {
        var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && long.TryParse(parts[1], out long kb) ? kb * 1024 : 0;
    }

    public static string Mib(long bytes) => (bytes / 1048576.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Garbage collections per generation and bytes allocated (whole process) over a run.</summary>
public readonly record struct GcCounts(int Gen0, int Gen1, int Gen2, long AllocatedBytes)
{
    public static GcCounts Now() =>
        new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalAllocatedBytes(precise: true));

    public GcCounts Since(GcCounts start) =>
        new(Gen0 - start.Gen0, Gen1 - start.Gen1, Gen2 - start.Gen2, AllocatedBytes - start.AllocatedBytes);
}
