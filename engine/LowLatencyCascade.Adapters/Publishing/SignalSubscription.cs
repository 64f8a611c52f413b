using System.Text.Json;
using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Publishing;

/// <summary>
/// What one WebSocket client asked for: a set of symbols (or all) and a minimum level. Immutable: the client's
/// receive loop swaps in a new one, the sink thread reads whichever is current without a lock.
/// </summary>
internal sealed class SignalSubscription
{
    public static readonly SignalSubscription Nothing = new(new HashSet<string>(StringComparer.Ordinal), allSymbols: false, SignalLevel.None);

    private readonly HashSet<string> _symbols;

    private SignalSubscription(HashSet<string> symbols, bool allSymbols, SignalLevel minLevel)
    {
        _symbols = symbols;
        AllSymbols = allSymbols;
        MinLevel = minLevel;
    }

    public bool AllSymbols { get; }
    public SignalLevel MinLevel { get; }
    public IReadOnlyCollection<string> Symbols => _symbols;
    public int Count => _symbols.Count + (AllSymbols ? 1 : 0);

    public bool Matches(string symbol, SignalLevel level) =>
        level >= MinLevel && (AllSymbols || _symbols.Contains(symbol));

    /// <summary>
    /// Applies a client request (<c>{"op":"subscribe"|"unsubscribe","symbols":[...],"min_level":"ALERT"}</c>).
    /// Returns the new subscription, or null with the reason the request was refused.
    /// </summary>
    public SignalSubscription? Apply(ReadOnlySpan<byte> request, int maxSubscriptions, out string? error)
    {
        string? op = null;
        List<string>? symbols = null;
        SignalLevel? minLevel = null;
        try
        {
            var reader = new Utf8JsonReader(request);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) { error = "request must be a JSON object"; return null; }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                reader.Read();
                switch (name)
                {
                    case "op":
                        op = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                        break;
                    case "symbols":
                        if (reader.TokenType != JsonTokenType.StartArray) { error = "\"symbols\" must be an array of strings"; return null; }
                        symbols = new List<string>();
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            if (reader.TokenType != JsonTokenType.String) { error = "\"symbols\" must be an array of strings"; return null; }
                            string s = reader.GetString()!.Trim().ToUpperInvariant();
                            if (s.Length is 0 or > SymbolTable.MaxNameLength) { error = $"symbol \"{s}\" is empty or too long"; return null; }
                            symbols.Add(s);
                        }
                        break;
                    case "min_level":
                        if (reader.TokenType == JsonTokenType.String && SignalLevels.TryParse(reader.GetString()!, out var named)) minLevel = named;
                        else if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int n) && n is >= 0 and < SignalLevels.Count) minLevel = (SignalLevel)n;
                        else { error = "\"min_level\" must be NONE, WATCH, ALERT, CRITICAL, EXTREME or 0-4"; return null; }
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            error = $"malformed JSON: {ex.Message}";
            return null;
        }

        var next = new HashSet<string>(_symbols, StringComparer.Ordinal);
        bool all = AllSymbols;
        switch (op)
        {
            case "subscribe":
                foreach (var s in symbols ?? []) { if (s == "*") all = true; else next.Add(s); }
                break;
            case "unsubscribe":
                foreach (var s in symbols ?? []) { if (s == "*") all = false; else next.Remove(s); }
                break;
            default:
                error = $"unknown op \"{op}\" (expected subscribe or unsubscribe)";
                return null;
        }
        if (next.Count + (all ? 1 : 0) > maxSubscriptions)
        {
            error = $"too many subscriptions: {next.Count + (all ? 1 : 0)} > {maxSubscriptions}";
            return null;
        }
        error = null;
        return new SignalSubscription(next, all, minLevel ?? MinLevel);
    }

    /// <summary>The acknowledgement sent back to the client: what it is subscribed to now.</summary>
    public byte[] ToAck()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("op", "subscribed");
            w.WriteStartArray("symbols");
            if (AllSymbols) w.WriteStringValue("*");
            foreach (var s in _symbols.Order(StringComparer.Ordinal)) w.WriteStringValue(s);
            w.WriteEndArray();
            w.WriteString("min_level", SignalLevels.Name(MinLevel));
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static byte[] ErrorFrame(string reason)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("op", "error");
            w.WriteString("reason", reason);
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
