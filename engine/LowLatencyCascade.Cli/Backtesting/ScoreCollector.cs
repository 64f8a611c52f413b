using System.Text.Json;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Engine.Publishing;
using LowLatencyCascade.Feeds.Backtest;

namespace LowLatencyCascade.Cli.Backtesting;

/// <summary>
/// A lossless sink that keeps every generated signal with its component scores, read back from the signal's
/// own JSON (<c>scores</c>): what <c>fit-weights</c> learns from is exactly what a consumer receives.
/// </summary>
public sealed class ScoreCollector : ISignalSink
{
    private static readonly byte[] ScoresName = "scores"u8.ToArray();
    private readonly List<ScoredSignal> _signals = [];
    private readonly object _lock = new();
    private SymbolTable? _symbols;

    public string Name => "scores";
    public SinkStats Stats { get { lock (_lock) return new(_signals.Count, 0); } }

    /// <summary>The collector is made before the host that owns the symbol table.</summary>
    public void Bind(SymbolTable table) => _symbols = table;

    public void Write(in SignalMessage message)
    {
        var symbols = _symbols ?? throw new InvalidOperationException("score collector not bound to a symbol table");
        var scores = ReadScores(message.Json);
        var signal = new BacktestSignal(symbols.NameOf(message.SymbolId), message.EventTimeMs, message.Level, message.Probability);
        lock (_lock) _signals.Add(new ScoredSignal(signal, scores));
    }

    public void Flush() { }

    public IReadOnlyList<ScoredSignal> Signals() { lock (_lock) return [.. _signals]; }

    /// <summary>The <c>scores</c> object of a signal message, in <see cref="ScoringWeights.Names"/> order.</summary>
    public static double[] ReadScores(ReadOnlySpan<byte> json)
    {
        var scores = new double[ScoringWeights.Count];
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1 || !reader.ValueTextEquals(ScoresName)) continue;
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                int index = IndexOf(reader.GetString());
                reader.Read();
                if (index >= 0) scores[index] = reader.GetDouble();
            }
            return scores;
        }
        throw new FormatException("signal message has no scores object");
    }

    private static int IndexOf(string? name)
    {
        for (int i = 0; i < ScoringWeights.Count; i++) if (ScoringWeights.Names[i] == name) return i;
        return -1;
    }
}
