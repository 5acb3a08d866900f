using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace IncidentBot.Slack.Verification;

/// <summary>
/// Slack's request signing, v0: HMAC-SHA256 keyed with the signing secret over <c>v0:{timestamp}:{raw body}</c>,
/// a symmetric five-minute window measured with <see cref="TimeProvider"/>, and a constant-time comparison.
/// Fails closed: without a signing secret nothing verifies.
/// </summary>
internal sealed class SlackSignatureVerifier(IOptions<SlackOptions> options, TimeProvider timeProvider)
{
    public const string TimestampHeader = "X-Slack-Request-Timestamp";
    public const string SignatureHeader = "X-Slack-Signature";
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private const string Version = "v0";
    private const int HashBytes = 32;

    public SignatureCheck Verify(string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        var secret = options.Value.SigningSecret;
        if (string.IsNullOrWhiteSpace(secret))
        {
            return SignatureCheck.NotConfigured;
        }

        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            return SignatureCheck.MissingHeaders;
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return SignatureCheck.MalformedTimestamp;
        }

        var age = timeProvider.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (age.Duration() > Window)
        {
            return SignatureCheck.Stale;
        }

        if (!signature.StartsWith(Version + "=", StringComparison.Ordinal))
        {
            return SignatureCheck.WrongVersion;
        }

        var hex = signature.AsSpan(Version.Length + 1);
        Span<byte> provided = stackalloc byte[HashBytes];
        if (hex.Length != HashBytes * 2 || Convert.FromHexString(hex, provided, out _, out var written) != OperationStatus.Done || written != HashBytes)
        {
            return SignatureCheck.Mismatch;
        }

        Span<byte> expected = stackalloc byte[HashBytes];
        Compute(secret, timestamp, body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, provided) ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }

    /// <summary>The <c>v0=…</c> header value for a body; what Slack sends and what tests sign with.</summary>
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[HashBytes];
        Compute(secret, timestamp, body, hash);
        return Version + "=" + Convert.ToHexStringLower(hash);
    }

    private static void Compute(string secret, string timestamp, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.UTF8.GetBytes(string.Concat(Version, ":", timestamp, ":")));
        hmac.AppendData(body);
        hmac.GetHashAndReset(destination);
    }
}

internal enum SignatureCheck
{
    Valid,
    NotConfigured,
    MissingHeaders,
    MalformedTimestamp,
    Stale,
    WrongVersion,
    Mismatch,
}
