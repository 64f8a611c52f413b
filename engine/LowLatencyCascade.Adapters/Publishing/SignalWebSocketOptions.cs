using System.Net;

namespace LowLatencyCascade.Engine.Publishing;

/// <summary>
/// The WebSocket fan-out endpoint. Loopback by default; binding any other address requires <see cref="Token"/>,
/// which clients then present as <c>?token=</c> or <c>Authorization: Bearer</c>. Configuration section
/// <c>WebSocket</c>, same key names (<c>--ws-port</c> sets <c>WebSocket:Port</c>).
/// </summary>
public sealed class SignalWebSocketOptions
{
    public const string SectionName = "WebSocket";

    public string BindAddress { get; set; } = "127.0.0.1";
    /// <summary>TCP port; 0 picks a free one (see <see cref="SignalWebSocketServer.Uri"/>).</summary>
    public int Port { get; set; } = 8765;
    public string Path { get; set; } = "/signals";
    public string? Token { get; set; }
    public int MaxClients { get; set; } = 64;
    /// <summary>Symbols one client may subscribe to (<c>*</c> counts as one).</summary>
    public int MaxSubscriptionsPerClient { get; set; } = 64;
    /// <summary>
    /// Largest frame a client may send (subscription requests are small; anything bigger closes the connection with
    /// 1009). Outbound signal frames are bounded by the publisher's slot size (4 KiB).
    /// </summary>
    public int MaxFrameBytes { get; set; } = 4096;
    /// <summary>
    /// Frames queued for one client (the slow-client bound). Live: a client that lets it fill is dropped and counted,
    /// never waited for. Replay: the fan-out waits up to <see cref="SlowClientTimeout"/> for room, then drops it.
    /// </summary>
    public int ClientQueueCapacity { get; set; } = 256;
    /// <summary>
    /// Replays only: how long the fan-out waits for a client whose queue is full before dropping it (a replay is
    /// lossless to clients that keep reading; one that stops holds the replay this long, once).
    /// </summary>
    public TimeSpan SlowClientTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>
    /// Replays only (<c>replay</c>, <c>demo</c>; <c>--ws-wait-clients</c>): wait until this many clients have
    /// subscribed before the first frame is fed, so they receive every signal of the run. 0 = start at once.
    /// </summary>
    public int WaitForClients { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the configuration key that is wrong.</summary>
    public void Validate()
    {
        if (!TryParseBindAddress(BindAddress, out var address))
            throw new ArgumentException($"{SectionName}:BindAddress \"{BindAddress}\" is not an IP address", nameof(BindAddress));
        if (!IPAddress.IsLoopback(address) && string.IsNullOrWhiteSpace(Token))
            throw new ArgumentException(
                $"{SectionName}:BindAddress {BindAddress} is not loopback: set {SectionName}:Token so that only clients presenting it can connect",
                nameof(Token));
        if (Port is < 0 or > 65535)
            throw new ArgumentException($"{SectionName}:Port must be 0-65535, was {Port}", nameof(Port));
        if (string.IsNullOrEmpty(Path) || Path[0] != '/')
            throw new ArgumentException($"{SectionName}:Path \"{Path}\" must start with /", nameof(Path));
        if (MaxClients < 1)
            throw new ArgumentException($"{SectionName}:MaxClients must be at least 1, was {MaxClients}", nameof(MaxClients));
        if (MaxSubscriptionsPerClient < 1)
            throw new ArgumentException($"{SectionName}:MaxSubscriptionsPerClient must be at least 1, was {MaxSubscriptionsPerClient}", nameof(MaxSubscriptionsPerClient));
        if (MaxFrameBytes < 64)
            throw new ArgumentException($"{SectionName}:MaxFrameBytes must be at least 64, was {MaxFrameBytes}", nameof(MaxFrameBytes));
        if (ClientQueueCapacity < 1)
            throw new ArgumentException($"{SectionName}:ClientQueueCapacity must be at least 1, was {ClientQueueCapacity}", nameof(ClientQueueCapacity));
        if (SlowClientTimeout <= TimeSpan.Zero)
            throw new ArgumentException($"{SectionName}:SlowClientTimeout must be positive, was {SlowClientTimeout}", nameof(SlowClientTimeout));
        if (WaitForClients < 0 || WaitForClients > MaxClients)
            throw new ArgumentException($"{SectionName}:WaitForClients must be 0-{SectionName}:MaxClients ({MaxClients}), was {WaitForClients}", nameof(WaitForClients));
    }

    internal static bool TryParseBindAddress(string? text, out IPAddress address)
    {
        if (string.Equals(text, "localhost", StringComparison.OrdinalIgnoreCase)) { address = IPAddress.Loopback; return true; }
        return IPAddress.TryParse(text, out address!);
    }
}
