using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Hosting.Backtesting;

/// <summary>
/// The baseline the cascade model has to beat: a symbol is at ALERT when its last
/// <see cref="NaiveDetectorOptions.WindowSeconds"/> hold <see cref="NaiveDetectorOptions.AlertMultiple"/> times
/// its usual liquidation rate (an EWMA of the per-second counts from before the window). Fed with normalized liquidations on event time;
/// fixed per-symbol arrays of one-second buckets, so it allocates nothing after construction. Single-threaded.
/// </summary>
public sealed class NaiveDetector
{
    private readonly NaiveDetectorOptions _options;
    private readonly int _window;
    private readonly int _capacity;
    private readonly int[] _counts;          // [symbol * window + second % window]
    private readonly double[] _notional;
    private readonly long[] _currentSecond;  // long.MinValue: never seen
    private readonly long[] _firstSecond;
    private readonly int[] _windowCount;
    private readonly double[] _windowNotional;
    private readonly double[] _baseline;
    private readonly long[] _fedSeconds;      // seconds that have left the window into the baseline
    private readonly double _keep;           // EWMA weight kept per second

    public NaiveDetector(int symbolCapacity, NaiveDetectorOptions? options = null)
    {
        _options = options ?? new NaiveDetectorOptions();
        if (_options.WindowSeconds <= 0) throw new ArgumentOutOfRangeException(nameof(options), "WindowSeconds must be positive");
        _window = _options.WindowSeconds;
        _capacity = symbolCapacity;
        _counts = new int[symbolCapacity * _window];
        _notional = new double[symbolCapacity * _window];
        _currentSecond = new long[symbolCapacity];
        Array.Fill(_currentSecond, long.MinValue);
        _firstSecond = new long[symbolCapacity];
        _windowCount = new int[symbolCapacity];
        _windowNotional = new double[symbolCapacity];
        _baseline = new double[symbolCapacity];
        _fedSeconds = new long[symbolCapacity];
        _keep = Math.Pow(0.5, 1.0 / _options.BaselineHalfLifeSeconds);
    }

    public void OnLiquidation(int symbolId, long timeMs, double notionalUsd)
    {
        if ((uint)symbolId >= (uint)_capacity) return;
        long second = Math.DivRem(timeMs, 1000, out long rem) - (rem < 0 ? 1 : 0);
        Advance(symbolId, second);
        if (second < _currentSecond[symbolId]) second = _currentSecond[symbolId]; // late event: count it now
        int slot = symbolId * _window + (int)(second % _window);
        _counts[slot]++;
        _notional[slot] += notionalUsd;
        _windowCount[symbolId]++;
        _windowNotional[symbolId] += notionalUsd;
    }

    /// <summary>The level as of the symbol's last event.</summary>
    public SignalLevel Level(int symbolId) =>
        (uint)symbolId < (uint)_capacity && _currentSecond[symbolId] != long.MinValue ? LevelNow(symbolId) : SignalLevel.None;

    /// <summary>The level at <paramref name="nowMs"/>: the window slides on, so a finished burst falls away.</summary>
    public SignalLevel Level(int symbolId, long nowMs)
    {
        if ((uint)symbolId >= (uint)_capacity || _currentSecond[symbolId] == long.MinValue) return SignalLevel.None;
        Advance(symbolId, Math.DivRem(nowMs, 1000, out long rem) - (rem < 0 ? 1 : 0));
        return LevelNow(symbolId);
    }

    public double WindowRatePerSecond(int symbolId) => (double)_windowCount[symbolId] / _window;
    public double WindowNotionalUsd(int symbolId) => _windowNotional[symbolId];
    /// <summary>
    /// The usual rate: the EWMA of the seconds that have left the window, divided by the weight they carry
    /// (1 - keep^n), so that it is an unbiased average from the first seconds on instead of creeping up from zero.
    /// </summary>
    public double BaselineRatePerSecond(int symbolId)
    {
        long fed = _fedSeconds[symbolId];
        if (_currentSecond[symbolId] == long.MinValue || fed <= 0) return _options.BaselineFloorPerSecond;
        double corrected = _baseline[symbolId] / (1 - Math.Pow(_keep, fed));
        return Math.Max(corrected, _options.BaselineFloorPerSecond);
    }

    private SignalLevel LevelNow(int symbolId)
    {
        if (_windowCount[symbolId] < _options.MinEventsInWindow) return SignalLevel.None;
        if (_currentSecond[symbolId] - _firstSecond[symbolId] < _options.WarmupSeconds) return SignalLevel.None;
        double ratio = WindowRatePerSecond(symbolId) / BaselineRatePerSecond(symbolId);
        double alert = _options.AlertMultiple;
        if (ratio >= alert * 4) return SignalLevel.Extreme;
        if (ratio >= alert * 2) return SignalLevel.Critical;
        if (ratio >= alert) return SignalLevel.Alert;
        if (ratio >= alert / 2) return SignalLevel.Watch;
        return SignalLevel.None;
    }

    // Moves the symbol's window on to `second`: each second that leaves the window feeds the EWMA baseline, so
    // the usual rate is the rate before the window, never the burst being judged (empty seconds that come
    // and go within a long gap in closed form).
    private void Advance(int symbolId, long second)
    {
        long current = _currentSecond[symbolId];
        if (current == long.MinValue)
        {
            _currentSecond[symbolId] = second;
            _firstSecond[symbolId] = second;
            return;
        }
        if (second <= current) return;

        int baseIndex = symbolId * _window;
        long steps = Math.Min(second - current, _window);
        double baseline = _baseline[symbolId];
        for (long s = current + 1; s <= current + steps; s++)
        {
            int slot = baseIndex + (int)(s % _window); // holds second s - window, which leaves now
            if (s - _window >= _firstSecond[symbolId])
            {
                baseline = baseline * _keep + (1 - _keep) * _counts[slot];
                _fedSeconds[symbolId]++;
            }
            _windowCount[symbolId] -= _counts[slot];
            _windowNotional[symbolId] -= _notional[slot];
            _counts[slot] = 0;
            _notional[slot] = 0;
        }
        long empty = second - current - steps;
        if (empty > 0)
        {
            baseline *= Math.Pow(_keep, empty);
            _fedSeconds[symbolId] += empty;
        }
        _baseline[symbolId] = baseline;
        _currentSecond[symbolId] = second;
    }
}
