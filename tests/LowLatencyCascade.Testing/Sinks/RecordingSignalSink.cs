using System.Text;
using LowLatencyCascade.Engine.Publishing;

namespace LowLatencyCascade.Testing;

/// <summary>An <see cref="ISignalSink"/> that records the calls a runner makes, can throw on chosen messages and can hold its thread on a gate.</summary>
public sealed class RecordingSignalSink : ISignalSink
{
    private readonly object _lock = new();
    private readonly List<string> _calls = new();
    private long _delivered;

    public string Name => "recording";
    public Func<long, bool> ThrowOn { get; init; } = _ => false;
    public ManualResetEventSlim? Gate { get; init; }
    public SinkStats Stats => new(Interlocked.Read(ref _delivered), 0);

    public IReadOnlyList<string> Calls { get { lock (_lock) return _calls.ToList(); } }

    public void Write(in SignalMessage message)
    {
        Gate?.Wait();
        string text = Encoding.UTF8.GetString(message.Json);
        lock (_lock) _calls.Add($"write {text}");
        if (ThrowOn(message.EventTimeMs)) throw new InvalidOperationException($"refused {message.EventTimeMs}");
        Interlocked.Increment(ref _delivered);
    }

    public void Flush()
    {
        lock (_lock) _calls.Add("flush");
    }
}
