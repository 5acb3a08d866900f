using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace IncidentBot.TestKit.Slack;

/// <summary>
/// A fake Slack Web API on loopback Kestrel: <c>POST|GET {BaseUrl}{method}</c> answers like Slack (sensible
/// <c>ok:true</c> defaults per method, or scripted answers such as 429 with <c>Retry-After</c>, <c>ok:false</c>
/// and 500), and every request is recorded as it arrived. <c>POST /upload/{id}</c> plays the file host.
/// </summary>
public sealed class FakeSlackWebApi : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeSlackAnswer>> _scripted = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly List<RecordedSlackRequest> _requests = [];
    private readonly Channel<RecordedSlackRequest> _arrivals = Channel.CreateUnbounded<RecordedSlackRequest>();
    private readonly List<byte[]> _uploads = [];
    private WebApplication? _app;
    private int _sequence;

    private FakeSlackWebApi()
    {
    }

    /// <summary>The workspace <c>auth.test</c> says the bot token belongs to.</summary>
    public const string TeamId = "T0FAKE";

    /// <summary>Where the adapter's <c>Slack:ApiBaseUrl</c> should point: <c>http://127.0.0.1:port/api/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public Uri Root { get; private set; } = null!;

    public IReadOnlyList<RecordedSlackRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public IReadOnlyList<byte[]> Uploads
    {
        get
        {
            lock (_gate)
            {
                return [.. _uploads];
            }
        }
    }

    public static async Task<FakeSlackWebApi> StartAsync(CancellationToken cancellationToken = default)
    {
        var fake = new FakeSlackWebApi();
        var (app, root) = await LoopbackServer.StartAsync(fake.Configure, cancellationToken);
        fake._app = app;
        fake.Root = root;
        fake.BaseUrl = new Uri(root, "api/");
        return fake;
    }

    public IReadOnlyList<RecordedSlackRequest> RequestsTo(string method) =>
        Requests.Where(request => request.Method == method).ToList();

    /// <summary>Scripts the next answers of <paramref name="method"/>, in order; after them the defaults return.</summary>
    public void Enqueue(string method, params FakeSlackAnswer[] answers)
    {
        var queue = _scripted.GetOrAdd(method, _ => new ConcurrentQueue<FakeSlackAnswer>());
        foreach (var answer in answers)
        {
            queue.Enqueue(answer);
        }
    }

    /// <summary>Waits for the next request to <paramref name="method"/> that arrives from now on or is already recorded and not yet awaited.</summary>
    public async Task<RecordedSlackRequest> WaitForAsync(string method, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        while (true)
        {
            var request = await _arrivals.Reader.ReadAsync(cancellation.Token);
            if (request.Method == method)
            {
                return request;
            }
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
        app.MapPost("/upload/{id}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            lock (_gate)
            {
                _uploads.Add(body.ToArray());
            }

            return Results.Text("OK - " + body.Length.ToString(CultureInfo.InvariantCulture));
        });
        app.MapMethods("/api/{method}", ["GET", "POST"], HandleAsync);
    }

    private async Task HandleAsync(HttpContext context, string method)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var request = new RecordedSlackRequest(
            context.Request.Method,
            method,
            context.Request.ContentType,
            context.Request.Headers.Authorization.ToString(),
            context.Request.QueryString.Value ?? string.Empty,
            body);
        lock (_gate)
        {
            _requests.Add(request);
        }

        _arrivals.Writer.TryWrite(request);

        var answer = _scripted.TryGetValue(method, out var queue) && queue.TryDequeue(out var scripted)
            ? scripted
            : FakeSlackAnswer.Ok(Default(request));
        if (answer.HeldUntil is { } release)
        {
            try
            {
                await release.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The caller gave up waiting: there is no one to answer.
                return;
            }

            if (answer.Body.Length == 0)
            {
                answer = FakeSlackAnswer.Ok(Default(request)) with { HeldUntil = null };
            }
        }
        context.Response.StatusCode = answer.Status;
        if (answer.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        context.Response.ContentType = answer.Body.StartsWith('<') ? "text/html" : "application/json; charset=utf-8";
        await context.Response.WriteAsync(answer.Body, context.RequestAborted);
    }

    /// <summary>What Slack would answer to a valid call, shaped like the documented examples.</summary>
    private JsonObject Default(RecordedSlackRequest request)
    {
        var n = Interlocked.Increment(ref _sequence);
        var ts = string.Create(CultureInfo.InvariantCulture, $"1700000000.{n:D6}");
        var channel = Field(request, "channel") ?? Field(request, "channel_id") ?? "C000";
        return request.Method switch
        {
            "chat.postMessage" => new JsonObject { ["ok"] = true, ["channel"] = channel, ["ts"] = ts },
            "chat.postEphemeral" => new JsonObject { ["ok"] = true, ["message_ts"] = ts },
            "chat.update" => new JsonObject { ["ok"] = true, ["channel"] = channel, ["ts"] = Field(request, "ts") ?? ts },
            "conversations.create" => new JsonObject
            {
                ["ok"] = true,
                ["channel"] = new JsonObject { ["id"] = string.Create(CultureInfo.InvariantCulture, $"CNEW{n}"), ["name"] = Field(request, "name"), ["is_member"] = true },
            },
            "conversations.invite" or "conversations.setTopic" or "conversations.info" => new JsonObject
            {
                ["ok"] = true,
                ["channel"] = new JsonObject { ["id"] = channel, ["name"] = "general" },
            },
            "conversations.history" => new JsonObject
            {
                ["ok"] = true,
                ["messages"] = new JsonArray(),
                ["has_more"] = false,
                ["response_metadata"] = new JsonObject { ["next_cursor"] = string.Empty },
            },
            "users.info" => new JsonObject
            {
                ["ok"] = true,
                ["user"] = new JsonObject
                {
                    ["id"] = Field(request, "user"),
                    ["name"] = Field(request, "user")?.ToLowerInvariant(),
                    ["profile"] = new JsonObject { ["display_name"] = "name-of-" + Field(request, "user") },
                },
            },
            "views.open" => new JsonObject { ["ok"] = true, ["view"] = new JsonObject { ["id"] = "V0001" } },
            "files.getUploadURLExternal" => new JsonObject
            {
                ["ok"] = true,
                ["upload_url"] = new Uri(Root, "upload/F0001").AbsoluteUri,
                ["file_id"] = "F0001",
            },
            "files.completeUploadExternal" => new JsonObject { ["ok"] = true, ["files"] = new JsonArray(new JsonObject { ["id"] = "F0001" }) },
            "auth.test" => new JsonObject
            {
                ["ok"] = true,
                ["url"] = "https://acme.slack.com/",
                ["team"] = "Acme",
                ["user"] = "incidentbot",
                ["team_id"] = TeamId,
                ["user_id"] = "UBOT",
                ["bot_id"] = "BBOT",
            },
            _ => new JsonObject { ["ok"] = true },
        };
    }

    private static string? Field(RecordedSlackRequest request, string name)
    {
        if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            return JsonNode.Parse(request.Body)?[name]?.GetValue<string>();
        }

        return request.Fields.TryGetValue(name, out var value) ? value : null;
    }
}
