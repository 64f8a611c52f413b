using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Publishing;
using LowLatencyCascade.Hosting.Backtesting;

namespace LowLatencyCascade.Hosting;

/// <summary>Keeps every generated signal's (symbol, time, level, probability) for a backtest; run lossless.</summary>
public sealed class SignalCollector(SymbolTable? symbols = null) : ISignalSink
{
    private SymbolTable? _symbols = symbols;

    /// <summary>For a collector made before the host (which owns the symbol table) exists.</summary>
    public void Bind(SymbolTable table) => _symbols = table;

    private readonly List<BacktestSignal> _signals = [];
    private readonly object _lock = new();

    public string Name => "collector";
    public SinkStats Stats { get { lock (_lock) return new(_signals.Count, 0); } }

    public void Write(in SignalMessage message)
    {
        var signal = new BacktestSignal((_symbols ?? throw new InvalidOperationException("collector not bound to a symbol table")).NameOf(message.SymbolId), message.EventTimeMs, message.Level, message.Probability);
        lock (_lock) _signals.Add(signal);
    }

    public void Flush() { }

    public IReadOnlyList<BacktestSignal> Signals() { lock (_lock) return [.. _signals]; }
}
