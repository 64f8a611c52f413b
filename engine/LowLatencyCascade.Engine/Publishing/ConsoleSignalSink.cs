using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Publishing;

/// <summary>Prints one short line per signal (time, symbol, level, probability) for the CLI.</summary>
public sealed class ConsoleSignalSink : ISignalSink
{
    private readonly SymbolTable _symbols;
    private readonly TextWriter _out;
    private long _delivered;

    public ConsoleSignalSink(SymbolTable symbols, TextWriter? output = null)
    {
        _symbols = symbols ?? throw new ArgumentNullException(nameof(symbols));
        _out = output ?? Console.Out;
    }

    public string Name => "console";

    public SinkStats Stats => new(Volatile.Read(ref _delivered), 0);

    public void Write(in SignalMessage message)
    {
        _out.WriteLine(SignalLine.Format(_symbols.NameOf(message.SymbolId), message.Level, message.Probability, message.EventTimeMs));
        Volatile.Write(ref _delivered, _delivered + 1);
    }

    public void Flush() => _out.Flush();
}
