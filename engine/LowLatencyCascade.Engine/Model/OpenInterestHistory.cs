using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// A symbol's open interest, kept per venue, and its fractional change over the two horizons, computed when a
/// sample arrives (rare), so reading them is free.
/// <para>Venues hold different shares of a coin's open interest and report it at different cadences (Bybit with
/// its ticker, every 100 ms to a few seconds; OKX every few seconds; Binance only over REST, every 10-30 s), so
/// one mixed series would read one venue against another as a change. Each venue keeps its own series, in base
/// units (coins: every decoder fills them, and unlike USD they do not move with the price), and the change over
/// H is that of the summed open interest of the venues that have both a current sample (newer than
/// now - 0.9 H) and a reference sample (the newest at least 0.9 H old, polling jitter): Σ current / Σ reference
/// - 1, the level-weighted mean of those venues' own changes. A venue's level, cadence, late start or silence
/// therefore never reads as a change. 0 until some venue has such a pair.</para>
/// <para>Depth: each venue stores at most one sample per <see cref="SpacingMs"/> (the rest only update its current
/// value), so its <see cref="Depth"/> samples reach back more than the long horizon at any cadence; the short
/// horizon's reference is then up to one spacing older than 0.9 H (2.5 s for the 5-minute long horizon).</para>
/// </summary>
internal sealed class OpenInterestHistory
{
    /// <summary>Stored samples per venue.</summary>
    public const int Depth = 128;
    private const int Venues = ExchangeInfo.Count;
    private const int Horizons = 2;

    private readonly long[] _times = new long[Venues * Depth];
    private readonly double[] _values = new double[Venues * Depth];
    /// <summary>Samples ever stored per venue (the ring position is stored % Depth).</summary>
    private readonly long[] _stored = new long[Venues];
    private readonly long[] _latestMs = new long[Venues];
    private readonly double[] _latest = new double[Venues];
    /// <summary>Per venue and horizon: the sequence number of the newest stored sample at or before that horizon's cutoff; -1 when none.</summary>
    private readonly long[] _reference = new long[Venues * Horizons];
    private readonly long[] _horizonCutMs = new long[Horizons];
    private long _nowMs = long.MinValue;

    public OpenInterestHistory(int shortSeconds, int longSeconds)
    {
        _horizonCutMs[0] = shortSeconds * 900L; // 0.9 × horizon, in ms
        _horizonCutMs[1] = longSeconds * 900L;
        SpacingMs = Math.Max(1, (Math.Max(shortSeconds, longSeconds) * 1000L + Depth - 9) / (Depth - 8));
        Array.Fill(_latestMs, long.MinValue);
        Array.Fill(_reference, -1L);
    }

    /// <summary>Least time between two stored samples of one venue.</summary>
    public long SpacingMs { get; }

    public double ChangeShort { get; private set; }
    public double ChangeLong { get; private set; }

    /// <summary>
    /// A venue's sample, in base units. Ignored when not a positive number, from an unknown venue, or older than
    /// the venue's latest sample (out of order).
    /// </summary>
    public void Add(Exchange venue, long timeMs, double openInterest)
    {
        int v = (int)venue;
        if ((uint)v >= Venues || !(openInterest > 0) || !double.IsFinite(openInterest) || timeMs < _latestMs[v]) return;
        _latestMs[v] = timeMs;
        _latest[v] = openInterest;
        long n = _stored[v];
        if (n == 0 || timeMs - _times[v * Depth + (int)((n - 1) % Depth)] >= SpacingMs)
        {
            int i = v * Depth + (int)(n % Depth);
            _times[i] = timeMs;
            _values[i] = openInterest;
            _stored[v] = n + 1;
        }
        if (timeMs > _nowMs) _nowMs = timeMs;
        ChangeShort = Change(0);
        ChangeLong = Change(1);
    }

    public void WriteState(BinaryWriter w)
    {
        StateIo.Tag(w, 0x4F494849);
        w.Write(_nowMs);
        w.Write(ChangeShort);
        w.Write(ChangeLong);
        StateIo.Write(w, _times);
        StateIo.Write(w, _values);
        StateIo.Write(w, _stored);
        StateIo.Write(w, _latestMs);
        StateIo.Write(w, _latest);
        StateIo.Write(w, _reference);
        StateIo.Write(w, _horizonCutMs);
    }

    public void ReadState(BinaryReader r)
    {
        StateIo.Tag(r, 0x4F494849);
        _nowMs = r.ReadInt64();
        ChangeShort = r.ReadDouble();
        ChangeLong = r.ReadDouble();
        StateIo.Read(r, _times);
        StateIo.Read(r, _values);
        StateIo.Read(r, _stored);
        StateIo.Read(r, _latestMs);
        StateIo.Read(r, _latest);
        StateIo.Read(r, _reference);
        var cut = new long[Horizons];
        StateIo.Read(r, cut);
        if (cut[0] != _horizonCutMs[0] || cut[1] != _horizonCutMs[1]) throw new InvalidDataException("open-interest state from other horizons");
    }

    private double Change(int h)
    {
        long cutoff = _nowMs - _horizonCutMs[h];
        double current = 0, past = 0;
        for (int v = 0; v < Venues; v++)
        {
            long n = _stored[v];
            if (n == 0 || _latestMs[v] <= cutoff) continue;   // no sample, or none newer than the cutoff
            ref long r = ref _reference[v * Horizons + h];
            // The cutoff only moves forward and each venue's times only grow: the reference only moves forward
            // (from just before the oldest sample still held, should it have fallen behind).
            if (r < n - Depth - 1) r = n - Depth - 1;
            while (r + 1 < n && _times[v * Depth + (int)((r + 1) % Depth)] <= cutoff) r++;
            if (r < 0 || r < n - Depth) continue;               // nothing old enough (still) held
            current += _latest[v];
            past += _values[v * Depth + (int)(r % Depth)];
        }
        return past > 0 ? current / past - 1 : 0;
    }
}
