using System.Globalization;

namespace LowLatencyCascade.Hosting.Harness;

/// <summary>
/// The process's context switches over a window, summed over its threads (Linux, <c>/proc/self/task/*/status</c>):
/// voluntary ones are waits (a blocking stage parking), involuntary ones are switches while the thread still wanted
/// to run: the scheduler taking its core away, or a <c>sched_yield</c> that found another thread to run. Many of them
/// are the usual cause of a millisecond tail when threads outnumber cores. Reading allocates, so it is read just
/// outside the measured window.
/// </summary>
public readonly record struct ContextSwitches(long Voluntary, long Involuntary)
{
    public static bool Supported => Directory.Exists("/proc/self/task");

    /// <summary>Every thread's counters now, by thread id.</summary>
    public static Dictionary<string, ContextSwitches> ReadPerThread()
    {
        var threads = new Dictionary<string, ContextSwitches>();
        if (!Supported) return threads;
        foreach (string task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                long voluntary = 0, involuntary = 0;
                foreach (string line in File.ReadLines(Path.Combine(task, "status")))
                {
                    if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal)) voluntary = Value(line);
                    else if (line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal)) involuntary = Value(line);
                }
                threads[Path.GetFileName(task)] = new ContextSwitches(voluntary, involuntary);
            }
            catch (IOException)
            {
                // The thread exited between listing and reading.
            }
        }
        return threads;
    }

    /// <summary>
    /// The switches between two readings: per thread, what it gained (all of it for a thread born in between);
    /// threads that exited in between are left out.
    /// </summary>
    public static ContextSwitches Between(Dictionary<string, ContextSwitches> start, Dictionary<string, ContextSwitches> end)
    {
        long voluntary = 0, involuntary = 0;
        foreach (var (thread, now) in end)
        {
            start.TryGetValue(thread, out var before);
            voluntary += now.Voluntary - before.Voluntary;
            involuntary += now.Involuntary - before.Involuntary;
        }
        return new ContextSwitches(voluntary, involuntary);
    }

    private static long Value(string line) =>
        long.TryParse(line.AsSpan(line.IndexOf(':') + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long v) ? v : 0;
}
