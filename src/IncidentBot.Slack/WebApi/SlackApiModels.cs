using System.Text.Json;
using System.Text.Json.Serialization;

namespace IncidentBot.Slack.WebApi;

/// <summary>What every Web API answer has: <c>ok</c>, and on failure <c>error</c> (plus details for some errors).</summary>
internal class SlackApiResponse
{
    [JsonPropertyName("ok")]
    public bool Ok { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }

    [JsonPropertyName("warning")]
    public string? Warning { get; init; }

    [JsonPropertyName("needed")]
    public string? Needed { get; init; }

    [JsonPropertyName("response_metadata")]
    public SlackResponseMetadata? ResponseMetadata { get; init; }
}

internal sealed class SlackResponseMetadata
{
    [JsonPropertyName("next_cursor")]
    public string? NextCursor { get; init; }

    [JsonPropertyName("messages")]
    public IReadOnlyList<string>? Messages { get; init; }

    [JsonPropertyName("warnings")]
    public IReadOnlyList<string>? Warnings { get; init; }
}

internal sealed class PostMessageResponse : SlackApiResponse
{
    [JsonPropertyName("channel")]
    public string? Channel { get; init; }

    [JsonPropertyName("ts")]
    public string? Ts { get; init; }

    /// <summary>chat.postEphemeral's name for the ts.</summary>
    [JsonPropertyName("message_ts")]
    public string? MessageTs { get; init; }
}

internal sealed class ConversationResponse : SlackApiResponse
{
    [JsonPropertyName("channel")]
    public SlackConversation? Channel { get; init; }
}

internal sealed class SlackConversation
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("is_private")]
    public bool IsPrivate { get; init; }

    [JsonPropertyName("is_archived")]
    public bool IsArchived { get; init; }

    [JsonPropertyName("is_member")]
    public bool IsMember { get; init; }

    [JsonPropertyName("topic")]
    public SlackTopic? Topic { get; init; }

    /// <summary>When the channel was made, in Unix seconds (Slack's clock).</summary>
    [JsonPropertyName("created")]
    public long Created { get; init; }

    /// <summary>The user who made the channel.</summary>
    [JsonPropertyName("creator")]
    public string? Creator { get; init; }
}

internal sealed class ConversationListResponse : SlackApiResponse
{
    [JsonPropertyName("channels")]
    public IReadOnlyList<SlackConversation>? Channels { get; init; }
}

internal sealed class SlackTopic
{
    [JsonPropertyName("value")]
    public string? Value { get; init; }
}

internal sealed class HistoryResponse : SlackApiResponse
{
    [JsonPropertyName("messages")]
    public IReadOnlyList<SlackHistoryMessage>? Messages { get; init; }

    [JsonPropertyName("has_more")]
    public bool HasMore { get; init; }
}

internal sealed class SlackHistoryMessage
{
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("subtype")]
    public string? Subtype { get; init; }

    [JsonPropertyName("user")]
    public string? User { get; init; }

    [JsonPropertyName("bot_id")]
    public string? BotId { get; init; }

    [JsonPropertyName("text")]
    public string? Text { get; init; }

    [JsonPropertyName("ts")]
    public required string Ts { get; init; }

    [JsonPropertyName("thread_ts")]
    public string? ThreadTs { get; init; }

    [JsonPropertyName("app_id")]
    public string? AppId { get; init; }

    /// <summary>Message metadata; returned by history methods with <c>include_all_metadata=true</c>.</summary>
    [JsonPropertyName("metadata")]
    public SlackMessageMetadata? Metadata { get; init; }

    /// <summary>The files a file share carries.</summary>
    [JsonPropertyName("files")]
    public IReadOnlyList<SlackFileReference>? Files { get; init; }
}

/// <summary>
/// Slack message metadata (https://docs.slack.dev/messaging/message-metadata): an app's <c>event_type</c> and a free-form
/// <c>event_payload</c>, kept as JSON since other apps' payloads can have any shape.
/// </summary>
internal sealed class SlackMessageMetadata
{
    [JsonPropertyName("event_type")]
    public string? EventType { get; init; }

    [JsonPropertyName("event_payload")]
    public JsonElement EventPayload { get; init; }

    /// <summary>The payload's string <c>id</c>, if it has one.</summary>
    public string? PayloadId =>
        EventPayload.ValueKind == JsonValueKind.Object && EventPayload.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;
}

internal sealed class SlackFileReference
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }
}

internal sealed class UserInfoResponse : SlackApiResponse
{
    [JsonPropertyName("user")]
    public SlackUser? User { get; init; }
}

internal sealed class SlackUser
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("real_name")]
    public string? RealName { get; init; }

    [JsonPropertyName("is_bot")]
    public bool IsBot { get; init; }

    [JsonPropertyName("profile")]
    public SlackUserProfile? Profile { get; init; }

    /// <summary>What Slack shows: the display name when set, else the real name, else the handle.</summary>
    public string DisplayName =>
        FirstNonBlank(Profile?.DisplayName, Profile?.RealName, RealName, Name) ?? Id;

    private static string? FirstNonBlank(params string?[] values) => values.FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
}

internal sealed class SlackUserProfile
{
    [JsonPropertyName("display_name")]
    public string? DisplayName { get; init; }

    [JsonPropertyName("real_name")]
    public string? RealName { get; init; }
}

internal sealed class ViewResponse : SlackApiResponse
{
    [JsonPropertyName("view")]
    public SlackView? View { get; init; }
}

internal sealed class SlackView
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }
}

internal sealed class UploadUrlResponse : SlackApiResponse
{
    [JsonPropertyName("upload_url")]
    public string? UploadUrl { get; init; }

    [JsonPropertyName("file_id")]
    public string? FileId { get; init; }
}

internal sealed class CompleteUploadResponse : SlackApiResponse
{
    [JsonPropertyName("files")]
    public IReadOnlyList<SlackFile>? Files { get; init; }
}

internal sealed class SlackFile
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("title")]
    public string? Title { get; init; }
}

internal sealed class ConnectionsOpenResponse : SlackApiResponse
{
    [JsonPropertyName("url")]
    public string? Url { get; init; }
}

internal sealed class AuthTestResponse : SlackApiResponse
{
    [JsonPropertyName("team_id")]
    public string? TeamId { get; init; }

    [JsonPropertyName("user_id")]
    public string? UserId { get; init; }

    [JsonPropertyName("bot_id")]
    public string? BotId { get; init; }
}

/// <summary>
/// An outbox payload of kind <c>slack.files.upload</c>: a text document to share in a channel through Slack's
/// external upload flow (three calls, so not one Web API body).
/// </summary>
internal sealed record SlackFileUpload(
    [property: JsonPropertyName("channel_id")] string ChannelId,
    [property: JsonPropertyName("filename")] string FileName,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("content")] string Content,
    [property: JsonPropertyName("initial_comment")] string? InitialComment);

/// <summary>
/// How far an outbox file upload got (the outbox row's progress): the file Slack's upload ticket named, whose bytes
/// were uploaded at <see cref="UploadedAt"/>, right before <c>files.completeUploadExternal</c> was called for it.
/// </summary>
internal sealed record SlackFileProgress(
    [property: JsonPropertyName("file_id")] string FileId,
    [property: JsonPropertyName("uploaded_at")] DateTimeOffset UploadedAt);

/// <summary>A page of the bot's channels.</summary>
internal sealed record SlackConversationPage(IReadOnlyList<SlackConversation> Channels, string? NextCursor);

/// <summary>A page of channel history.</summary>
internal sealed record SlackHistoryPage(IReadOnlyList<SlackHistoryMessage> Messages, string? NextCursor);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SlackApiResponse))]
[JsonSerializable(typeof(PostMessageResponse))]
[JsonSerializable(typeof(ConversationResponse))]
[JsonSerializable(typeof(ConversationListResponse))]
[JsonSerializable(typeof(HistoryResponse))]
[JsonSerializable(typeof(UserInfoResponse))]
[JsonSerializable(typeof(ViewResponse))]
[JsonSerializable(typeof(UploadUrlResponse))]
[JsonSerializable(typeof(CompleteUploadResponse))]
[JsonSerializable(typeof(ConnectionsOpenResponse))]
[JsonSerializable(typeof(AuthTestResponse))]
[JsonSerializable(typeof(SlackFileUpload))]
[JsonSerializable(typeof(SlackFileProgress))]
[JsonSerializable(typeof(IncidentBot.Slack.Inbound.SlackDeferredCommand))]
internal sealed partial class SlackJsonContext : JsonSerializerContext;
