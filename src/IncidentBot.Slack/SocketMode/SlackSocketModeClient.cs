using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentBot.Slack.Inbound;
using IncidentBot.Slack.Outbound;
using IncidentBot.Slack.WebApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IncidentBot.Slack.SocketMode;

/// <summary>
/// Socket Mode (<c>Slack:AppToken</c> set): <c>apps.connections.open</c> for a single-use URL, connect, wait for
/// <c>hello</c>, then acknowledge every envelope by <c>envelope_id</c>. Envelopes go to the same
/// <see cref="SlackInboundHandler"/> as HTTP: the ack carries what the HTTP response would (a slash command's
/// reply, a modal's errors) and is sent as soon as Core has persisted and follow-up messages are in the outbox; the
/// outbox worker is woken after the ack. An event still being processed by an earlier delivery is not acknowledged,
/// so Slack redelivers it. <c>disconnect</c> (warning, refresh_requested …) reconnects at once, a dropped socket reconnects with
/// back-off, and <c>link_disabled</c> (Socket Mode turned off) or an unusable token stops the client.
/// </summary>
internal sealed class SlackSocketModeClient(
    IServiceScopeFactory scopes,
    SlackOutbox outbox,
    SocketModeTimings timings,
    TimeProvider timeProvider,
    ILogger<SlackSocketModeClient> logger) : BackgroundService
{
    private static readonly HashSet<string> UnrecoverableErrors = new(StringComparer.Ordinal)
    {
        "not_authed", "invalid_auth", "account_inactive", "user_removed_from_team", "team_disabled", "missing_args", "not_allowed_token_type", "token_revoked",
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        var quickDisconnects = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = timeProvider.GetTimestamp();
            var (end, error) = await ConnectOnceAsync(stoppingToken);
            switch (end.Kind)
            {
                case EndKind.Stopped:
                    return;
                case EndKind.LinkDisabled:
                    SlackLog.SocketLinkDisabled(logger);
                    return;
                case EndKind.DisconnectRequested:
                    // A routine refresh reconnects at once; disconnects in quick succession back off instead of
                    // hammering apps.connections.open.
                    SlackLog.SocketDisconnectRequested(logger, end.Reason ?? "unknown");
                    failures = 0;
                    quickDisconnects = timeProvider.GetElapsedTime(started) < timings.MinHealthyConnection ? quickDisconnects + 1 : 0;
                    if (quickDisconnects > 1)
                    {
                        await Task.Delay(timings.Backoff(quickDisconnects - 1), timeProvider, stoppingToken);
                    }

                    break;
                default:
                    failures = end.HadHello ? 1 : failures + 1;
                    var delay = timings.Backoff(failures);
                    if (error is SlackApiException { RetryAfter: { } retryAfter } && retryAfter > delay)
                    {
                        delay = retryAfter;
                    }

                    SlackLog.SocketReconnecting(logger, error, delay, failures);
                    await Task.Delay(delay, timeProvider, stoppingToken);
                    break;
            }
        }
    }

    /// <summary>One connection from <c>apps.connections.open</c> to its end, and the error that ended it if any.</summary>
    private async Task<(ConnectionEnd End, Exception? Error)> ConnectOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            Uri url;
            await using (var scope = scopes.CreateAsyncScope())
            {
                url = await scope.ServiceProvider.GetRequiredService<SlackApiClient>().OpenSocketModeConnectionAsync(stoppingToken);
            }

            return (await RunConnectionAsync(url, stoppingToken), null);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return (ConnectionEnd.Stopped, null);
        }
        catch (SlackApiException exception) when (UnrecoverableErrors.Contains(exception.Error))
        {
            SlackLog.SocketUnrecoverable(logger, exception.Error);
            return (ConnectionEnd.Stopped, exception);
        }
        catch (Exception exception) when (exception is WebSocketException or SlackApiException or OperationCanceledException or IOException or JsonException)
        {
            return (ConnectionEnd.Dropped(false), exception);
        }
    }

    private async Task<ConnectionEnd> RunConnectionAsync(Uri url, CancellationToken stoppingToken)
    {
        using var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = timings.KeepAliveInterval;
        using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
        {
            connectTimeout.CancelAfter(timings.ConnectTimeout);
            await socket.ConnectAsync(url, connectTimeout.Token);
        }

        using var sendLock = new SemaphoreSlim(1, 1);
        var inFlight = new List<Task>();
        var hadHello = false;
        using var helloTimeout = new CancellationTokenSource(timings.HelloTimeout, timeProvider);
        using var beforeHello = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, helloTimeout.Token);
        try
        {
            while (true)
            {
                var frame = await ReceiveTextAsync(socket, hadHello ? stoppingToken : beforeHello.Token);
                if (frame is null)
                {
                    return ConnectionEnd.Dropped(hadHello);
                }

                using var document = TryParse(frame);
                if (document is null)
                {
                    continue;
                }

                var root = document.RootElement;
                if (await OnFrameAsync(root, socket, sendLock, inFlight, stoppingToken) is { } end)
                {
                    return end;
                }

                hadHello |= root.String("type") == "hello";
            }
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested && helloTimeout.IsCancellationRequested && !hadHello)
        {
            return ConnectionEnd.Dropped(false);
        }
        catch (WebSocketException)
        {
            return ConnectionEnd.Dropped(hadHello);
        }
    }

    /// <summary>Handles one frame; returns how the connection ends when the frame ends it.</summary>
    private async Task<ConnectionEnd?> OnFrameAsync(JsonElement root, ClientWebSocket socket, SemaphoreSlim sendLock, List<Task> inFlight, CancellationToken stoppingToken)
    {
        switch (root.String("type"))
        {
            case "hello":
                var connections = (int)(root.Long("num_connections") ?? 1);
                SlackLog.SocketConnected(logger, connections);

                return null;
            case "disconnect":
                var reason = root.String("reason") ?? "unknown";
                if (reason == "link_disabled")
                {
                    return ConnectionEnd.LinkDisabled;
                }

                await DrainAsync(inFlight, stoppingToken);
                await CloseQuietlyAsync(socket, stoppingToken);
                return ConnectionEnd.Disconnect(reason);
            case "events_api" or "slash_commands" or "interactive" when root.String("envelope_id") is { Length: > 0 } envelopeId:
                inFlight.RemoveAll(task => task.IsCompleted);
                inFlight.Add(ProcessEnvelopeAsync(socket, sendLock, envelopeId, root.Clone(), stoppingToken));
                return null;
            default:
                return null;
        }
    }

    private async Task ProcessEnvelopeAsync(ClientWebSocket socket, SemaphoreSlim sendLock, string envelopeId, JsonElement envelope, CancellationToken stoppingToken)
    {
        var type = envelope.String("type") ?? string.Empty;
        SlackInboundResult result;
        try
        {
            var payload = envelope.Object("payload") ?? throw new SlackPayloadException("The envelope has no payload.");
            await using var scope = scopes.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetRequiredService<SlackInboundHandler>();
            result = type switch
            {
                "events_api" => await handler.HandleEventAsync(payload, stoppingToken),
                "slash_commands" => await handler.HandleSlashCommandAsync(ToFields(payload), stoppingToken),
                _ => await handler.HandleInteractionAsync(payload, stoppingToken),
            };
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (SlackPayloadException exception)
        {
            // Garbage is acknowledged so that Slack does not redeliver it; the log says what was dropped.
            SlackLog.MalformedPayload(logger, exception.Message);
            result = SlackInboundResult.Empty;
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            // Not acknowledged: like an HTTP 500, Slack redelivers the envelope and Core's idempotency absorbs it.
            SlackLog.EnvelopeFailed(logger, exception, envelopeId, type);
            return;
        }

        if (result.Answer == SlackAnswer.Busy)
        {
            return;
        }

        var ack = new JsonObject { ["envelope_id"] = envelopeId };
        if (result.Answer == SlackAnswer.Json && envelope.Bool("accepts_response_payload") && result.JsonBody is not null)
        {
            ack["payload"] = JsonNode.Parse(result.JsonBody);
        }

        try
        {
            await SendAsync(socket, sendLock, ack.ToJsonString(), stoppingToken);
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            SlackLog.EnvelopeFailed(logger, exception, envelopeId, type);
            return;
        }

        if (result.Queued > 0)
        {
            outbox.Nudge();
        }
    }

    /// <summary>The Socket Mode form of a slash command is the HTTP form's fields as a JSON object.</summary>
    private static Dictionary<string, string> ToFields(JsonElement payload)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in payload.EnumerateObject())
        {
            fields.TryAdd(property.Name, property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText());
        }

        return fields;
    }

    private static async Task SendAsync(ClientWebSocket socket, SemaphoreSlim sendLock, string text, CancellationToken cancellationToken)
    {
        await sendLock.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            sendLock.Release();
        }
    }

    /// <summary>One whole text frame, or null when the server closed the socket.</summary>
    private async Task<string?> ReceiveTextAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, received.Count);
            if (message.Length > timings.MaxFrameBytes)
            {
                throw new WebSocketException(WebSocketError.HeaderError, "Socket Mode frame over the size limit.");
            }

            if (received.EndOfMessage)
            {
                return received.MessageType == WebSocketMessageType.Text ? Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length) : string.Empty;
            }
        }
    }

    private async Task DrainAsync(List<Task> inFlight, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(inFlight).WaitAsync(timings.DrainTimeout, timeProvider, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Envelopes still running are not acknowledged; Slack redelivers them on the new socket.
        }
    }

    private static async Task CloseQuietlyAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "reconnecting", cancellationToken);
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The server may already be gone.
        }
    }

    private static JsonDocument? TryParse(string frame)
    {
        if (frame.Length == 0)
        {
            return null;
        }

        try
        {
            var document = JsonDocument.Parse(frame);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private enum EndKind
    {
        Dropped,
        DisconnectRequested,
        LinkDisabled,
        Stopped,
    }

    private sealed record ConnectionEnd(EndKind Kind, string? Reason, bool HadHello)
    {
        public static readonly ConnectionEnd LinkDisabled = new(EndKind.LinkDisabled, "link_disabled", true);

        public static readonly ConnectionEnd Stopped = new(EndKind.Stopped, null, false);

        public static ConnectionEnd Disconnect(string reason) => new(EndKind.DisconnectRequested, reason, true);

        public static ConnectionEnd Dropped(bool hadHello) => new(EndKind.Dropped, null, hadHello);
    }
}
