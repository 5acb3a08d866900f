using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace IncidentBot.TestKit.Slack;

/// <summary>
/// Signs test requests the way Slack does (v0, HMAC-SHA256 over <c>v0:{timestamp}:{body}</c>), written
/// independently of the adapter's verifier so that each checks the other.
/// </summary>
public sealed class SlackRequestSigner(string signingSecret, TimeProvider clock)
{
    public const string TimestampHeader = "X-Slack-Request-Timestamp";
    public const string SignatureHeader = "X-Slack-Signature";

    public static string ComputeSignature(string secret, string timestamp, string body)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        var message = Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}");
        return "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, message));
    }

    /// <summary>A signed POST of a form body (slash commands, interactions).</summary>
    public HttpRequestMessage Form(string path, string body, DateTimeOffset? signedAt = null) =>
        Create(path, body, "application/x-www-form-urlencoded", signedAt);

    /// <summary>A signed POST of a JSON body (Events API).</summary>
    public HttpRequestMessage Json(string path, string body, DateTimeOffset? signedAt = null) =>
        Create(path, body, "application/json", signedAt);

    public HttpRequestMessage Create(string path, string body, string contentType, DateTimeOffset? signedAt = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        Sign(request, body, signedAt);
        return request;
    }

    public void Sign(HttpRequestMessage request, string body, DateTimeOffset? signedAt = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var timestamp = (signedAt ?? clock.GetUtcNow()).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        request.Headers.Remove(TimestampHeader);
        request.Headers.Remove(SignatureHeader);
        request.Headers.Add(TimestampHeader, timestamp);
        request.Headers.Add(SignatureHeader, ComputeSignature(signingSecret, timestamp, body));
    }
}
