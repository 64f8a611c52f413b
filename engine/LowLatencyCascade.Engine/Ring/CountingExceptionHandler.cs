using System.Globalization;

namespace LowLatencyCascade.Engine.Ring;

/// <summary>
/// The default: count every failure, log the first one and then one in every <c>logEvery</c> (so a poisoned
/// feed cannot flood the log), and let the stage go on with the next event.
/// </summary>
public sealed class CountingExceptionHandler<T> : IExceptionHandler<T> where T : struct
{
    private readonly string _stageName;
    private readonly Action<string>? _log;
    private readonly long _logEvery;
    private long _count;

    /// <param name="stageName">Named in log lines.</param>
    /// <param name="log">Receives the log lines; none are written when null.</param>
    /// <param name="logEvery">Log the 1st failure, the (1 + logEvery)th, and so on.</param>
    public CountingExceptionHandler(string stageName = "stage", Action<string>? log = null, long logEvery = 1000)
    {
        ArgumentNullException.ThrowIfNull(stageName);
        ArgumentOutOfRangeException.ThrowIfLessThan(logEvery, 1);
        _stageName = stageName;
        _log = log;
        _logEvery = logEvery;
    }

    /// <summary>Failures so far, events and lifecycle together.</summary>
    public long Count => Interlocked.Read(ref _count);

    public void HandleEventException(Exception ex, long sequence, ref T evt) => Record(ex, "at sequence", sequence);

    public void HandleOnStartException(Exception ex) => Record(ex, "on start", null);

    public void HandleOnShutdownException(Exception ex) => Record(ex, "on shutdown", null);

    private void Record(Exception ex, string where, long? sequence)
    {
        long count = Interlocked.Increment(ref _count);
        if (_log is null || (count - 1) % _logEvery != 0) return;

        string place = sequence is long s ? string.Create(CultureInfo.InvariantCulture, $"{where} {s}") : where;
        _log(string.Create(CultureInfo.InvariantCulture,
            $"stage '{_stageName}' handler failed {place} ({count} failure(s) so far): {ex.GetType().Name}: {ex.Message}"));
    }
}
