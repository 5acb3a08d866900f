using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace IncidentBot.TestKit.Slack;

/// <summary>
/// A fake of Slack's Socket Mode on loopback: <c>POST {ApiBaseUrl}apps.connections.open</c> hands out single-use
/// WebSocket URLs (or scripted failures), and each socket that connects becomes a <see cref="FakeSocketConnection"/>
/// the test drives: hello, envelopes, disconnect frames, dropped sockets, and the acks received.
/// </summary>
public sealed class FakeSocketModeServer : IAsyncDisposable
{
    private readonly Channel<FakeSocketConnection> _connections = Channel.CreateUnbounded<FakeSocketConnection>();
    private readonly Queue<FakeSlackAnswer> _openAnswers = new();
    private readonly Lock _gate = new();
    private readonly List<string> _appTokens = [];
    private WebApplication? _app;
    private Uri _root = null!;
    private int _tickets;

    private FakeSocketModeServer()
    {
    }

    public Uri ApiBaseUrl => new(_root, "api/");

    /// <summary>Slack's first frame on every socket; tests of a missing hello turn it off.</summary>
    public bool SendHelloOnConnect { get; set; } = true;

    /// <summary>How many times <c>apps.connections.open</c> was called.</summary>
    public int OpenCalls
    {
        get
        {
            lock (_gate)
            {
                return _appTokens.Count;
            }
        }
    }

    /// <summary>The <c>Authorization</c> headers <c>apps.connections.open</c> received.</summary>
    public IReadOnlyList<string> AppTokensSeen
    {
        get
        {
            lock (_gate)
            {
                return [.. _appTokens];
            }
        }
    }

    public static async Task<FakeSocketModeServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var fake = new FakeSocketModeServer();
        var (app, root) = await LoopbackServer.StartAsync(fake.Configure, cancellationToken);
        fake._app = app;
        fake._root = root;
        return fake;
    }

    /// <summary>Scripts the next answers of <c>apps.connections.open</c> (for example <c>invalid_auth</c>).</summary>
    public void EnqueueOpenAnswer(FakeSlackAnswer answer)
    {
        lock (_gate)
        {
            _openAnswers.Enqueue(answer);
        }
    }

    public async Task<FakeSocketConnection> NextConnectionAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        return await _connections.Reader.ReadAsync(cancellation.Token);
    }

    /// <summary>True when a socket connects within <paramref name="wait"/>; for proving that a client stopped.</summary>
    public async Task<bool> ConnectsWithinAsync(TimeSpan wait)
    {
        try
        {
            await NextConnectionAsync(wait);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private void Configure(WebApplication app)
    {
        app.UseWebSockets();
        app.MapPost("/api/apps.connections.open", (HttpContext context) =>
        {
            FakeSlackAnswer? scripted = null;
            int ticket;
            lock (_gate)
            {
                _appTokens.Add(context.Request.Headers.Authorization.ToString());
                _openAnswers.TryDequeue(out scripted);
                ticket = ++_tickets;
            }

            if (scripted is not null)
            {
                return Results.Text(scripted.Body, "application/json", Encoding.UTF8, scripted.Status);
            }

            var url = new UriBuilder(_root) { Scheme = "ws", Path = "/link/", Query = string.Create(CultureInfo.InvariantCulture, $"ticket={ticket}") }.Uri;
            return Results.Text(new JsonObject { ["ok"] = true, ["url"] = url.AbsoluteUri }.ToJsonString(), "application/json", Encoding.UTF8);
        });
        app.Map("/link", async (HttpContext context) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            using var connection = new FakeSocketConnection(socket, context.Request.Query["ticket"].ToString());
            if (SendHelloOnConnect)
            {
                await connection.SendHelloAsync();
            }

            _connections.Writer.TryWrite(connection);
            await connection.RunAsync();
        });
    }
}

/// <summary>One client socket on the fake Socket Mode server.</summary>
public sealed class FakeSocketConnection : IDisposable
{
    private readonly WebSocket _socket;
    private readonly Channel<string> _received = Channel.CreateUnbounded<string>();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    internal FakeSocketConnection(WebSocket socket, string ticket)
    {
        _socket = socket;
        Ticket = ticket;
    }

    /// <summary>The ticket of the URL this socket used; each URL is used once.</summary>
    public string Ticket { get; }

    /// <summary>Completes when the socket has ended, by either side.</summary>
    public Task Closed => _closed.Task;

    public Task SendHelloAsync() =>
        SendAsync("""{"type":"hello","num_connections":1,"debug_info":{"host":"applink-fake","build_number":10,"approximate_connection_time":18060},"connection_info":{"app_id":"A111"}}""");

    /// <summary>Sends an envelope and returns its <c>envelope_id</c>.</summary>
    public async Task<string> SendEnvelopeAsync(string type, string payloadJson, bool acceptsResponsePayload = false, string? envelopeId = null)
    {
        var id = envelopeId ?? Guid.NewGuid().ToString();
        var envelope = new JsonObject
        {
            ["envelope_id"] = id,
            ["type"] = type,
            ["payload"] = JsonNode.Parse(payloadJson),
            ["accepts_response_payload"] = acceptsResponsePayload,
        };
        if (type == "events_api")
        {
            envelope["retry_attempt"] = 0;
            envelope["retry_reason"] = string.Empty;
        }

        await SendAsync(envelope.ToJsonString());
        return id;
    }

    public Task SendDisconnectAsync(string reason) =>
        SendAsync(new JsonObject { ["type"] = "disconnect", ["reason"] = reason, ["debug_info"] = new JsonObject { ["host"] = "applink-fake" } }.ToJsonString());

    public async Task SendAsync(string text)
    {
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>The next text frame from the client (an ack), or a timeout.</summary>
    public async Task<JsonObject> ReceiveAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        var text = await _received.Reader.ReadAsync(cancellation.Token);
        return JsonNode.Parse(text)!.AsObject();
    }

    public void Dispose() => _sendLock.Dispose();

    /// <summary>Kills the socket without a close handshake, as a network failure would.</summary>
    public void Drop()
    {
        _socket.Abort();
        _closed.TrySetResult();
    }

    internal async Task RunAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    _received.Writer.TryWrite(Encoding.UTF8.GetString(message.ToArray()));
                    message.SetLength(0);
                }
            }
        }
        catch (WebSocketException)
        {
            // Dropped by the client or by Drop().
        }
        catch (OperationCanceledException)
        {
            // Server shutting down.
        }
        finally
        {
            _received.Writer.TryComplete();
            _closed.TrySetResult();
        }
    }
}
