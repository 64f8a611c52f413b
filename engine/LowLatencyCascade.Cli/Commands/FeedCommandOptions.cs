using System.CommandLine;
using System.Globalization;
using LowLatencyCascade.Hosting.Configuration;
using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Cli.Commands;

/// <summary>
/// The options <c>live</c> and <c>record</c> share: endpoints, symbols and venues become configuration overrides
/// (<c>Feeds:Binance:Url</c>, <c>Feeds:Symbols:0</c>, ...) so a bad value is reported under its configuration key,
/// exactly as from appsettings.json; <c>--venues</c> and <c>--duration</c> are checked here and named when wrong.
/// </summary>
internal sealed class FeedCommandOptions
{
    public Option<string?> BinanceUrl { get; } = new("--binance-url") { Description = "Binance's WebSocket root (Feeds:Binance:Url), e.g. wss://fstream.binance.com; the client opens /market/stream and /public/stream under it." };
    public Option<string?> BybitUrl { get; } = new("--bybit-url") { Description = "Bybit's full public WebSocket endpoint (Feeds:Bybit:Url), e.g. wss://stream.bybit.com/v5/public/linear." };
    public Option<string?> OkxUrl { get; } = new("--okx-url") { Description = "OKX's full public WebSocket endpoint (Feeds:Okx:Url), e.g. wss://ws.okx.com:8443/ws/v5/public." };
    public Option<string?> BinanceRestUrl { get; } = new("--binance-rest-url") { Description = "Binance REST base for open interest (Feeds:Binance:RestUrl; default https://fapi.binance.com, or the --binance-url origin when that is another host; empty: off)." };
    public Option<string?> OkxRestUrl { get; } = new("--okx-rest-url") { Description = "OKX REST base for instruments (Feeds:Okx:RestUrl; default https://www.okx.com, or the --okx-url origin when that is another host; empty: off)." };
    public Option<string?> Symbols { get; } = new("--symbols") { Description = "Comma-separated canonical symbols, e.g. BTCUSDT,ETHUSDT (Feeds:Symbols)." };
    public Option<string?> Venues { get; } = new("--venues") { Description = "Comma-separated venues to connect to: binance, bybit, okx (default: those enabled in configuration)." };
    public Option<string?> Duration { get; } = new("--duration") { Description = "Stop by itself after this long: 30s, 5m, 2h, 500ms or hh:mm:ss (default: until Ctrl+C)." };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { BinanceUrl, BybitUrl, OkxUrl, BinanceRestUrl, OkxRestUrl, Symbols, Venues, Duration }) command.Add(o);
    }

    public Dictionary<string, string?> Overrides(ParseResult parse)
    {
        var overrides = new Dictionary<string, string?>();
        if (parse.GetValue(BinanceUrl) is { } binance) overrides["Feeds:Binance:Url"] = binance;
        if (parse.GetValue(BybitUrl) is { } bybit) overrides["Feeds:Bybit:Url"] = bybit;
        if (parse.GetValue(OkxUrl) is { } okx) overrides["Feeds:Okx:Url"] = okx;
        if (parse.GetValue(BinanceRestUrl) is { } binanceRest) overrides["Feeds:Binance:RestUrl"] = binanceRest;
        if (parse.GetValue(OkxRestUrl) is { } okxRest) overrides["Feeds:Okx:RestUrl"] = okxRest;
        if (parse.GetValue(Symbols) is { } symbols)
        {
            var list = symbols.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            for (int i = 0; i < list.Length; i++) overrides[$"Feeds:Symbols:{i}"] = list[i].ToUpperInvariant();
        }
        return overrides;
    }

    /// <summary>The venues asked for with <c>--venues</c>; null when not given.</summary>
    public IReadOnlyCollection<Exchange>? SelectedVenues(ParseResult parse)
    {
        if (parse.GetValue(Venues) is not { } text) return null;
        var venues = new List<Exchange>();
        var errors = new List<string>();
        foreach (var word in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            switch (word.ToLowerInvariant())
            {
                case "binance": venues.Add(Exchange.Binance); break;
                case "bybit": venues.Add(Exchange.Bybit); break;
                case "okx": venues.Add(Exchange.Okx); break;
                default: errors.Add($"--venues: '{word}' is not a venue (binance, bybit, okx)"); break;
            }
        }
        if (venues.Count == 0 && errors.Count == 0) errors.Add("--venues: no venue given (binance, bybit, okx)");
        if (errors.Count > 0) throw new ConfigurationErrorException(errors);
        return venues;
    }

    public TimeSpan? GetDuration(ParseResult parse)
    {
        if (parse.GetValue(Duration) is not { } text) return null;
        if (TryParseDuration(text, out var duration) && duration > TimeSpan.Zero) return duration;
        throw new ConfigurationErrorException([$"--duration: '{text}' is not a positive duration (30s, 5m, 2h, 500ms or hh:mm:ss)"]);
    }

    internal static bool TryParseDuration(string text, out TimeSpan duration)
    {
        text = text.Trim();
        (string unit, double seconds)[] units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];
        foreach (var (unit, seconds) in units)
        {
            if (text.EndsWith(unit, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^unit.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out double n)
                && double.IsFinite(n))
            {
                duration = TimeSpan.FromSeconds(n * seconds);
                return true;
            }
        }
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration);
    }
}
