using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Feeds.Capture;

/// <summary>
/// Tells the venue from a frame's top-level shape, for capture files whose names say nothing: Binance
/// combined streams start with <c>{"stream":</c> (raw streams carry <c>"e":</c>), Bybit v5 pushes carry
/// <c>"topic":</c>, OKX v5 pushes carry <c>"arg":</c>.
/// </summary>
public static class FrameShapeSniffer
{
    public static bool TryIdentify(ReadOnlySpan<byte> frame, out Exchange exchange)
    {
        ReadOnlySpan<byte> head = frame.TrimStart(" \t"u8);
        if (head.StartsWith("{\"stream\":"u8)) { exchange = Exchange.Binance; return true; }
        if (head.IndexOf("\"arg\":"u8) >= 0) { exchange = Exchange.Okx; return true; }
        if (head.IndexOf("\"topic\":"u8) >= 0) { exchange = Exchange.Bybit; return true; }
        if (head.StartsWith("{\"e\":"u8)) { exchange = Exchange.Binance; return true; }
        exchange = default;
        return false;
    }
}
