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
/// and 500), and every request is recorded as it arrived. <c>POST /upload/{id}</c> plays the file host. Channels keep
/// what was posted into them (messages with their metadata, file shares), which <c>conversations.history</c> and
/// <c>conversations.replies</c> return the way Slack does: newest first (replies oldest first), from <c>oldest</c>,
/// in pages with a cursor, metadata only with <c>include_all_metadata=true</c>. The workspace keeps the channels the bot
/// created (and those a test adds): <c>conversations.create</c> answers <c>name_taken</c> for a name in use,
/// <c>conversations.invite</c> <c>already_in_channel</c> when everyone invited is there, and <c>users.conversations</c>
/// lists the unarchived ones the bot is in.
/// </summary>
public sealed class FakeSlackWebApi : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeSlackAnswer>> _scripted = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly List<RecordedSlackRequest> _requests = [];
    private readonly Channel<RecordedSlackRequest> _arrivals = Channel.CreateUnbounded<RecordedSlackRequest>();
    private readonly List<byte[]> _uploads = [];
    private readonly List<JsonObject> _posted = [];
    private readonly List<JsonObject> _channels = [];
    private readonly Dictionary<string, HashSet<string>> _members = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private int _sequence;
    private int _files;

    private FakeSlackWebApi()
    {
    }

    /// <summary>The workspace <c>auth.test</c> says the bot token belongs to.</summary>
    public const string TeamId = "T0FAKE";

    /// <summary>The bot's user and bot ids, as <c>auth.test</c> names them and as they appear on its messages.</summary>
    public const string BotUserId = "UBOT";

    public const string BotId = "BBOT";

    /// <summary>Stamps posted messages' <c>ts</c> (its Unix seconds, then a sequence number); unset, a fixed 2023 second.</summary>
    public TimeProvider? Clock { get; set; }

    /// <summary>Every message posted and every file shared, as the channel's history holds them, in the order they arrived.</summary>
    public IReadOnlyList<JsonObject> Posted
    {
        get
        {
            lock (_gate)
            {
                return [.. _posted.Select(message => message.DeepClone().AsObject())];
            }
        }
    }

    /// <summary>The channels the workspace holds (created by the bot, or added by the test), in the order they were made.</summary>
    public IReadOnlyList<JsonObject> Channels
    {
        get
        {
            lock (_gate)
            {
                return [.. _channels.Select(channel => channel.DeepClone().AsObject())];
            }
        }
    }

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

    /// <summary>Forgets the requests recorded so far, so that a test can look at what follows a step of its set-up.</summary>
    public void ClearRequests()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
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

    /// <summary>Puts a message into a channel's history as if someone (or another app) had posted it.</summary>
    public string AddToHistory(string channel, JsonObject message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var stored = message.DeepClone().AsObject();
        stored["channel"] = channel;
        stored["type"] ??= "message";
        var ts = stored["ts"]?.GetValue<string>() ?? NextTs();
        stored["ts"] = ts;
        lock (_gate)
        {
            _posted.Add(stored);
        }

        return ts;
    }

    /// <summary>
    /// Puts a public channel into the workspace as if <paramref name="creator"/> had made it at <paramref name="created"/>
    /// (the bot in it when <paramref name="botIsMember"/>); returns its id.
    /// </summary>
    public string AddChannel(string name, string creator, DateTimeOffset created, bool botIsMember = true, bool archived = false)
    {
        lock (_gate)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"CADDED{_channels.Count + 1}");
            _channels.Add(NewChannel(id, name, creator, created.ToUnixTimeSeconds(), archived));
            HashSet<string> members = [creator, BotUserId];
            if (!botIsMember)
            {
                // Made by the bot, which has left since: it is not in its own channel.
                members.Remove(BotUserId);
            }

            _members[id] = members;
            return id;
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

    /// <summary>
    /// Waits until each of <paramref name="methods"/> has been called once more, in any order (messages to different
    /// channels go out side by side), and returns those calls by method.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, RecordedSlackRequest>> WaitForEachAsync(TimeSpan timeout, params string[] methods)
    {
        ArgumentNullException.ThrowIfNull(methods);
        using var cancellation = new CancellationTokenSource(timeout);
        var seen = new Dictionary<string, RecordedSlackRequest>(StringComparer.Ordinal);
        while (seen.Count < methods.Distinct(StringComparer.Ordinal).Count())
        {
            var request = await _arrivals.Reader.ReadAsync(cancellation.Token);
            if (methods.Contains(request.Method, StringComparer.Ordinal))
            {
                seen.TryAdd(request.Method, request);
            }
        }

        return seen;
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

        FakeSlackAnswer answer;
        if (_scripted.TryGetValue(method, out var queue) && queue.TryDequeue(out var scripted))
        {
            answer = scripted;
            if (answer.Accepts)
            {
                Default(request);
            }
        }
        else
        {
            answer = FakeSlackAnswer.Ok(Default(request));
        }

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

        if (answer.Status == FakeSlackAnswer.DroppedStatus)
        {
            context.Abort();
            return;
        }

        context.Response.StatusCode = answer.Status;
        if (answer.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        context.Response.ContentType = answer.Body.StartsWith('<') ? "text/html" : "application/json; charset=utf-8";
        await context.Response.WriteAsync(answer.Body, context.RequestAborted);
    }

    /// <summary>What Slack would answer to a valid call, shaped like the documented examples, having done what it asks.</summary>
    private JsonObject Default(RecordedSlackRequest request)
    {
        var ts = NextTs();
        var n = Volatile.Read(ref _sequence);
        var channel = Field(request, "channel") ?? Field(request, "channel_id") ?? "C000";
        return request.Method switch
        {
            "chat.postMessage" => Post(request, channel, ts),
            "chat.postEphemeral" => new JsonObject { ["ok"] = true, ["message_ts"] = ts },
            "chat.update" => new JsonObject { ["ok"] = true, ["channel"] = channel, ["ts"] = Field(request, "ts") ?? ts },
            "conversations.create" => Create(request, string.Create(CultureInfo.InvariantCulture, $"CNEW{n}")),
            "conversations.open" => new JsonObject
            {
                ["ok"] = true,
                ["channel"] = new JsonObject { ["id"] = DirectMessageChannel(Field(request, "users") ?? "U000") },
            },
            "conversations.invite" => Invite(request, channel),
            "conversations.setTopic" => SetTopic(channel, Field(request, "topic") ?? string.Empty),
            "users.conversations" => OwnChannels(request),
            "conversations.info" => new JsonObject
            {
                ["ok"] = true,
                ["channel"] = new JsonObject { ["id"] = channel, ["name"] = "general" },
            },
            "conversations.history" => History(request, channel, threadTs: null),
            "conversations.replies" => History(request, channel, Field(request, "ts")),
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
            "files.getUploadURLExternal" => Ticket(),
            "files.completeUploadExternal" => Share(request, channel, ts),
            "auth.test" => new JsonObject
            {
                ["ok"] = true,
                ["url"] = "https://acme.slack.com/",
                ["team"] = "Acme",
                ["user"] = "incidentbot",
                ["team_id"] = TeamId,
                ["user_id"] = BotUserId,
                ["bot_id"] = BotId,
            },
            _ => new JsonObject { ["ok"] = true },
        };
    }

    private string NextTs()
    {
        var n = Interlocked.Increment(ref _sequence);
        var seconds = Clock?.GetUtcNow().ToUnixTimeSeconds() ?? 1700000000;
        return string.Create(CultureInfo.InvariantCulture, $"{seconds}.{n:D6}");
    }

    /// <summary>The bot's direct-message channel with a user, where a message posted to the user's id goes.</summary>
    public static string DirectMessageChannel(string userId) => "D" + userId;

    /// <summary>chat.postMessage: the message joins the channel (its thread, with <c>thread_ts</c>) as the bot's.</summary>
    private JsonObject Post(RecordedSlackRequest request, string channel, string ts)
    {
        if (channel.Length > 1 && channel[0] is 'U' or 'W')
        {
            channel = DirectMessageChannel(channel);
        }

        var body = request.Json;
        var message = new JsonObject
        {
            ["type"] = "message",
            ["channel"] = channel,
            ["ts"] = ts,
            ["user"] = BotUserId,
            ["bot_id"] = BotId,
            ["app_id"] = "A0FAKE",
            ["text"] = body["text"]?.DeepClone(),
        };
        foreach (var field in new[] { "thread_ts", "metadata", "blocks" })
        {
            if (body[field] is { } value)
            {
                message[field] = value.DeepClone();
            }
        }

        lock (_gate)
        {
            _posted.Add(message);
        }

        var answer = new JsonObject { ["ok"] = true, ["channel"] = channel, ["ts"] = ts, ["message"] = message.DeepClone() };
        answer["message"]!.AsObject().Remove("channel");
        return answer;
    }

    private static JsonObject Refusal(string error) => new() { ["ok"] = false, ["error"] = error };

    private static JsonObject NewChannel(string id, string name, string creator, long created, bool archived) => new()
    {
        ["id"] = id,
        ["name"] = name,
        ["is_channel"] = true,
        ["is_private"] = false,
        ["created"] = created,
        ["creator"] = creator,
        ["is_archived"] = archived,
        ["topic"] = new JsonObject { ["value"] = string.Empty, ["creator"] = string.Empty, ["last_set"] = 0 },
    };

    /// <summary>conversations.create: a public channel the bot made and is in; a name in use (archived or not) is taken.</summary>
    private JsonObject Create(RecordedSlackRequest request, string id)
    {
        var name = Field(request, "name") ?? string.Empty;
        var created = Clock?.GetUtcNow().ToUnixTimeSeconds() ?? 1700000000;
        lock (_gate)
        {
            if (_channels.Exists(channel => channel["name"]!.GetValue<string>() == name))
            {
                return Refusal("name_taken");
            }

            var channel = NewChannel(id, name, BotUserId, created, archived: false);
            _channels.Add(channel);
            _members[id] = [BotUserId];
            var answer = channel.DeepClone().AsObject();
            answer["is_member"] = true;
            return new JsonObject { ["ok"] = true, ["channel"] = answer };
        }
    }

    /// <summary>
    /// conversations.invite: into a channel the fake holds, adds the users, and is <c>already_in_channel</c> when they
    /// were all there; any other channel takes them without keeping count.
    /// </summary>
    private JsonObject Invite(RecordedSlackRequest request, string channel)
    {
        var users = (Field(request, "users") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries);
        lock (_gate)
        {
            if (_members.TryGetValue(channel, out var members))
            {
                var added = false;
                foreach (var user in users)
                {
                    added |= members.Add(user);
                }

                if (!added)
                {
                    return Refusal("already_in_channel");
                }
            }
        }

        return new JsonObject { ["ok"] = true, ["channel"] = new JsonObject { ["id"] = channel, ["name"] = "general" } };
    }

    /// <summary>conversations.setTopic: the channel the fake holds (if it does) keeps the topic, set by the bot.</summary>
    private JsonObject SetTopic(string channel, string topic)
    {
        lock (_gate)
        {
            if (_channels.Find(held => held["id"]!.GetValue<string>() == channel) is { } held)
            {
                held["topic"] = new JsonObject { ["value"] = topic, ["creator"] = BotUserId, ["last_set"] = Clock?.GetUtcNow().ToUnixTimeSeconds() ?? 1700000000 };
            }
        }

        return new JsonObject { ["ok"] = true, ["channel"] = new JsonObject { ["id"] = channel, ["name"] = "general" } };
    }

    /// <summary>users.conversations: the bot's public channels (without the archived ones when asked), <c>limit</c> per page, the cursor being an offset.</summary>
    private JsonObject OwnChannels(RecordedSlackRequest request)
    {
        var fields = request.Fields;
        var excludeArchived = fields.TryGetValue("exclude_archived", out var e) && (e == "true" || e == "1");
        var limit = fields.TryGetValue("limit", out var l) ? int.Parse(l, CultureInfo.InvariantCulture) : 100;
        var offset = fields.TryGetValue("cursor", out var c) && c.Length > 0 ? int.Parse(c, CultureInfo.InvariantCulture) : 0;
        List<JsonObject> own;
        lock (_gate)
        {
            own = [.. _channels
                .Where(channel => _members[channel["id"]!.GetValue<string>()].Contains(BotUserId))
                .Where(channel => !excludeArchived || !channel["is_archived"]!.GetValue<bool>())
                .Select(channel => channel.DeepClone().AsObject())];
        }

        var more = offset + limit < own.Count;
        return new JsonObject
        {
            ["ok"] = true,
            ["channels"] = new JsonArray([.. own.Skip(offset).Take(limit)]),
            ["response_metadata"] = new JsonObject { ["next_cursor"] = more ? (offset + limit).ToString(CultureInfo.InvariantCulture) : string.Empty },
        };
    }

    private JsonObject Ticket()
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"F{Interlocked.Increment(ref _files):D4}");
        return new JsonObject { ["ok"] = true, ["upload_url"] = new Uri(Root, "upload/" + id).AbsoluteUri, ["file_id"] = id };
    }

    /// <summary>files.completeUploadExternal with a channel: the file share appears in the channel's history.</summary>
    private JsonObject Share(RecordedSlackRequest request, string channel, string ts)
    {
        var files = JsonNode.Parse(Field(request, "files") ?? "[]")!.AsArray();
        if (Field(request, "channel_id") is not null)
        {
            var share = new JsonObject
            {
                ["type"] = "message",
                ["channel"] = channel,
                ["ts"] = ts,
                ["user"] = BotUserId,
                ["bot_id"] = BotId,
                ["upload"] = true,
                ["text"] = Field(request, "initial_comment") ?? string.Empty,
                ["files"] = new JsonArray([.. files.Select(file => (JsonNode)new JsonObject { ["id"] = file!["id"]!.DeepClone(), ["title"] = file["title"]?.DeepClone() })]),
            };
            lock (_gate)
            {
                _posted.Add(share);
            }
        }

        return new JsonObject { ["ok"] = true, ["files"] = new JsonArray([.. files.Select(file => (JsonNode)new JsonObject { ["id"] = file!["id"]!.DeepClone() })]) };
    }

    /// <summary>
    /// conversations.history (top-level messages, newest first) or conversations.replies (the thread, oldest first):
    /// from <c>oldest</c> and up to <c>latest</c> (both inclusive with <c>inclusive=true</c>), <c>limit</c> per page, the
    /// cursor being an offset.
    /// </summary>
    private JsonObject History(RecordedSlackRequest request, string channel, string? threadTs)
    {
        var fields = request.Fields;
        var oldest = fields.TryGetValue("oldest", out var o) ? decimal.Parse(o, CultureInfo.InvariantCulture) : (decimal?)null;
        var inclusive = fields.TryGetValue("inclusive", out var i) && (i == "true" || i == "1");
        var limit = fields.TryGetValue("limit", out var l) ? int.Parse(l, CultureInfo.InvariantCulture) : 100;
        var offset = fields.TryGetValue("cursor", out var c) && c.Length > 0 ? int.Parse(c, CultureInfo.InvariantCulture) : 0;
        var withMetadata = fields.TryGetValue("include_all_metadata", out var m) && (m == "true" || m == "1");
        static decimal Ts(JsonObject message) => decimal.Parse(message["ts"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        List<JsonObject> all;
        lock (_gate)
        {
            all = [.. _posted.Where(message => message["channel"]!.GetValue<string>() == channel)];
        }

        var inView = threadTs is null
            ? all.Where(message => message["thread_ts"] is null || message["thread_ts"]!.GetValue<string>() == message["ts"]!.GetValue<string>())
                .OrderByDescending(Ts).ToList()
            : all.Where(message => message["ts"]!.GetValue<string>() == threadTs || message["thread_ts"]?.GetValue<string>() == threadTs)
                .OrderBy(Ts).ToList();
        if (oldest is { } from)
        {
            inView = [.. inView.Where(message => inclusive ? Ts(message) >= from : Ts(message) > from)];
        }

        if (fields.TryGetValue("latest", out var latestText) && decimal.Parse(latestText, CultureInfo.InvariantCulture) is var latest)
        {
            inView = [.. inView.Where(message => inclusive ? Ts(message) <= latest : Ts(message) < latest)];
        }

        var page = inView.Skip(offset).Take(limit).Select(message =>
        {
            var copy = message.DeepClone().AsObject();
            copy.Remove("channel");
            if (!withMetadata)
            {
                copy.Remove("metadata");
            }

            return (JsonNode)copy;
        }).ToArray();
        var more = offset + limit < inView.Count;
        return new JsonObject
        {
            ["ok"] = true,
            ["messages"] = new JsonArray(page),
            ["has_more"] = more,
            ["response_metadata"] = new JsonObject { ["next_cursor"] = more ? (offset + limit).ToString(CultureInfo.InvariantCulture) : string.Empty },
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
