using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IncidentBot.Slack.Verification;

/// <summary>
/// Applied to the whole <c>/slack</c> route group so no handler can forget it: buffers the raw body (at most
/// <see cref="MaxBodyBytes"/>, else 413), verifies the signature, and answers 401 with no detail on failure.
/// Handlers run only for verified requests and read the body from <see cref="SlackRawBody"/>.
/// </summary>
internal sealed class SlackVerificationFilter(SlackSignatureVerifier verifier, ILogger<SlackVerificationFilter> logger) : IEndpointFilter
{
    /// <summary>Slack's largest payloads are view submissions (views up to 250 kB); allow some headroom.</summary>
    public const int MaxBodyBytes = 512 * 1024;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var request = http.Request;

        if (request.ContentLength > MaxBodyBytes)
        {
            SlackLog.BodyTooLarge(logger, request.Path, request.ContentLength.Value);
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var body = request.ContentLength is { } length
            ? await ReadExactlyAsync(request.Body, (int)length, http.RequestAborted)
            : await ReadLimitedAsync(request.Body, http.RequestAborted);
        if (body is null)
        {
            SlackLog.BodyTooLarge(logger, request.Path, -1);
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var check = verifier.Verify(
            request.Headers[SlackSignatureVerifier.TimestampHeader].ToString(),
            request.Headers[SlackSignatureVerifier.SignatureHeader].ToString(),
            body);
        if (check != SignatureCheck.Valid)
        {
            SlackLog.VerificationFailed(logger, request.Path, check);
            return TypedResults.Unauthorized();
        }

        http.Features.Set(new SlackRawBody(body));
        return await next(context);
    }

    /// <summary>A body of known length (checked against the limit already) straight into its own array.</summary>
    private static async Task<byte[]> ReadExactlyAsync(Stream body, int length, CancellationToken cancellationToken)
    {
        var bytes = new byte[length];
        await body.ReadExactlyAsync(bytes, cancellationToken);
        return bytes;
    }

    /// <summary>A body of unknown length (chunked): read in pooled chunks, or null as soon as it passes the limit.</summary>
    private static async Task<byte[]?> ReadLimitedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }
}
