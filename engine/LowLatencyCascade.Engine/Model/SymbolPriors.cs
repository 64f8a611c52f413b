namespace LowLatencyCascade.Engine.Model;

/// <summary>Resolves a symbol's <see cref="PriorOptions"/> tier by name (once per symbol; the hot path reads arrays by id).</summary>
public sealed class SymbolPriors
{
    private readonly PriorOptions _o;
    private readonly HashSet<string> _major;
    private readonly HashSet<string> _large;

    public SymbolPriors(PriorOptions options)
    {
        _o = options;
        _major = new HashSet<string>(options.Major.SymbolList(), StringComparer.OrdinalIgnoreCase);
        _large = new HashSet<string>(options.Large.SymbolList(), StringComparer.OrdinalIgnoreCase);
    }

    public PriorTier TierOf(string symbol) => _major.Contains(symbol) ? _o.Major : _large.Contains(symbol) ? _o.Large : _o.Small;

    /// <summary>The tier's configuration name: <c>Major</c>, <c>Large</c> or <c>Small</c>.</summary>
    public string TierNameOf(string symbol) => _major.Contains(symbol) ? "Major" : _large.Contains(symbol) ? "Large" : "Small";
}
