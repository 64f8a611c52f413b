using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Feeds.Serving;

/// <summary>The faults <see cref="VenueFaultInjector"/> can inflict on the clients of a <see cref="VenueWebSocketServer"/>.</summary>
public enum VenueFaultKind
{
    /// <summary>A venue connection's TCP dropped without a close handshake.</summary>
    Drop,
    /// <summary>One stream of a venue withheld for the fault duration while the connection and its other streams go on.</summary>
    Silence,
    /// <summary>A frame that is not JSON.</summary>
    Malformed,
    /// <summary>A venue-shaped frame cut in half.</summary>
    Truncated,
    /// <summary>A binary frame that is not text.</summary>
    Binary,
    /// <summary>A frame of 2 MiB (above the feeds' default 1 MiB limit).</summary>
    Oversized,
    /// <summary>The venue's next subscribe refused with its documented error (Bybit, OKX), then a connection dropped so the client subscribes again.</summary>
    SubscribeError,
    /// <summary>A venue sends nothing for the fault duration; the TCP stays open and the queues fill.</summary>
    Stall,
}

/// <summary>
/// What <c>cascade serve --faults</c> injects: the kinds (taken in turn, so every kind comes round), the mean time
/// between faults (exponentially distributed), how long a silence or a stall lasts, and the random seed (venues and
/// intervals), so a run can be repeated.
/// </summary>
public sealed record VenueFaultPlan(IReadOnlyList<VenueFaultKind> Kinds, TimeSpan Every, TimeSpan Duration, int Seed)
{
    public static readonly string Names = string.Join(", ", Enum.GetValues<VenueFaultKind>().Select(Name));

    public static string Name(VenueFaultKind kind) => kind switch
    {
        VenueFaultKind.SubscribeError => "suberror",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// Parses <c>all</c> or a comma list of kinds (<see cref="Names"/>), optionally followed by <c>every=2s</c> and
    /// <c>for=3s</c> (milliseconds with <c>ms</c>). Throws <see cref="FormatException"/> naming the bad part.
    /// </summary>
    public static VenueFaultPlan Parse(string spec, int seed = 1)
    {
        var kinds = new List<VenueFaultKind>();
        var every = TimeSpan.FromSeconds(5);
        var duration = TimeSpan.FromSeconds(3);
        foreach (var raw in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string part = raw.ToLowerInvariant();
            if (part == "all") kinds.AddRange(Enum.GetValues<VenueFaultKind>());
            else if (part.StartsWith("every=", StringComparison.Ordinal)) every = Time(part, part[6..]);
            else if (part.StartsWith("for=", StringComparison.Ordinal)) duration = Time(part, part[4..]);
            else if (Enum.GetValues<VenueFaultKind>().FirstOrDefault(k => Name(k) == part) is var kind && Name(kind) == part) kinds.Add(kind);
            else throw new FormatException($"'{raw}' is not a fault (one of: all, {Names}, every=<time>, for=<time>)");
        }
        if (kinds.Count == 0) throw new FormatException($"no fault kind named (one of: all, {Names})");
        return new VenueFaultPlan(kinds.Distinct().ToArray(), every, duration, seed);
    }

    private static TimeSpan Time(string part, string value)
    {
        double scale = value.EndsWith("ms", StringComparison.Ordinal) ? 0.001 : 1;
        string number = value.TrimEnd('s', 'm');
        if (!double.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double v) || v <= 0 || !double.IsFinite(v))
            throw new FormatException($"'{part}': expected a positive time such as 2s or 500ms");
        return TimeSpan.FromSeconds(v * scale);
    }
}

/// <summary>
/// Inflicts a <see cref="VenueFaultPlan"/> on a running <see cref="VenueWebSocketServer"/>: one fault at a time, at
/// random intervals, on a venue picked at random among those with clients. Counts what it did per kind and describes
/// each fault on the log callback (one line, nothing secret: the server has no secrets).
/// </summary>
public sealed class VenueFaultInjector(VenueWebSocketServer server, VenueFaultPlan plan, Action<string>? log = null)
{
    private const int OversizedBytes = 2 << 20;
    private static readonly Exchange[] Venues = [Exchange.Binance, Exchange.Bybit, Exchange.Okx];
    private readonly long[] _injected = new long[Enum.GetValues<VenueFaultKind>().Length];
    private readonly Random _random = new(plan.Seed);
    private int _next;

    public VenueFaultPlan Plan => plan;

    public long Injected(VenueFaultKind kind) => Interlocked.Read(ref _injected[(int)kind]);

    public long Total => _injected.Sum();

    /// <summary>Injects faults until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                double mean = plan.Every.TotalMilliseconds;
                var wait = TimeSpan.FromMilliseconds(Math.Min(mean * 10, -mean * Math.Log(1 - _random.NextDouble())));
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                try
                {
                    await InjectNextAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A client that went away mid-fault: the injector goes on with the next one.
                    log?.Invoke($"fault injection failed: {ex.GetType().Name}: {ex.Message}");
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Injects the plan's next kind on a random venue that has clients; false (and the same kind next time) when no venue has any.</summary>
    public async Task<bool> InjectNextAsync(CancellationToken cancellationToken = default)
    {
        var kind = plan.Kinds[_next % plan.Kinds.Count];
        var candidates = Venues.Where(v => server.Subscriptions(v).Count > 0 && (kind != VenueFaultKind.SubscribeError || v != Exchange.Binance)).ToArray();
        if (candidates.Length == 0) return false;
        var venue = candidates[_random.Next(candidates.Length)];
        string what = await InjectAsync(kind, venue, cancellationToken).ConfigureAwait(false);
        _next++;
        Interlocked.Increment(ref _injected[(int)kind]);
        log?.Invoke($"fault {VenueFaultPlan.Name(kind)} on {ExchangeInfo.Name(venue)}: {what}");
        return true;
    }

    private async Task<string> InjectAsync(VenueFaultKind kind, Exchange venue, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case VenueFaultKind.Drop:
                return $"{server.DropConnections(venue, 1)} connection dropped";
            case VenueFaultKind.Silence:
                string stream = SteadyStream(venue);
                server.MuteStream(venue, stream, plan.Duration);
                return $"stream '{stream}' withheld for {plan.Duration.TotalSeconds:0.###} s";
            case VenueFaultKind.Malformed:
                return $"malformed frame to {await server.InjectAsync(venue, "{\"data\":[{\"s\":\"BTCUSDT\",\"p\":", cancellationToken).ConfigureAwait(false)} clients";
            case VenueFaultKind.Truncated:
                byte[] whole = Encoding.UTF8.GetBytes(TradeFrame(venue));
                return $"truncated frame to {await server.InjectAsync(venue, whole.AsMemory(0, whole.Length / 2), WebSocketMessageType.Text, cancellationToken).ConfigureAwait(false)} clients";
            case VenueFaultKind.Binary:
                byte[] binary = [0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0xc0, 0xc1];
                return $"binary frame to {await server.InjectAsync(venue, binary, WebSocketMessageType.Binary, cancellationToken).ConfigureAwait(false)} clients";
            case VenueFaultKind.Oversized:
                var big = new byte[OversizedBytes];
                big.AsSpan().Fill((byte)' ');
                big[0] = (byte)'{';
                big[^1] = (byte)'}';
                return $"{OversizedBytes >> 20} MiB frame to {await server.InjectAsync(venue, big, WebSocketMessageType.Text, cancellationToken).ConfigureAwait(false)} clients";
            case VenueFaultKind.SubscribeError:
                server.FailNextSubscribe(venue);
                return $"next subscribe refused; {server.DropConnections(venue, 1)} connection dropped to make the client subscribe again";
            default:
                server.Stall(venue, plan.Duration);
                return $"sends nothing for {plan.Duration.TotalSeconds:0.###} s";
        }
    }

    /// <summary>A stream each venue sends steadily in a served market (the one to silence).</summary>
    private static string SteadyStream(Exchange venue) => venue switch
    {
        Exchange.Binance => "@aggTrade",
        Exchange.Bybit => "publicTrade.",
        _ => "\"trades\"",
    };

    /// <summary>A trade frame as each venue documents it (checked 2026-12-05), for the truncated fault.</summary>
    private static string TradeFrame(Exchange venue) => venue switch
    {
        Exchange.Binance => """{"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","E":123456789,"s":"BTCUSDT","a":5933014,"p":"0.001","q":"100","nq":"100","f":100,"l":105,"T":123456785,"m":true}}""",
        Exchange.Bybit => """{"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":1672304486868,"data":[{"T":1672304486865,"s":"BTCUSDT","S":"Buy","v":"0.001","p":"16578.50","L":"PlusTick","i":"20f43950-d8dd-5b31-9112-a178eb6023af","BT":false}]}""",
        _ => """{"arg":{"channel":"trades","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","tradeId":"130639474","px":"42219.9","sz":"0.12060306","side":"buy","ts":"1630048897897","count":"3"}]}""",
    };
}
