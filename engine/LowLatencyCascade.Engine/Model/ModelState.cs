using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// What a state file records about the running model besides its stages' parts (the model,
/// <c>Stages.CascadeModel</c>, implements it; the model layer does not reference the stages).
/// </summary>
public interface IModelStateSource
{
    CascadeModelOptions Options { get; }
    SymbolTable Symbols { get; }
    bool IsWarm { get; }
    double WarmupProgress { get; }
}

/// <summary>A decoded model state: its header and the four stages' parts, checked whole before anything reads them.</summary>
public sealed record ModelStateSnapshot(
    int Version, string Layout, long SavedAtUnixMs, long LastEventMs, bool Warm, double WarmupProgress,
    IReadOnlyList<string> Symbols, byte[][] Parts);

/// <summary>
/// The model's state as bytes (what <c>Model:StateFile</c> holds): every window, baseline, open-interest history,
/// hysteresis level and the warm-up, exactly, so a restored model goes on as if it had never stopped.
/// <code>
/// "LLCMODEL" version layout saved_at_ms last_event_ms warm progress
/// symbol names (ids are this run's, names are stable)  4 × (length, part)  SHA-256 of everything before it
/// </code>
/// Decoding checks the magic, the checksum and the version before it returns anything, so a truncated, corrupt or
/// foreign file is refused whole. The layout string names the window settings that fix the arrays' sizes: a
/// state from other settings is refused too.
/// </summary>
public static class ModelState
{
    /// <summary>2: the regime part carries BTC's book depth and its baseline (order-book depth, issue 19).</summary>
    public const int Version = 2;
    private static ReadOnlySpan<byte> Magic => "LLCMODEL"u8;
    private const int HashBytes = 32;

    /// <summary>The settings that size the model's arrays; a state is only read back into a model with the same.</summary>
    public static string Layout(CascadeModelOptions o)
    {
        var w = o.Windows;
        return string.Create(CultureInfo.InvariantCulture,
            $"velocity {w.VelocityShortSeconds}/{w.VelocityMediumSeconds}/{w.VelocityMinuteSeconds}/{w.VelocityLongSeconds} s, " +
            $"volatility {w.Volatility1mSeconds}/{w.Volatility5mSeconds}/{w.Volatility15mSeconds}/{w.Volatility60mSeconds} s, " +
            $"correlation {w.CorrelationSeconds} s, oi {w.OiChangeShortSeconds}/{w.OiChangeLongSeconds} s, breadth {o.Market.WindowSeconds} s, " +
            $"volume {o.Liquidity.VolumeWindowSeconds} s, trend {o.Trend.ShortMaSeconds}/{o.Trend.LongMaSeconds}/{o.Trend.MomentumWindowSeconds} s");
    }

    public static byte[] Encode(IModelStateSource model, ModelStateParts parts, long savedAtUnixMs)
    {
        if (parts.Parts.Length != ModelStateCapture.Parts) throw new ArgumentException("four parts expected", nameof(parts));
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Version);
            w.Write(Layout(model.Options));
            w.Write(savedAtUnixMs);
            w.Write(parts.LastEventMs);
            w.Write(model.IsWarm);
            w.Write(model.WarmupProgress);
            int n = model.Symbols.Count;
            w.Write(n);
            for (int i = 0; i < n; i++) w.Write(model.Symbols.NameOf(i));
            foreach (var p in parts.Parts)
            {
                w.Write(p.Length);
                w.Write(p);
            }
        }
        ms.Write(SHA256.HashData(ms.GetBuffer().AsSpan(0, (int)ms.Length)));
        return ms.ToArray();
    }

    /// <summary>Decodes and checks a whole state; throws <see cref="InvalidDataException"/> saying what is wrong.</summary>
    public static ModelStateSnapshot Decode(byte[] bytes)
    {
        if (bytes.Length < Magic.Length + 4 + HashBytes || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new InvalidDataException("not a model state file");
        int body = bytes.Length - HashBytes;
        if (!SHA256.HashData(bytes.AsSpan(0, body)).AsSpan().SequenceEqual(bytes.AsSpan(body)))
            throw new InvalidDataException("checksum mismatch (corrupt or truncated)");
        using var r = new BinaryReader(new MemoryStream(bytes, 0, body, writable: false), Encoding.UTF8);
        try
        {
            r.ReadBytes(Magic.Length);
            int version = r.ReadInt32();
            if (version != Version) throw new InvalidDataException($"version {version}, this build reads version {Version}");
            string layout = r.ReadString();
            long savedAt = r.ReadInt64();
            long lastEvent = r.ReadInt64();
            bool warm = r.ReadBoolean();
            double progress = r.ReadDouble();
            int n = r.ReadInt32();
            if (n < 0 || n > 1 << 16) throw new InvalidDataException($"{n} symbols");
            var names = new string[n];
            for (int i = 0; i < n; i++) names[i] = r.ReadString();
            var parts = new byte[ModelStateCapture.Parts][];
            for (int i = 0; i < parts.Length; i++)
            {
                int length = r.ReadInt32();
                if (length < 0 || length > body) throw new InvalidDataException($"part {i} of {length} bytes");
                parts[i] = r.ReadBytes(length);
                if (parts[i].Length != length) throw new InvalidDataException($"part {i} truncated");
            }
            if (r.BaseStream.Position != body) throw new InvalidDataException("trailing bytes after the last part");
            return new ModelStateSnapshot(version, layout, savedAt, lastEvent, warm, progress, names, parts);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException("truncated header");
        }
    }
}
