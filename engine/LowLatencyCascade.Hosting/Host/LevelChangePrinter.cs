using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Publishing;

namespace LowLatencyCascade.Hosting;

/// <summary>
/// The console view of a run: one line when a symbol's level changes (a signal is generated every 100 ms per
/// active symbol; printing each would bury the changes that matter). Runs on its sink thread.
/// </summary>
public sealed class LevelChangePrinter(SymbolTable symbols, TextWriter output, SignalLevel minimum = SignalLevel.Watch) : ISignalSink
{
    private readonly Dictionary<int, SignalLevel> _last = [];
    private long _delivered;

    public string Name => "console";
    public SinkStats Stats => new(Volatile.Read(ref _delivered), 0);

    public void Write(in SignalMessage message)
    {
        var previous = _last.GetValueOrDefault(message.SymbolId, SignalLevel.None);
        if (previous == message.Level) return;
        _last[message.SymbolId] = message.Level;
        if (message.Level < minimum && previous < minimum) return;
        string arrow = message.Level > previous ? "▲" : "▼";
        output.WriteLine($"{DateTimeOffset.FromUnixTimeMilliseconds(message.EventTimeMs):yyyy-MM-dd HH:mm:ss.fff}  {symbols.NameOf(message.SymbolId),-12} {arrow} {SignalLevels.Name(previous),-8} → {SignalLevels.Name(message.Level),-8}  p={message.Probability:0.000}");
        Volatile.Write(ref _delivered, _delivered + 1);
    }

    public void Flush() => output.Flush();
}
