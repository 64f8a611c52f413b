using System.Runtime.InteropServices;
using System.Text;

namespace LowLatencyCascade.Engine.Ring;

/// <summary>
/// Pins the calling thread to one CPU, so a busy-spinning stage keeps its core, its caches and its place
/// next to the stages it exchanges cache lines with. Linux (<c>sched_setaffinity</c>) and Windows
/// (<c>SetThreadAffinityMask</c>, processor group 0).
/// </summary>
public static partial class ThreadAffinity
{
    /// <summary>CPUs a Linux <c>cpu_set_t</c> can name (glibc's CPU_SETSIZE).</summary>
    private const int LinuxCpuSetSize = 1024;
    private const int LinuxCpuSetBytes = LinuxCpuSetSize / 8;

    public static int ProcessorCount => Environment.ProcessorCount;

    /// <summary>Pin the calling thread to <paramref name="cpu"/>.</summary>
    /// <exception cref="ThreadAffinityException">The CPU does not exist, is not ours to use, or the OS refused.</exception>
    public static void PinCurrentThread(int cpu)
    {
        if (OperatingSystem.IsLinux()) PinOnLinux(cpu);
        else if (OperatingSystem.IsWindows()) PinOnWindows(cpu);
        else throw new ThreadAffinityException(cpu, CurrentThreadName(), $"thread affinity is not supported on {RuntimeInformation.OSDescription}");
    }

    /// <summary>
    /// The CPUs this process may run on, ascending: its main thread's affinity on Linux (which a container's or
    /// <c>taskset</c>'s restriction sets), else CPUs 0 to <see cref="Environment.ProcessorCount"/> - 1.
    /// </summary>
    public static unsafe IReadOnlyList<int> AllowedCpus()
    {
        if (OperatingSystem.IsLinux())
        {
            byte* mask = stackalloc byte[LinuxCpuSetBytes];
            if (SchedGetAffinity(Environment.ProcessId, LinuxCpuSetBytes, mask) == 0)
            {
                var cpus = new List<int>();
                for (int cpu = 0; cpu < LinuxCpuSetSize; cpu++)
                {
                    if ((mask[cpu / 8] & (1 << (cpu % 8))) != 0) cpus.Add(cpu);
                }
                if (cpus.Count > 0) return cpus;
            }
        }
        return Enumerable.Range(0, ProcessorCount).ToArray();
    }

    /// <summary>The calling thread's kernel thread id on Linux (<c>gettid</c>), else -1.</summary>
    public static int CurrentOsThreadId() => OperatingSystem.IsLinux() ? GetTid() : -1;

    /// <summary>
    /// Linux only: sets the affinity of every thread of this process except <paramref name="keep"/> (kernel thread
    /// ids) to <paramref name="cpus"/>, so receive loops, sink threads, the dashboard and the runtime's own threads
    /// stay off the cores given to pinned stage threads. Threads started later inherit their creator's affinity, so
    /// they stay off too. Returns how many threads were moved; a thread that exits meanwhile is skipped.
    /// </summary>
    public static unsafe int SetOtherThreads(IReadOnlyCollection<int> keep, IReadOnlyList<int> cpus)
    {
        if (!OperatingSystem.IsLinux() || cpus.Count == 0) return 0;
        byte* mask = stackalloc byte[LinuxCpuSetBytes];
        new Span<byte>(mask, LinuxCpuSetBytes).Clear();
        foreach (int cpu in cpus)
        {
            if (cpu >= 0 && cpu < LinuxCpuSetSize) mask[cpu / 8] |= (byte)(1 << (cpu % 8));
        }
        int moved = 0;
        string[] tasks;
        try { tasks = Directory.GetDirectories("/proc/self/task"); }
        catch (IOException) { return 0; }
        catch (UnauthorizedAccessException) { return 0; }
        foreach (string task in tasks)
        {
            if (!int.TryParse(Path.GetFileName(task), out int tid) || keep.Contains(tid)) continue;
            if (SchedSetAffinity(tid, LinuxCpuSetBytes, mask) == 0) moved++;
        }
        return moved;
    }

    /// <summary>The CPU the calling thread runs on right now (it may move the next instant unless pinned).</summary>
    public static bool TryGetCurrentCpu(out int cpu)
    {
        if (OperatingSystem.IsLinux())
        {
            cpu = SchedGetCpu();
            return cpu >= 0;
        }
        if (OperatingSystem.IsWindows())
        {
            cpu = (int)GetCurrentProcessorNumber();
            return true;
        }
        cpu = -1;
        return false;
    }

    private static unsafe void PinOnLinux(int cpu)
    {
        if (cpu < 0 || cpu >= LinuxCpuSetSize)
        {
            throw new ThreadAffinityException(cpu, CurrentThreadName(),
                $"a CPU set names CPUs 0-{LinuxCpuSetSize - 1} only, and {DescribeAvailableCpusOnLinux()} (EINVAL)");
        }

        byte* mask = stackalloc byte[LinuxCpuSetBytes];
        new Span<byte>(mask, LinuxCpuSetBytes).Clear();
        mask[cpu / 8] = (byte)(1 << (cpu % 8));

        // pid 0: the calling thread.
        if (SchedSetAffinity(0, LinuxCpuSetBytes, mask) == 0) return;

        int errno = Marshal.GetLastPInvokeError();
        string reason = errno switch
        {
            Errno.EINVAL => $"{DescribeAvailableCpusOnLinux()} (EINVAL)",
            Errno.EPERM => "not permitted to change this thread's affinity (EPERM)",
            _ => $"sched_setaffinity failed ({Errno.Name(errno)})",
        };
        throw new ThreadAffinityException(cpu, CurrentThreadName(), reason);
    }

    /// <summary>"only CPUs 0-1 are available": the process's allowed set (its main thread's affinity).</summary>
    private static unsafe string DescribeAvailableCpusOnLinux()
    {
        byte* mask = stackalloc byte[LinuxCpuSetBytes];
        if (SchedGetAffinity(Environment.ProcessId, LinuxCpuSetBytes, mask) != 0)
        {
            return $"{ProcessorCount} CPU(s) are available";
        }
        var cpus = new List<int>();
        for (int cpu = 0; cpu < LinuxCpuSetSize; cpu++)
        {
            if ((mask[cpu / 8] & (1 << (cpu % 8))) != 0) cpus.Add(cpu);
        }
        return $"only CPUs {FormatRanges(cpus)} are available";
    }

    private static void PinOnWindows(int cpu)
    {
        int maskBits = IntPtr.Size * 8;
        if (cpu < 0 || cpu >= maskBits)
        {
            throw new ThreadAffinityException(cpu, CurrentThreadName(),
                $"an affinity mask names CPUs 0-{maskBits - 1} of processor group 0 only, and only CPUs 0-{ProcessorCount - 1} are available");
        }

        if (SetThreadAffinityMask(GetCurrentThread(), (nuint)1 << cpu) != 0) return;

        int error = Marshal.GetLastPInvokeError();
        const int ErrorInvalidParameter = 87;
        string reason = error == ErrorInvalidParameter
            ? $"only CPUs 0-{ProcessorCount - 1} are available (ERROR_INVALID_PARAMETER)"
            : $"SetThreadAffinityMask failed (Win32 error {error})";
        throw new ThreadAffinityException(cpu, CurrentThreadName(), reason);
    }

    private static string CurrentThreadName() =>
        Thread.CurrentThread.Name ?? $"managed thread {Environment.CurrentManagedThreadId}";

    /// <summary>0,2,3,4,7 as "0,2-4,7".</summary>
    internal static string FormatRanges(IReadOnlyList<int> sortedCpus)
    {
        if (sortedCpus.Count == 0) return "none";
        var text = new StringBuilder();
        int start = sortedCpus[0], previous = start;
        for (int i = 1; i <= sortedCpus.Count; i++)
        {
            if (i < sortedCpus.Count && sortedCpus[i] == previous + 1)
            {
                previous = sortedCpus[i];
                continue;
            }
            if (text.Length > 0) text.Append(',');
            text.Append(start);
            if (previous != start) text.Append('-').Append(previous);
            if (i < sortedCpus.Count) start = previous = sortedCpus[i];
        }
        return text.ToString();
    }

    private static class Errno
    {
        public const int EPERM = 1;
        public const int ESRCH = 3;
        public const int EFAULT = 14;
        public const int EINVAL = 22;

        public static string Name(int errno) => errno switch
        {
            EPERM => "EPERM",
            ESRCH => "ESRCH",
            EFAULT => "EFAULT",
            EINVAL => "EINVAL",
            _ => $"errno {errno}",
        };
    }

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static unsafe partial int SchedSetAffinity(int pid, nuint cpuSetSize, byte* mask);

    [LibraryImport("libc", EntryPoint = "sched_getaffinity", SetLastError = true)]
    private static unsafe partial int SchedGetAffinity(int pid, nuint cpuSetSize, byte* mask);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    [LibraryImport("libc", EntryPoint = "sched_getcpu")]
    private static partial int SchedGetCpu();

    [LibraryImport("kernel32", SetLastError = true)]
    private static partial nuint SetThreadAffinityMask(nint thread, nuint mask);

    [LibraryImport("kernel32")]
    private static partial nint GetCurrentThread();

    [LibraryImport("kernel32")]
    private static partial uint GetCurrentProcessorNumber();
}
