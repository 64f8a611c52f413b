namespace LowLatencyCascade.Engine.Ring;

/// <summary>Wait strategies by the names configuration uses.</summary>
public static class WaitStrategies
{
    /// <summary>The accepted names, for help texts and error messages.</summary>
    public static IReadOnlyList<string> Names { get; } = ["busy-spin", "yielding", "sleeping", "blocking", "spin-then-park"];

    /// <summary>A new strategy for <paramref name="name"/>: busy-spin, yielding, sleeping, blocking or spin-then-park (case-insensitive).</summary>
    /// <exception cref="ArgumentException">The name is none of those.</exception>
    public static IWaitStrategy Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "busy-spin" => new BusySpinWaitStrategy(),
            "yielding" => new YieldingWaitStrategy(),
            "sleeping" => new SleepingWaitStrategy(),
            "blocking" => new BlockingWaitStrategy(),
            "spin-then-park" => new SpinThenParkWaitStrategy(),
            _ => throw new ArgumentException(
                $"unknown wait strategy '{name}': expected one of {string.Join(", ", Names)}", nameof(name)),
        };
    }
}
