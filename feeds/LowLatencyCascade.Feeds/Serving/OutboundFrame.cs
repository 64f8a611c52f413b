using System.Net.WebSockets;

namespace LowLatencyCascade.Feeds.Serving;

internal enum OutboundKind : byte
{
    /// <summary>A played or injected market frame.</summary>
    Data = 0,
    /// <summary>The venue's answer to a subscribe or a ping.</summary>
    Control = 1,
    /// <summary>Close the connection (OKX's idle rule).</summary>
    Close = 2,
}

/// <summary>One item in a client's send queue; the bytes are not copied, the producer keeps them valid.</summary>
internal readonly record struct OutboundFrame(ReadOnlyMemory<byte> Bytes, WebSocketMessageType Type, OutboundKind Kind);
