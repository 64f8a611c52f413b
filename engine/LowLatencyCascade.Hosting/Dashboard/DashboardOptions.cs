using System.Net;

namespace LowLatencyCascade.Hosting.Dashboard;

/// <summary>Configuration section <c>Dashboard</c>: where the dashboard listens and who may read it.</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    /// <summary>An IP address or <c>localhost</c>. Loopback by default: the dashboard shows live trading signals.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (read it back from <see cref="DashboardServer.Port"/>).</summary>
    public int Port { get; set; } = 8080;

    /// <summary>When set, every route requires it as <c>?token=</c> or <c>Authorization: Bearer</c>.</summary>
    public string? Token { get; set; }

    public int MaxClients { get; set; } = 32;

    public TimeSpan PushInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long one push may take to reach a WebSocket client. A client that reads slowly just sees fewer
    /// snapshots (only the newest waits for it); one that takes no snapshot for this long is dropped.
    /// </summary>
    public TimeSpan SlowClientTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the configuration key at fault.</summary>
    public void Validate()
    {
        var address = ResolveBindAddress();
        if (!IPAddress.IsLoopback(address) && string.IsNullOrWhiteSpace(Token))
            throw new ArgumentException($"{SectionName}:{nameof(BindAddress)} '{BindAddress}' is not a loopback address, so {SectionName}:{nameof(Token)} must be set: anyone who can reach the port could otherwise read the signals.");
        if (Port is < 0 or > 65535)
            throw new ArgumentException($"{SectionName}:{nameof(Port)} must lie in 0..65535 (0 picks a free port), not {Port}.");
        if (MaxClients < 1)
            throw new ArgumentException($"{SectionName}:{nameof(MaxClients)} must be at least 1, not {MaxClients}.");
        if (PushInterval < TimeSpan.FromMilliseconds(10))
            throw new ArgumentException($"{SectionName}:{nameof(PushInterval)} must be at least 10 ms, not {PushInterval.TotalMilliseconds} ms.");
        if (SlowClientTimeout <= TimeSpan.Zero)
            throw new ArgumentException($"{SectionName}:{nameof(SlowClientTimeout)} must be positive, not {SlowClientTimeout}.");
    }

    internal IPAddress ResolveBindAddress()
    {
        string value = BindAddress.Trim();
        if (value.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return IPAddress.Loopback;
        if (value is "*" or "+") return IPAddress.IPv6Any;
        if (IPAddress.TryParse(value.Trim('[', ']'), out var address)) return address;
        throw new ArgumentException($"{SectionName}:{nameof(BindAddress)} '{BindAddress}' is not an IP address or 'localhost'.");
    }
}
