using System.Text;
using IncidentBot.Slack.Inbound;
using IncidentBot.Slack.Outbound;
using IncidentBot.Slack.Verification;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace IncidentBot.Slack;

/// <summary>
/// The <c>/slack</c> routes (DESIGN §4). <see cref="SlackVerificationFilter"/> runs first on the whole group, so
/// each handler sees only verified requests and reads the raw body it verified. Messages that follow from a
/// request are stored in the outbox before the answer; the outbox worker is woken once the response has gone out.
/// </summary>
internal static class SlackEndpoints
{
    private const string JsonContentType = "application/json";

    public static async Task<Results<JsonAnswer, ContentHttpResult, Ok, BadRequest<string>, StatusCodeHttpResult>> HandleCommandAsync(
        HttpContext context,
        [FromServices] SlackInboundHandler handler,
        [FromServices] SlackOutbox outbox,
        CancellationToken cancellationToken)
    {
        if (!HasMediaType(context.Request, FormBody.ContentType))
        {
            return TypedResults.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }

        IReadOnlyDictionary<string, string> fields;
        try
        {
            fields = FormBody.Parse(RawBody(context).Span);
        }
        catch (SlackPayloadException exception)
        {
            return TypedResults.BadRequest(exception.Message);
        }

        return Answer(context, await handler.HandleSlashCommandAsync(fields, cancellationToken), outbox);
    }

    public static async Task<Results<JsonAnswer, ContentHttpResult, Ok, BadRequest<string>, StatusCodeHttpResult>> HandleEventAsync(
        HttpContext context,
        [FromServices] SlackInboundHandler handler,
        [FromServices] SlackOutbox outbox,
        CancellationToken cancellationToken)
    {
        if (!HasMediaType(context.Request, JsonContentType))
        {
            return TypedResults.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }

        try
        {
            using var document = Json.ParseObject(RawBody(context), "The event body");
            return Answer(context, await handler.HandleEventAsync(document.RootElement, cancellationToken), outbox);
        }
        catch (SlackPayloadException exception)
        {
            return TypedResults.BadRequest(exception.Message);
        }
    }

    public static async Task<Results<JsonAnswer, ContentHttpResult, Ok, BadRequest<string>, StatusCodeHttpResult>> HandleInteractionAsync(
        HttpContext context,
        [FromServices] SlackInboundHandler handler,
        [FromServices] SlackOutbox outbox,
        CancellationToken cancellationToken)
    {
        if (!HasMediaType(context.Request, FormBody.ContentType))
        {
            return TypedResults.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }

        try
        {
            var fields = FormBody.Parse(RawBody(context).Span);
            if (!fields.TryGetValue("payload", out var payload) || payload.Length == 0)
            {
                return TypedResults.BadRequest("The interaction has no 'payload' field.");
            }

            using var document = Json.ParseObject(Encoding.UTF8.GetBytes(payload), "The interaction payload");
            return Answer(context, await handler.HandleInteractionAsync(document.RootElement, cancellationToken), outbox);
        }
        catch (SlackPayloadException exception)
        {
            return TypedResults.BadRequest(exception.Message);
        }
    }

    private static Results<JsonAnswer, ContentHttpResult, Ok, BadRequest<string>, StatusCodeHttpResult> Answer(
        HttpContext context, SlackInboundResult result, SlackOutbox outbox)
    {
        if (result.Queued > 0)
        {
            // The messages are stored already; waking the worker after the response lets the person see the answer first.
            context.Response.OnCompleted(() =>
            {
                outbox.Nudge();
                return Task.CompletedTask;
            });
        }

        return result.Answer switch
        {
            SlackAnswer.Json => new JsonAnswer(result.JsonBody ?? throw new InvalidOperationException("A JSON answer was made without its body.")),
            SlackAnswer.Text => TypedResults.Text(result.Body, "text/plain; charset=utf-8"),
            SlackAnswer.BadRequest => TypedResults.BadRequest(result.Body ?? "Malformed payload."),
            SlackAnswer.Busy => TypedResults.StatusCode(StatusCodes.Status503ServiceUnavailable),
            _ => TypedResults.Ok(),
        };
    }

    private static ReadOnlyMemory<byte> RawBody(HttpContext context) =>
        context.Features.Get<SlackRawBody>()?.Bytes
        ?? throw new InvalidOperationException("The Slack verification filter did not run for this endpoint.");

    private static bool HasMediaType(HttpRequest request, string expected) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
        && mediaType.MediaType.Equals(expected, StringComparison.OrdinalIgnoreCase);

    /// <summary>200 with a UTF-8 JSON body already written: every slash command is answered with one.</summary>
    internal sealed class JsonAnswer(byte[] utf8Json) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            httpContext.Response.StatusCode = StatusCodes.Status200OK;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            httpContext.Response.ContentLength = utf8Json.Length;
            return httpContext.Response.Body.WriteAsync(utf8Json, httpContext.RequestAborted).AsTask();
        }
    }
}
