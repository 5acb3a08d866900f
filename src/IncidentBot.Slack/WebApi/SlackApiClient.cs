using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using IncidentBot.Slack.Rendering;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace IncidentBot.Slack.WebApi;

/// <summary>
/// The Slack Web API methods IncidentBot uses, as a typed <see cref="HttpClient"/> based at <c>Slack:ApiBaseUrl</c>.
/// The bot token goes in the <c>Authorization</c> header (never a query string). Methods that accept JSON get
/// <c>application/json; charset=utf-8</c>; the rest get a form or a query, as Slack's method reference requires.
/// <c>ok:false</c> becomes <see cref="SlackApiException"/>; 429 and 5xx are retried in-line by <see cref="SlackRetryPipeline"/>,
/// except by the client <see cref="WithoutInlineRetries"/> gives the outbox worker, which retries durably instead.
/// </summary>
internal sealed class SlackApiClient(
    HttpClient http,
    IOptions<SlackOptions> options,
    SlackRetryPipeline retry,
    SlackUserNameCache userNames,
    TimeProvider timeProvider,
    ILogger<SlackApiClient> logger)
{
    public const int MaxTopicLength = 250;
    public const int MaxInviteBatch = 100;

    private ResiliencePipeline<HttpResponseMessage> Pipeline { get; init; } = retry.Pipeline;

    /// <summary>
    /// The same client, but every failure (a 429 included, with its <see cref="SlackApiException.RetryAfter"/>) is
    /// thrown at once: the caller (the durable outbox) schedules the retry instead of holding its claim while waiting.
    /// </summary>
    public SlackApiClient WithoutInlineRetries() =>
        new(http, options, retry, userNames, timeProvider, logger) { Pipeline = ResiliencePipeline<HttpResponseMessage>.Empty };

    public async Task<SlackPostedMessage> PostMessageAsync(string channel, SlackMessage message, string? threadTs, CancellationToken cancellationToken)
    {
        var body = SlackPayloads.PostMessage(channel, message, threadTs);
        var response = await PostJsonAsync("chat.postMessage", body, SlackJsonContext.Default.PostMessageResponse, cancellationToken);
        return new SlackPostedMessage(response.Channel ?? channel, response.Ts ?? string.Empty);
    }

    /// <summary>A message only <paramref name="user"/> sees; returns its <c>message_ts</c>.</summary>
    public async Task<string> PostEphemeralAsync(string channel, string user, SlackMessage message, CancellationToken cancellationToken)
    {
        var body = SlackPayloads.PostEphemeral(channel, user, message);
        var response = await PostJsonAsync("chat.postEphemeral", body, SlackJsonContext.Default.PostMessageResponse, cancellationToken);
        return response.MessageTs ?? string.Empty;
    }

    /// <summary>
    /// Sends a request body that was rendered earlier (an outbox payload) to a method that posts a message
    /// (<c>chat.postMessage</c>, <c>chat.postEphemeral</c>).
    /// </summary>
    public async Task SendRenderedAsync(string method, string json, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(json);
        await SendAsync(
            method,
            () => new HttpRequestMessage(HttpMethod.Post, method) { Content = new StringContent(json, Encoding.UTF8, "application/json") },
            BotToken(),
            SlackJsonContext.Default.PostMessageResponse,
            cancellationToken);
    }

    /// <summary><c>auth.test</c>: which workspace (team) and bot user the bot token belongs to.</summary>
    public async Task<SlackIdentity> AuthTestAsync(CancellationToken cancellationToken)
    {
        var response = await PostFormAsync("auth.test", [], SlackJsonContext.Default.AuthTestResponse, cancellationToken);
        return response.TeamId is { Length: > 0 } teamId
            ? new SlackIdentity(teamId, response.UserId, response.BotId)
            : throw new SlackApiException("invalid_response", "auth.test");
    }

    public async Task UpdateMessageAsync(string channel, string ts, SlackMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = message.ToPayload();
        body["channel"] = channel;
        body["ts"] = ts;
        await PostJsonAsync("chat.update", body, SlackJsonContext.Default.PostMessageResponse, cancellationToken);
    }

    public async Task<SlackConversation> CreateConversationAsync(string name, bool isPrivate, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["name"] = name, ["is_private"] = isPrivate };
        var response = await PostJsonAsync("conversations.create", body, SlackJsonContext.Default.ConversationResponse, cancellationToken);
        return response.Channel ?? throw new SlackApiException("invalid_response", "conversations.create");
    }

    /// <summary>
    /// The bot joins a public channel, so that Slack sends it the channel's messages, pins and reactions. Joining a
    /// channel it is in already is not an error (Slack answers with the warning <c>already_in_channel</c>).
    /// </summary>
    public async Task JoinConversationAsync(string channel, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        await PostJsonAsync("conversations.join", new JsonObject { ["channel"] = channel }, SlackJsonContext.Default.ConversationResponse, cancellationToken);
    }

    /// <summary>Invites people in batches of 100; people already in the channel are not an error.</summary>
    public async Task InviteAsync(string channel, IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        foreach (var batch in userIds.Distinct(StringComparer.Ordinal).Chunk(MaxInviteBatch))
        {
            var body = new JsonObject { ["channel"] = channel, ["users"] = string.Join(',', batch), ["force"] = true };
            try
            {
                await PostJsonAsync("conversations.invite", body, SlackJsonContext.Default.ConversationResponse, cancellationToken);
            }
            catch (SlackApiException exception) when (exception.Error is "already_in_channel" or "cant_invite_self")
            {
                // Nothing to do: they are there already.
            }
        }
    }

    /// <summary>Sets the topic (plain text, cut to Slack's 250 characters).</summary>
    public async Task SetTopicAsync(string channel, string topic, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topic);
        var body = new JsonObject { ["channel"] = channel, ["topic"] = Mrkdwn.Truncate(topic, MaxTopicLength) };
        await PostJsonAsync("conversations.setTopic", body, SlackJsonContext.Default.ConversationResponse, cancellationToken);
    }

    /// <summary>
    /// <c>conversations.open</c> with one user: the id of the bot's direct-message channel with them (<c>D…</c>), where
    /// messages posted to the user's id go. Needs <c>im:write</c>.
    /// </summary>
    public async Task<string> OpenDirectMessageAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var body = new JsonObject { ["users"] = userId };
        var response = await PostJsonAsync("conversations.open", body, SlackJsonContext.Default.ConversationResponse, cancellationToken);
        return response.Channel?.Id is { Length: > 0 } id ? id : throw new SlackApiException("invalid_response", "conversations.open");
    }

    public async Task<SlackConversation> GetConversationInfoAsync(string channel, CancellationToken cancellationToken)
    {
        var response = await GetAsync("conversations.info", [new("channel", channel)], SlackJsonContext.Default.ConversationResponse, cancellationToken);
        return response.Channel ?? throw new SlackApiException("invalid_response", "conversations.info");
    }

    /// <summary>
    /// One page of <c>users.conversations</c>: the unarchived public channels the bot is a member of; pass the returned
    /// cursor to continue. Needs <c>channels:read</c>.
    /// </summary>
    public async Task<SlackConversationPage> ListOwnChannelsAsync(string? cursor, int limit, CancellationToken cancellationToken)
    {
        var query = new List<KeyValuePair<string, string>>
        {
            new("types", "public_channel"),
            new("exclude_archived", "true"),
            new("limit", Math.Clamp(limit, 1, 999).ToString(CultureInfo.InvariantCulture)),
        };
        if (!string.IsNullOrEmpty(cursor))
        {
            query.Add(new("cursor", cursor));
        }

        var response = await GetAsync("users.conversations", query, SlackJsonContext.Default.ConversationListResponse, cancellationToken);
        var next = response.ResponseMetadata?.NextCursor;
        return new SlackConversationPage(response.Channels ?? [], string.IsNullOrEmpty(next) ? null : next);
    }

    /// <summary>
    /// One page of <c>conversations.history</c>, newest first, of messages at or after <paramref name="oldest"/> (a
    /// Slack <c>ts</c>) when given; with <paramref name="includeAllMetadata"/> messages carry their message metadata.
    /// </summary>
    public async Task<SlackHistoryPage> GetHistoryAsync(string channel, string? cursor, int limit, string? oldest, bool includeAllMetadata, CancellationToken cancellationToken)
    {
        var query = PageQuery(channel, cursor, limit, oldest, includeAllMetadata);
        var response = await GetAsync("conversations.history", query, SlackJsonContext.Default.HistoryResponse, cancellationToken);
        var next = response.ResponseMetadata?.NextCursor;
        return new SlackHistoryPage(response.Messages ?? [], string.IsNullOrEmpty(next) ? null : next);
    }

    /// <summary>
    /// The channel's top-level message at <paramref name="ts"/> (<c>conversations.history</c> up to and including it,
    /// one message); null when there is none at exactly that time (it was deleted, or it is a thread reply).
    /// </summary>
    public async Task<SlackHistoryMessage?> GetMessageAsync(string channel, string ts, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(ts);
        var query = PageQuery(channel, cursor: null, limit: 1, oldest: null, includeAllMetadata: false);
        query.Add(new("latest", ts));
        query.Add(new("inclusive", "true"));
        var response = await GetAsync("conversations.history", query, SlackJsonContext.Default.HistoryResponse, cancellationToken);
        return response.Messages?.FirstOrDefault(message => string.Equals(message.Ts, ts, StringComparison.Ordinal));
    }

    /// <summary>
    /// One page of <c>conversations.replies</c>: the thread under <paramref name="threadTs"/> (its parent first, then
    /// replies at or after <paramref name="oldest"/> when given); pass the returned cursor to continue.
    /// </summary>
    public async Task<SlackHistoryPage> GetRepliesAsync(string channel, string threadTs, string? cursor, int limit, string? oldest, bool includeAllMetadata, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(threadTs);
        var query = PageQuery(channel, cursor, limit, oldest, includeAllMetadata);
        query.Insert(1, new("ts", threadTs));
        var response = await GetAsync("conversations.replies", query, SlackJsonContext.Default.HistoryResponse, cancellationToken);
        var next = response.ResponseMetadata?.NextCursor;
        return new SlackHistoryPage(response.Messages ?? [], string.IsNullOrEmpty(next) ? null : next);
    }

    public async Task<SlackUser> GetUserAsync(string userId, CancellationToken cancellationToken)
    {
        var response = await GetAsync("users.info", [new("user", userId)], SlackJsonContext.Default.UserInfoResponse, cancellationToken);
        var user = response.User ?? throw new SlackApiException("invalid_response", "users.info");
        userNames.Set(user.Id, user.DisplayName);
        return user;
    }

    /// <summary>The name Slack shows for a user, from the cache when fresh.</summary>
    public async Task<string> GetUserNameAsync(string userId, CancellationToken cancellationToken)
    {
        if (userNames.TryGet(userId, out var name))
        {
            return name;
        }

        return (await GetUserAsync(userId, cancellationToken)).DisplayName;
    }

    /// <summary>Opens a modal; call it straight from the handler, since a trigger id lasts three seconds and works once.</summary>
    public async Task<string> OpenViewAsync(string triggerId, JsonObject view, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["trigger_id"] = triggerId, ["view"] = view };
        var response = await PostJsonAsync("views.open", body, SlackJsonContext.Default.ViewResponse, cancellationToken);
        return response.View?.Id ?? string.Empty;
    }

    /// <summary>
    /// Slack's external upload in one go: <see cref="GetUploadTicketAsync"/>, <see cref="UploadBytesAsync"/>, then
    /// <see cref="CompleteUploadAsync"/>, shared in <paramref name="channelId"/> when given. Returns the file id.
    /// </summary>
    public async Task<string> UploadFileAsync(string fileName, ReadOnlyMemory<byte> content, string? channelId, string? title, string? initialComment, CancellationToken cancellationToken)
    {
        var ticket = await GetUploadTicketAsync(fileName, content.Length, cancellationToken);
        await UploadBytesAsync(ticket.UploadUrl, content, cancellationToken);
        await CompleteUploadAsync(ticket.FileId, title ?? fileName, channelId, initialComment, cancellationToken);
        return ticket.FileId;
    }

    /// <summary>
    /// Step 1 of the external upload, <c>files.getUploadURLExternal</c>: a file id and the URL its bytes go to. Nothing
    /// is visible in Slack yet; a ticket that is never completed is simply abandoned.
    /// </summary>
    public async Task<SlackUploadTicket> GetUploadTicketAsync(string fileName, int length, CancellationToken cancellationToken)
    {
        if (length < 1)
        {
            throw new ArgumentException("A file upload needs at least one byte.", nameof(length));
        }

        var ticket = await PostFormAsync(
            "files.getUploadURLExternal",
            [new("filename", fileName), new("length", length.ToString(CultureInfo.InvariantCulture))],
            SlackJsonContext.Default.UploadUrlResponse,
            cancellationToken);
        if (!Uri.TryCreate(ticket.UploadUrl, UriKind.Absolute, out var uploadUrl) || string.IsNullOrEmpty(ticket.FileId)
            || (uploadUrl.Scheme != Uri.UriSchemeHttps && uploadUrl.Scheme != Uri.UriSchemeHttp))
        {
            throw new SlackApiException("invalid_response", "files.getUploadURLExternal");
        }

        return new SlackUploadTicket(ticket.FileId, uploadUrl);
    }

    /// <summary>
    /// Step 2: the bytes to the ticket's URL (which carries its own authorisation; the bot token is not sent there).
    /// Failures are <see cref="SlackApiException"/>s of method <c>files.upload</c>.
    /// </summary>
    public async Task UploadBytesAsync(Uri uploadUrl, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uploadUrl);
        if (content.IsEmpty)
        {
            throw new ArgumentException("A file upload needs at least one byte.", nameof(content));
        }

        const string Method = "files.upload";
        using var upload = new HttpRequestMessage(HttpMethod.Post, uploadUrl) { Content = new ReadOnlyMemoryContent(content) };
        upload.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        HttpResponseMessage uploaded;
        try
        {
            uploaded = await http.SendAsync(upload, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            SlackLog.ApiCallFailed(logger, Method, "network");
            throw new SlackApiException("http_unreachable", Method, details: [exception.Message]);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            SlackLog.ApiCallFailed(logger, Method, "timeout");
            throw new SlackApiException("http_timeout", Method);
        }

        using (uploaded)
        {
            if (!uploaded.IsSuccessStatusCode)
            {
                throw new SlackApiException(string.Create(CultureInfo.InvariantCulture, $"http_{(int)uploaded.StatusCode}"), Method);
            }
        }
    }

    /// <summary>
    /// Step 3, <c>files.completeUploadExternal</c>: finishes the upload and shares the file in <paramref name="channelId"/>
    /// when given (Slack posts the share asynchronously, shortly after answering).
    /// </summary>
    public async Task CompleteUploadAsync(string fileId, string title, string? channelId, string? initialComment, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileId);
        var files = new JsonArray(new JsonObject { ["id"] = fileId, ["title"] = title }).ToJsonString();
        var complete = new List<KeyValuePair<string, string>> { new("files", files) };
        if (channelId is not null)
        {
            complete.Add(new("channel_id", channelId));
        }

        if (initialComment is not null)
        {
            complete.Add(new("initial_comment", initialComment));
        }

        await PostFormAsync("files.completeUploadExternal", complete, SlackJsonContext.Default.CompleteUploadResponse, cancellationToken);
    }

    /// <summary><c>apps.connections.open</c> with the app-level token: a single-use WebSocket URL for Socket Mode.</summary>
    public async Task<Uri> OpenSocketModeConnectionAsync(CancellationToken cancellationToken)
    {
        var token = options.Value.AppToken;
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new InvalidOperationException("Slack:AppToken is not set; Socket Mode is off.");
        }

        var response = await SendAsync(
            "apps.connections.open",
            () => new HttpRequestMessage(HttpMethod.Post, "apps.connections.open") { Content = new FormUrlEncodedContent([]) },
            token,
            SlackJsonContext.Default.ConnectionsOpenResponse,
            cancellationToken);
        return Uri.TryCreate(response.Url, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeWss || url.Scheme == Uri.UriSchemeWs)
            ? url
            : throw new SlackApiException("invalid_response", "apps.connections.open");
    }

    private Task<T> PostJsonAsync<T>(string method, JsonObject body, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : SlackApiResponse
    {
        var json = body.ToJsonString();
        return SendAsync(
            method,
            () => new HttpRequestMessage(HttpMethod.Post, method) { Content = new StringContent(json, Encoding.UTF8, "application/json") },
            BotToken(),
            type,
            cancellationToken);
    }

    private Task<T> PostFormAsync<T>(string method, IReadOnlyList<KeyValuePair<string, string>> fields, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : SlackApiResponse =>
        SendAsync(method, () => new HttpRequestMessage(HttpMethod.Post, method) { Content = new FormUrlEncodedContent(fields) }, BotToken(), type, cancellationToken);

    private Task<T> GetAsync<T>(string method, IReadOnlyList<KeyValuePair<string, string>> query, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : SlackApiResponse
    {
        var uri = method + "?" + string.Join('&', query.Select(pair => Uri.EscapeDataString(pair.Key) + "=" + Uri.EscapeDataString(pair.Value)));
        return SendAsync(method, () => new HttpRequestMessage(HttpMethod.Get, uri), BotToken(), type, cancellationToken);
    }

    private async Task<T> SendAsync<T>(string method, Func<HttpRequestMessage> createRequest, string token, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : SlackApiResponse
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(SlackRetryPipeline.MethodKey, method);
        HttpResponseMessage response;
        try
        {
            response = await Pipeline.ExecuteAsync(
                async attempt =>
                {
                    using var request = createRequest();
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, attempt.CancellationToken);
                },
                context);
        }
        catch (HttpRequestException exception)
        {
            SlackLog.ApiCallFailed(logger, method, "network");
            throw new SlackApiException("http_unreachable", method, details: [exception.Message]);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient's own timeout: Slack did not answer in time, which says nothing about whether it acted.
            SlackLog.ApiCallFailed(logger, method, "timeout");
            throw new SlackApiException("http_timeout", method);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        using (response)
        {
            return await ReadAsync(method, response, type, cancellationToken);
        }
    }

    private async Task<T> ReadAsync<T>(string method, HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : SlackApiResponse
    {
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            SlackLog.ApiCallFailed(logger, method, "ratelimited");
            throw new SlackApiException("ratelimited", method, SlackRetryPipeline.RetryAfter(response, timeProvider));
        }

        if (!response.IsSuccessStatusCode)
        {
            var status = string.Create(CultureInfo.InvariantCulture, $"http_{(int)response.StatusCode}");
            SlackLog.ApiCallFailed(logger, method, status);
            throw new SlackApiException(status, method);
        }

        T? result;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            result = await JsonSerializer.DeserializeAsync(stream, type, cancellationToken);
        }
        catch (JsonException)
        {
            result = null;
        }

        if (result is null)
        {
            SlackLog.ApiCallFailed(logger, method, "invalid_response");
            throw new SlackApiException("invalid_response", method);
        }

        if (!result.Ok)
        {
            var error = string.IsNullOrEmpty(result.Error) ? "unknown_error" : result.Error;
            SlackLog.ApiCallFailed(logger, method, error);
            throw new SlackApiException(error, method, details: result.ResponseMetadata?.Messages);
        }

        return result;
    }

    private static List<KeyValuePair<string, string>> PageQuery(string channel, string? cursor, int limit, string? oldest, bool includeAllMetadata)
    {
        var query = new List<KeyValuePair<string, string>>
        {
            new("channel", channel),
            new("limit", Math.Clamp(limit, 1, 999).ToString(CultureInfo.InvariantCulture)),
        };
        if (!string.IsNullOrEmpty(cursor))
        {
            query.Add(new("cursor", cursor));
        }

        if (!string.IsNullOrEmpty(oldest))
        {
            query.Add(new("oldest", oldest));
            query.Add(new("inclusive", "true"));
        }

        if (includeAllMetadata)
        {
            query.Add(new("include_all_metadata", "true"));
        }

        return query;
    }

    private string BotToken() =>
        options.Value.BotToken is { Length: > 0 } token ? token : throw new InvalidOperationException("Slack:BotToken is not set; Slack is off.");
}

internal sealed record SlackPostedMessage(string Channel, string Ts);

/// <summary>What <c>files.getUploadURLExternal</c> hands out: the file's id and where its bytes go.</summary>
internal sealed record SlackUploadTicket(string FileId, Uri UploadUrl);

/// <summary>What <c>auth.test</c> says about the bot token: its workspace, and the bot's user and bot ids.</summary>
internal sealed record SlackIdentity(string TeamId, string? UserId, string? BotId);
