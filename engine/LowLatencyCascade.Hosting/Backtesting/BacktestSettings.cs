using System.Globalization;

namespace LowLatencyCascade.Hosting.Backtesting;

/// <summary>The configuration overrides <c>backtest</c> and <c>fit-weights</c> add to the shared run options.</summary>
internal static class BacktestSettings
{
    /// <summary>No dashboard unless <c>--port</c> asked for one; <c>--warmup</c> as <c>Model:WarmupSeconds</c>.</summary>
    public static Dictionary<string, string?> Overrides(bool portGiven, double? warmupSeconds)
    {
        var overrides = new Dictionary<string, string?>();
        if (!portGiven) overrides["Dashboard:Port"] = "0";
        if (warmupSeconds is double w) overrides["Model:WarmupSeconds"] = w.ToString(CultureInfo.InvariantCulture);
        return overrides;
    }
}
