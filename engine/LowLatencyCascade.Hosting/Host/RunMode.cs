using System.Text.Json.Serialization;

namespace LowLatencyCascade.Hosting;

/// <summary>Whether a pipeline reads live connections or replays captures (the dashboard shows it).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunMode>))]
public enum RunMode
{
    [JsonStringEnumMemberName("live")] Live,
    [JsonStringEnumMemberName("replay")] Replay,
}
