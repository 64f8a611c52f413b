using System.Text.Json;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Engine.Publishing;
using LowLatencyCascade.Hosting.Backtesting;

namespace LowLatencyCascade.Hosting.Backtesting;

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
        var why = ReadWhy(message.Json);
        var signal = new BacktestSignal(symbols.NameOf(message.SymbolId), message.EventTimeMs, message.Level, message.Probability);
        lock (_lock) _signals.Add(new ScoredSignal(signal, scores) { Why = why });
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

    /// <summary>The rationale's market factor, override and boosts, the context's volatility multiplier and the 1-min open-interest change.</summary>
    public static SignalWhy ReadWhy(ReadOnlySpan<byte> json)
    {
        double marketFactor = 1, vol = 1, oi = 0;
        string? overrideName = null;
        var boosts = new List<string>();
        var reader = new Utf8JsonReader(json);
        string? section = null;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName) continue;
            if (reader.CurrentDepth == 1) { section = reader.GetString(); continue; }
            if (reader.CurrentDepth != 2) continue;
            string? name = reader.GetString();
            reader.Read();
            switch (section, name)
            {
                case ("rationale", "market_factor") when reader.TokenType == JsonTokenType.Number: marketFactor = reader.GetDouble(); break;
                case ("rationale", "override") when reader.TokenType == JsonTokenType.String: overrideName = reader.GetString(); break;
                case ("rationale", "boosts") when reader.TokenType == JsonTokenType.StartArray:
                    while (reader.Read() && reader.TokenType == JsonTokenType.String) boosts.Add(reader.GetString()!);
                    break;
                case ("context", "vol_risk_multiplier") when reader.TokenType == JsonTokenType.Number: vol = reader.GetDouble(); break;
                case ("metrics", "oi_change_1m") when reader.TokenType == JsonTokenType.Number: oi = reader.GetDouble(); break;
                default:
                    if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject) reader.Skip();
                    break;
            }
        }
        return new SignalWhy(marketFactor, overrideName, boosts, vol, oi);
    }

    private static int IndexOf(string? name)
    {
        for (int i = 0; i < ScoringWeights.Count; i++) if (ScoringWeights.Names[i] == name) return i;
        return -1;
    }
}
