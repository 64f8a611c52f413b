namespace LowLatencyCascade.Engine.Model;

/// <summary>The spec's <c>SIGNAL_THRESHOLDS</c>: the probability at which each level starts, before regime adjustment.</summary>
public sealed class SignalThresholds
{
    public double Watch { get; set; } = 0.30;
    public double Alert { get; set; } = 0.50;
    public double Critical { get; set; } = 0.70;
    public double Extreme { get; set; } = 0.90;

    /// <summary>A copy with every threshold moved by <paramref name="offset"/>, each kept in (0, 1] (so still ordered).</summary>
    public SignalThresholds Shifted(double offset) => new()
    {
        Watch = Math.Clamp(Watch + offset, 0.01, 1.0),
        Alert = Math.Clamp(Alert + offset, 0.01, 1.0),
        Critical = Math.Clamp(Critical + offset, 0.01, 1.0),
        Extreme = Math.Clamp(Extreme + offset, 0.01, 1.0),
    };

    /// <summary>Errors naming <paramref name="key"/><c>:Watch</c> and so on: each in (0, 1], ordered Watch &lt;= Alert &lt;= Critical &lt;= Extreme.</summary>
    public void Validate(List<string> errors, string key, bool lowerCase = false)
    {
        string K(string name) => $"{key}:{(lowerCase ? name.ToLowerInvariant() : name)}";
        foreach (var (name, v) in new[] { ("Watch", Watch), ("Alert", Alert), ("Critical", Critical), ("Extreme", Extreme) })
        {
            if (!double.IsFinite(v) || v <= 0 || v > 1) errors.Add($"{K(name)}: must be in (0, 1] (was {v})");
        }
        if (!(Watch <= Alert && Alert <= Critical && Critical <= Extreme))
            errors.Add($"{key}: must be ordered {K("Watch")} <= {K("Alert")} <= {K("Critical")} <= {K("Extreme")} (was {Watch}, {Alert}, {Critical}, {Extreme})");
    }
}
