namespace LowLatencyCascade.Engine.Model;

/// <summary>Event-time arithmetic shared by the windows: whole seconds and ring indices that stay valid before the epoch.</summary>
internal static class EventClock
{
    public static long Second(long timeMs) => Math.DivRem(timeMs, 1000, out long rem) - (rem < 0 ? 1 : 0);

    public static int Index(long second, int ringLength)
    {
        long i = second % ringLength;
        return (int)(i < 0 ? i + ringLength : i);
    }
}
