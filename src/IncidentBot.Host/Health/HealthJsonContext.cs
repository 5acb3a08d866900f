using System.Text.Json;
using System.Text.Json.Serialization;

namespace IncidentBot.Host.Health;

public sealed record HealthResponse(string Status, IReadOnlyList<HealthCheckEntry> Checks);

public sealed record HealthCheckEntry(string Name, string Status);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(HealthResponse))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;
