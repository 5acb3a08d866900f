using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IncidentBot.Host.Health;

public static class HealthEndpoints
{
    /// <summary>The tag a health check carries to take part in readiness (database reachable, migrations applied).</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// <c>GET /healthz</c>: liveness, 200 while the process can answer (runs no checks).
    /// <c>GET /readyz</c>: readiness, the checks tagged <see cref="ReadyTag"/>; 503 when any is unhealthy.
    /// </summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            Predicate = static _ => false,
            ResponseWriter = WriteAsync,
        });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = static registration => registration.Tags.Contains(ReadyTag),
            ResponseWriter = WriteAsync,
        });
        return endpoints;
    }

    /// <summary>Names and statuses only: exception messages (which can carry connection details) stay in the log.</summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new HealthResponse(
            report.Status.ToString(),
            [.. report.Entries.Select(entry => new HealthCheckEntry(entry.Key, entry.Value.Status.ToString()))]);
        return JsonSerializer.SerializeAsync(context.Response.Body, body, HealthJsonContext.Default.HealthResponse, context.RequestAborted);
    }
}
