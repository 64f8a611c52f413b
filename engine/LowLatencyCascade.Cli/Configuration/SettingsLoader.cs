using LowLatencyCascade.Hosting.Configuration;
using Microsoft.Extensions.Configuration;

namespace LowLatencyCascade.Cli.Configuration;

/// <summary>
/// Builds <see cref="CascadeSettings"/> from Microsoft's configuration stack: JSON file, environment
/// (<c>CASCADE__Pipeline__RingSize=1024</c>), then command-line overrides. Unknown keys and values of the wrong
/// type are errors that name the key; so is every rule in <see cref="CascadeSettings.Validate"/>.
/// </summary>
public static class SettingsLoader
{
    public const string EnvironmentPrefix = "CASCADE__";

    public static CascadeSettings Load(string? configFile, IReadOnlyDictionary<string, string?>? overrides = null, bool validate = true)
    {
        var builder = new ConfigurationBuilder();
        if (configFile is not null)
        {
            if (!File.Exists(configFile)) throw new ConfigurationErrorException([$"--config: file '{configFile}' does not exist"]);
            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }
        else if (File.Exists("appsettings.json"))
        {
            builder.AddJsonFile(Path.GetFullPath("appsettings.json"), optional: true);
        }
        builder.AddEnvironmentVariables(EnvironmentPrefix);
        if (overrides is not null) builder.AddInMemoryCollection(overrides.Where(kv => kv.Value is not null));

        IConfigurationRoot configuration;
        try
        {
            configuration = builder.Build();
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or IOException)
        {
            throw new ConfigurationErrorException([$"{configFile ?? "appsettings.json"}: {ex.Message}"]);
        }

        var settings = new CascadeSettings();
        try
        {
            // Arrays replace the defaults instead of being merged into them element by element.
            ClearConfiguredArrays(configuration, settings);
            configuration.Bind(settings, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            throw new ConfigurationErrorException([Describe(ex)]);
        }

        DeriveRestUrl(configuration, "Binance", settings.Feeds.Binance, VenueSettings.BinanceDefaults());
        DeriveRestUrl(configuration, "Okx", settings.Feeds.Okx, VenueSettings.OkxDefaults());

        if (validate)
        {
            var errors = settings.Validate();
            if (errors.Count > 0) throw new ConfigurationErrorException(errors);
        }
        return settings;
    }

    private static void ClearConfiguredArrays(IConfiguration configuration, CascadeSettings settings)
    {
        if (configuration.GetSection("Feeds:Symbols").GetChildren().Any()) settings.Feeds.Symbols = [];
        if (configuration.GetSection("Pipeline:Cpus").GetChildren().Any()) settings.Pipeline.Cpus = [];
    }

    /// <summary>
    /// A venue's WebSocket URL moved to another host (a local venue server, a stand-in, a proxy) while its REST URL was
    /// left unset: look-ups go to the same origin (ws to http, wss to https) rather than to the real venue, whose open
    /// interest would not belong to the market being served. An explicit <c>RestUrl</c> (empty: off) always wins.
    /// </summary>
    private static void DeriveRestUrl(IConfiguration configuration, string venue, VenueSettings settings, VenueSettings defaults)
    {
        if (configuration[$"Feeds:{venue}:RestUrl"] is not null || configuration[$"Feeds:{venue}:Url"] is null) return;
        if (string.IsNullOrEmpty(defaults.RestUrl)) return;
        // A malformed URL is left for validation to report under its key.
        if (!Uri.TryCreate(settings.Url, UriKind.Absolute, out var ws) || (ws.Scheme != "ws" && ws.Scheme != "wss")) return;
        if (Uri.TryCreate(defaults.Url, UriKind.Absolute, out var real) && string.Equals(ws.Host, real.Host, StringComparison.OrdinalIgnoreCase)) return;
        settings.RestUrl = $"{(ws.Scheme == "wss" ? "https" : "http")}://{ws.Authority}";
    }

    /// <summary>The binder's messages say "at 'Pipeline:RingSize'"; keep that, and the innermost reason.</summary>
    private static string Describe(Exception ex)
    {
        var messages = new List<string>();
        for (var e = ex; e is not null; e = e.InnerException) messages.Add(e.Message);
        return string.Join(": ", messages.Distinct());
    }
}
