namespace LowLatencyCascade.Tests.Latency;

/// <summary>
/// The mulberry32 PRNG, bit for bit as tools/hdr-crosscheck/crosscheck.mjs writes it, so the C# tests record
/// exactly the values hdr-histogram-js recorded for the reference vectors.
/// </summary>
internal sealed class Mulberry32(uint seed)
{
    private uint _state = seed;

    public uint Next()
    {
        _state += 0x6D2B79F5;
        uint t = _state;
        t = (t ^ (t >> 15)) * (t | 1);
        t = (t + (t ^ (t >> 7)) * (t | 61)) ^ t;
        return t ^ (t >> 14);
    }
}
