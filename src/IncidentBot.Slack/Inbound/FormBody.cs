using System.Net;
using System.Text;

namespace IncidentBot.Slack.Inbound;

/// <summary>Decodes an <c>application/x-www-form-urlencoded</c> body from its raw bytes (the bytes that were verified).</summary>
internal static class FormBody
{
    public const string ContentType = "application/x-www-form-urlencoded";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The first value of each key; <c>+</c> and percent escapes decoded as UTF-8.</summary>
    public static IReadOnlyDictionary<string, string> Parse(ReadOnlySpan<byte> body)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException exception)
        {
            throw new SlackPayloadException("The form body is not UTF-8.", exception);
        }

        // A slash command has about a dozen fields: sized once, not grown field by field.
        var fields = new Dictionary<string, string>(16, StringComparer.Ordinal);
        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = WebUtility.UrlDecode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : WebUtility.UrlDecode(pair[(equals + 1)..]);
            fields.TryAdd(key, value);
        }

        return fields;
    }
}
