namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// Binary helpers for <see cref="ModelState"/>: arrays are written with their length and read back only into an
/// array of the same length (a state from other window settings is refused, never stretched).
/// </summary>
internal static class StateIo
{
    public static void Write(BinaryWriter w, int[] a) { w.Write(a.Length); foreach (var x in a) w.Write(x); }
    public static void Write(BinaryWriter w, long[] a) { w.Write(a.Length); foreach (var x in a) w.Write(x); }
    public static void Write(BinaryWriter w, double[] a) { w.Write(a.Length); foreach (var x in a) w.Write(x); }
    public static void Write(BinaryWriter w, bool[] a) { w.Write(a.Length); foreach (var x in a) w.Write(x); }

    public static void Read(BinaryReader r, int[] a) { Length(r, a.Length); for (int i = 0; i < a.Length; i++) a[i] = r.ReadInt32(); }
    public static void Read(BinaryReader r, long[] a) { Length(r, a.Length); for (int i = 0; i < a.Length; i++) a[i] = r.ReadInt64(); }
    public static void Read(BinaryReader r, double[] a) { Length(r, a.Length); for (int i = 0; i < a.Length; i++) a[i] = r.ReadDouble(); }
    public static void Read(BinaryReader r, bool[] a) { Length(r, a.Length); for (int i = 0; i < a.Length; i++) a[i] = r.ReadBoolean(); }

    /// <summary>A section marker: a misplaced read fails here instead of reading one part's bytes as another's.</summary>
    public static void Tag(BinaryWriter w, uint tag) => w.Write(tag);

    public static void Tag(BinaryReader r, uint tag)
    {
        uint found = r.ReadUInt32();
        if (found != tag) throw new InvalidDataException($"state section {tag:X8} expected, found {found:X8}");
    }

    private static void Length(BinaryReader r, int expected)
    {
        int n = r.ReadInt32();
        if (n != expected) throw new InvalidDataException($"state array of {n} entries where the model holds {expected} (other window settings)");
    }
}
