using LowLatencyCascade.Cli.Configuration;
using LowLatencyCascade.Hosting.Configuration;
using Xunit;

namespace LowLatencyCascade.Tests.Host;

/// <summary>A feed pointed at another host takes its REST look-ups there too, unless RestUrl says otherwise.</summary>
public class RestUrlDerivationTests
{
    private static CascadeSettings Load(params (string Key, string Value)[] overrides) =>
        SettingsLoader.Load(null, overrides.ToDictionary(o => o.Key, o => (string?)o.Value));

    [Fact]
    public void Defaults_go_to_the_venues_own_rest_hosts()
    {
        var settings = Load();
        Assert.Equal("https://fapi.binance.com", settings.Feeds.Binance.RestUrl);
        Assert.Equal("https://www.okx.com", settings.Feeds.Okx.RestUrl);
    }

    [Fact]
    public void A_local_venue_server_serves_the_rest_look_ups_on_its_own_origin()
    {
        var settings = Load(("Feeds:Binance:Url", "ws://127.0.0.1:9100"), ("Feeds:Okx:Url", "wss://localhost:9443/ws/v5/public"));
        Assert.Equal("http://127.0.0.1:9100", settings.Feeds.Binance.RestUrl);
        Assert.Equal("https://localhost:9443", settings.Feeds.Okx.RestUrl);
    }

    [Fact]
    public void An_explicit_rest_url_wins_and_empty_turns_the_look_ups_off()
    {
        var settings = Load(("Feeds:Binance:Url", "ws://127.0.0.1:9100"), ("Feeds:Binance:RestUrl", "http://127.0.0.1:9200"),
            ("Feeds:Okx:Url", "ws://127.0.0.1:9100/ws/v5/public"), ("Feeds:Okx:RestUrl", ""));
        Assert.Equal("http://127.0.0.1:9200", settings.Feeds.Binance.RestUrl);
        Assert.Equal("", settings.Feeds.Okx.RestUrl);
    }

    [Fact]
    public void Another_path_on_the_real_host_keeps_the_real_rest_host()
    {
        var settings = Load(("Feeds:Okx:Url", "wss://ws.okx.com:8443/ws/v5/business"));
        Assert.Equal("https://www.okx.com", settings.Feeds.Okx.RestUrl);
    }

    [Fact]
    public void A_malformed_websocket_url_is_still_reported_under_its_key()
    {
        var e = Assert.Throws<ConfigurationErrorException>(() => Load(("Feeds:Binance:Url", "http://x")));
        Assert.Contains("Feeds:Binance:Url", e.Message);
    }
}
