using System.Text.Json;
using System.Text.Json.Serialization;

using LowLatencyCascade.Hosting;

namespace LowLatencyCascade.Hosting.Dashboard;

/// <summary>Source-generated JSON for the snapshot the page and <c>/api/snapshot</c> read: camelCase, no reflection.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DashboardSnapshot))]
public sealed partial class DashboardJsonContext : JsonSerializerContext;
