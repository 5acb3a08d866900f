using System.Net;
using System.Text.Json.Nodes;

namespace IncidentBot.TestKit.Slack;

/// <summary>A request the fake Web API received, as sent on the wire.</summary>
public sealed record RecordedSlackRequest(
    string HttpMethod,
    string Method,
    string? ContentType,
    string? Authorization,
    string Query,
    string Body)
{
    /// <summary>The body as JSON (for JSON methods).</summary>
    public JsonObject Json => JsonNode.Parse(Body)?.AsObject() ?? throw new InvalidOperationException("The body is not a JSON object.");

    /// <summary>The body (form methods) or the query (GET methods) as fields.</summary>
    public IReadOnlyDictionary<string, string> Fields
    {
        get
        {
            var source = string.Equals(HttpMethod, "GET", StringComparison.Ordinal) ? Query.TrimStart('?') : Body;
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in source.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                fields.TryAdd(
                    WebUtility.UrlDecode(equals < 0 ? pair : pair[..equals]),
                    equals < 0 ? string.Empty : WebUtility.UrlDecode(pair[(equals + 1)..]));
            }

            return fields;
        }
    }
}
