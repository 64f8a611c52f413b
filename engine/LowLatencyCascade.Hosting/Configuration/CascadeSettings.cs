using LowLatencyCascade.Hosting.Dashboard;
using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Engine.Pipeline;
using LowLatencyCascade.Engine.Publishing;
using LowLatencyCascade.Feeds.Binance;

namespace LowLatencyCascade.Hosting.Configuration;

/// <summary>
/// Everything <c>cascade</c> can be configured with: <c>appsettings.json</c> (or <c>--config</c>), then environment
/// variables <c>CASCADE__Section__Key</c>, then command-line options, each overriding the one before.
/// </summary>
public sealed class CascadeSettings
{
    public PipelineOptions Pipeline { get; set; } = new();
    public CascadeModelOptions Model { get; set; } = CascadeModelOptions.Default();
    public FeedSettings Feeds { get; set; } = new();
    public CaptureSettings Capture { get; set; } = new();
    /// <summary>Off unless <c>--port</c> or <c>Dashboard:Port</c> asks for it (the options' own default port is only a suggestion).</summary>
    public DashboardOptions Dashboard { get; set; } = new() { Port = 0 };

    /// <summary>Redis sink; used only when <see cref="RedisSinkOptions.Endpoint"/> is set (or <c>--redis</c> given).</summary>
    public RedisSinkOptions Redis { get; set; } = new() { Endpoint = "" };

    /// <summary>
    /// The WebSocket signal fan-out (<c>ws://127.0.0.1:PORT/signals</c>); off unless <c>--ws-port</c> or
    /// <c>WebSocket:Port</c> asks for it.
    /// </summary>
    public SignalWebSocketOptions WebSocket { get; set; } = new() { Port = 0 };

    /// <summary>Scorer weights written by <c>fit-weights</c>; empty = the model's configured weights.</summary>
    public string WeightsFile { get; set; } = "";

    /// <summary>Per-symbol calibration written by <c>calibrate</c>; empty = the shipped defaults.</summary>
    public string CalibrationFile { get; set; } = "";

    /// <summary>Whether a dashboard was asked for (<c>--port</c> or <c>Dashboard:Port</c> &gt; 0).</summary>
    public bool DashboardEnabled => Dashboard.Port > 0;

    public bool RedisEnabled => !string.IsNullOrWhiteSpace(Redis.Endpoint);

    /// <summary>Whether the WebSocket fan-out was asked for (<c>--ws-port</c> or <c>WebSocket:Port</c> &gt; 0).</summary>
    public bool WebSocketEnabled => WebSocket.Port > 0;

    /// <summary>Every error in the settings, each naming its key and the reason.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        errors.AddRange(Pipeline.Validate("Pipeline"));
        errors.AddRange(Model.Validate().Select(e => e.StartsWith("Model", StringComparison.Ordinal) ? e : "Model:" + e));
        if (Feeds.Symbols.Length == 0) errors.Add("Feeds:Symbols: at least one symbol is required");
        for (int i = 0; i < Feeds.Symbols.Length; i++)
        {
            string s = Feeds.Symbols[i];
            if (string.IsNullOrWhiteSpace(s) || s.Length > 32 || !s.All(char.IsAsciiLetterOrDigit))
                errors.Add($"Feeds:Symbols:{i}: '{s}' is not a symbol (canonical form like BTCUSDT: letters and digits, at most 32)");
        }
        ValidateVenue(errors, "Feeds:Binance", Feeds.Binance);
        ValidateVenue(errors, "Feeds:Bybit", Feeds.Bybit);
        ValidateVenue(errors, "Feeds:Okx", Feeds.Okx);
        Feeds.ValidateLimits(errors);
        if (Feeds.FreshWindow <= TimeSpan.Zero) errors.Add($"Feeds:FreshWindow: must be positive (was {Feeds.FreshWindow})");
        if (Feeds.GapHold < TimeSpan.Zero) errors.Add($"Feeds:GapHold: must not be negative; 00:00:00 marks a gap only until the venue delivers again (was {Feeds.GapHold})");
        if (Capture.RotateBytes < 1024) errors.Add($"Capture:RotateBytes: must be at least 1024 (was {Capture.RotateBytes})");
        if (DashboardEnabled || !string.IsNullOrEmpty(Dashboard.Token)) Collect(errors, Dashboard.Validate);
        if (RedisEnabled) Collect(errors, Redis.Validate);
        Collect(errors, WebSocket.Validate);
        if (!WebSocketEnabled && WebSocket.WaitForClients > 0)
            errors.Add($"WebSocket:WaitForClients: needs the fan-out on (WebSocket:Port or --ws-port), was {WebSocket.WaitForClients} with no port");
        if (!string.IsNullOrEmpty(WeightsFile) && !File.Exists(WeightsFile)) errors.Add($"WeightsFile: file '{WeightsFile}' does not exist");
        if (!string.IsNullOrEmpty(CalibrationFile) && !File.Exists(CalibrationFile)) errors.Add($"CalibrationFile: file '{CalibrationFile}' does not exist");
        else if (!string.IsNullOrEmpty(CalibrationFile))
        {
            // Read once here so a bad file is a configuration error naming the key and the field, before anything starts.
            try { SymbolCalibration.Load(CalibrationFile); }
            catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException) { errors.Add($"CalibrationFile: {ex.Message}"); }
        }
        return errors;
    }

    /// <summary>The dashboard's and Redis' own checks throw at their first error (already naming the key).</summary>
    private static void Collect(List<string> errors, Action validate)
    {
        try { validate(); }
        catch (ArgumentException ex) { errors.Add(ex.Message.Split(" (Parameter")[0]); }
    }

    private static void ValidateVenue(List<string> errors, string key, VenueSettings v)
    {
        if (!v.Enabled) return;
        if (!Uri.TryCreate(v.Url, UriKind.Absolute, out var uri) || (uri.Scheme != "ws" && uri.Scheme != "wss"))
            errors.Add($"{key}:Url: '{v.Url}' is not a ws:// or wss:// URL");
        else if (key == "Feeds:Binance" && BinanceRoutes.RootProblem(uri) is { } problem)
            errors.Add($"{key}:Url: '{v.Url}' {problem}");
        if (!string.IsNullOrEmpty(v.RestUrl) && (!Uri.TryCreate(v.RestUrl, UriKind.Absolute, out var rest) || (rest.Scheme != "http" && rest.Scheme != "https")))
            errors.Add($"{key}:RestUrl: '{v.RestUrl}' is not an http:// or https:// URL");
    }
}
