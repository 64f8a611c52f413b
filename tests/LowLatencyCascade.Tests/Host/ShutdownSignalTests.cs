using System.Diagnostics;
using LowLatencyCascade.Hosting;
using Xunit;

namespace LowLatencyCascade.Tests.Host;

/// <summary>
/// The first SIGINT/SIGTERM stops cleanly; one that follows within the duplicate window is the same request delivered
/// twice (coreutils <c>timeout</c> signals the process and then its process group) and must not force an exit; a later
/// one is a person asking again and forces it.
/// </summary>
public class ShutdownSignalTests
{
    [Fact]
    public void A_second_signal_within_the_window_is_a_duplicate_and_a_later_one_forces_the_exit()
    {
        using var signal = new ShutdownSignal();
        long t0 = Stopwatch.GetTimestamp();
        long Later(TimeSpan by) => t0 + (long)(by.TotalSeconds * Stopwatch.Frequency);

        Assert.Equal(ShutdownSignal.Decision.Stop, signal.Decide(t0));
        Assert.Equal(ShutdownSignal.Decision.Duplicate, signal.Decide(Later(TimeSpan.FromMilliseconds(0.05))));
        Assert.Equal(ShutdownSignal.Decision.Duplicate, signal.Decide(Later(ShutdownSignal.DuplicateWindow / 2)));
        Assert.Equal(ShutdownSignal.Decision.ForceExit, signal.Decide(Later(ShutdownSignal.DuplicateWindow + TimeSpan.FromMilliseconds(1))));
        Assert.Equal(ShutdownSignal.Decision.ForceExit, signal.Decide(Later(TimeSpan.FromSeconds(5))));
    }
}
