using LowLatencyCascade.Cli.Configuration;
using LowLatencyCascade.Hosting.Configuration;
using Xunit;

namespace LowLatencyCascade.Tests.Host;

/// <summary>Every configuration error names its key and the reason, whatever layer it came from.</summary>
public class ConfigurationErrorTests
{
    private static ConfigurationErrorException Fails(params (string Key, string Value)[] overrides) =>
        Assert.Throws<ConfigurationErrorException>(() => SettingsLoader.Load(null, overrides.ToDictionary(o => o.Key, o => (string?)o.Value)));

    [Theory]
    [InlineData("Pipeline:RingSize", "1000", "Pipeline:RingSize", "power of two")]
    [InlineData("Pipeline:WaitStrategy", "spin-forever", "Pipeline:WaitStrategy", "busy-spin")]
    [InlineData("Pipeline:Topology", "mesh", "Pipeline:Topology", "fused")]
    [InlineData("Pipeline:Cpus:0", "4096", "Pipeline:Cpus:0", "CPU 4096 does not exist")]
    [InlineData("Model:Weights:Velocity", "-0.5", "Weights", "Velocity")]
    [InlineData("Feeds:Binance:Url", "not a url", "Feeds:Binance:Url", "ws://")]
    [InlineData("Feeds:Okx:Url", "http://www.okx.com", "Feeds:Okx:Url", "ws://")]
    [InlineData("Feeds:Binance:Url", "wss://fstream.binance.com/stream", "Feeds:Binance:Url", "retired on 2026-04-23")]
    [InlineData("Feeds:Binance:Url", "wss://fstream.binance.com/ws", "Feeds:Binance:Url", "retired on 2026-04-23")]
    [InlineData("Feeds:Binance:Url", "wss://fstream.binance.com/market", "Feeds:Binance:Url", "give the venue root")]
    [InlineData("Feeds:StaleStreamTimeout", "-00:00:01", "Feeds:StaleStreamTimeout", "negative")]
    [InlineData("Feeds:FreshWindow", "00:00:00", "Feeds:FreshWindow", "positive")]
    [InlineData("Feeds:GapHold", "-00:00:01", "Feeds:GapHold", "negative")]
    [InlineData("Feeds:Symbols:0", "BTC-USDT!", "Feeds:Symbols:0", "not a symbol")]
    [InlineData("Redis:Endpoint", "localhost", "Redis:Endpoint", "host:port")]
    [InlineData("Dashboard:BindAddress", "0.0.0.0", "Dashboard:Token", "loopback")]
    [InlineData("WebSocket:BindAddress", "0.0.0.0", "WebSocket:Token", "loopback")]
    [InlineData("WebSocket:MaxClients", "0", "WebSocket:MaxClients", "at least 1")]
    [InlineData("WebSocket:MaxFrameBytes", "10", "WebSocket:MaxFrameBytes", "at least 64")]
    [InlineData("WebSocket:WaitForClients", "1", "WebSocket:WaitForClients", "needs the fan-out on")]
    [InlineData("Redis:StreamMaxLength", "-1", "Redis:StreamMaxLength", "0 (off)")]
    [InlineData("Redis:KeyTtlSeconds", "-5", "Redis:KeyTtlSeconds", "no expiry")]
    public void A_bad_value_is_reported_under_its_key(string key, string value, string expectedKey, string expectedReason)
    {
        var overrides = new List<(string, string)> { (key, value) };
        if (key.StartsWith("Dashboard", StringComparison.Ordinal)) overrides.Add(("Dashboard:Port", "8099"));
        if (key.StartsWith("Redis", StringComparison.Ordinal) && key != "Redis:Endpoint") overrides.Add(("Redis:Endpoint", "127.0.0.1:6379"));
        var ex = Fails([.. overrides]);
        var line = Assert.Single(ex.Errors, e => e.Contains(expectedKey, StringComparison.Ordinal));
        Assert.Contains(expectedReason, line, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void All_zero_weights_are_refused()
    {
        var ex = Fails(("Model:Weights:Velocity", "0"), ("Model:Weights:Acceleration", "0"), ("Model:Weights:Volume", "0"),
            ("Model:Weights:OiChange", "0"), ("Model:Weights:Funding", "0"), ("Model:Weights:Volatility", "0"));
        Assert.Contains(ex.Errors, e => e.Contains("Weights", StringComparison.Ordinal) && e.Contains("zero", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void An_unknown_key_is_an_error_naming_it()
    {
        var ex = Fails(("Feeds:Kraken:Url", "wss://example.invalid"));
        Assert.Contains("Kraken", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_of_the_wrong_type_names_the_key()
    {
        var ex = Fails(("Pipeline:RingSize", "lots"));
        Assert.Contains("Pipeline:RingSize", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_weights_file_names_the_key_and_the_path()
    {
        var ex = Fails(("WeightsFile", "/nonexistent/weights.json"));
        Assert.Contains(ex.Errors, e => e.StartsWith("WeightsFile:", StringComparison.Ordinal) && e.Contains("/nonexistent/weights.json", StringComparison.Ordinal));
    }

    [Fact]
    public void Several_errors_are_reported_together()
    {
        var ex = Fails(("Pipeline:RingSize", "3"), ("Feeds:Bybit:Url", "ftp://x"));
        Assert.Contains(ex.Errors, e => e.StartsWith("Pipeline:RingSize", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Feeds:Bybit:Url", StringComparison.Ordinal));
    }

    [Fact]
    public void A_json_file_and_environment_variables_are_layered_under_the_options()
    {
        string file = Path.Combine(Path.GetTempPath(), $"llc-config-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{ "Pipeline": { "RingSize": 1024, "Topology": "split" }, "Feeds": { "Symbols": ["ETHUSDT"] } }""");
        try
        {
            var settings = SettingsLoader.Load(file, new Dictionary<string, string?> { ["Pipeline:Topology"] = "per-stage" });
            Assert.Equal(1024, settings.Pipeline.RingSize);
            Assert.Equal("per-stage", settings.Pipeline.Topology);
            Assert.Equal(["ETHUSDT"], settings.Feeds.Symbols);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void The_ring_is_sized_by_the_run_unless_configured()
    {
        var settings = SettingsLoader.Load(null, new Dictionary<string, string?>());
        Assert.Equal(0, settings.Pipeline.RingSize);
        Assert.Empty(settings.Pipeline.Validate());
        settings.Pipeline.MultiProducer = true;   // live feeds
        Assert.Equal(Engine.Pipeline.PipelineOptions.LiveRingSize, settings.Pipeline.EffectiveRingSize);
        settings.Pipeline.MultiProducer = false;  // a replay
        Assert.Equal(Engine.Pipeline.PipelineOptions.ReplayRingSize, settings.Pipeline.EffectiveRingSize);
        var configured = SettingsLoader.Load(null, new Dictionary<string, string?> { ["Pipeline:RingSize"] = "2048" });
        configured.Pipeline.MultiProducer = true;
        Assert.Equal(2048, configured.Pipeline.EffectiveRingSize);
    }
}
