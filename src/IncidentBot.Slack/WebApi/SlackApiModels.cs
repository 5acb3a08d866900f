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

/// <summary>A page of channel history.</summary>
internal sealed record SlackHistoryPage(IReadOnlyList<SlackHistoryMessage> Messages, string? NextCursor);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SlackApiResponse))]
[JsonSerializable(typeof(PostMessageResponse))]
[JsonSerializable(typeof(ConversationResponse))]
[JsonSerializable(typeof(HistoryResponse))]
[JsonSerializable(typeof(UserInfoResponse))]
[JsonSerializable(typeof(ViewResponse))]
[JsonSerializable(typeof(UploadUrlResponse))]
[JsonSerializable(typeof(CompleteUploadResponse))]
[JsonSerializable(typeof(ConnectionsOpenResponse))]
[JsonSerializable(typeof(AuthTestResponse))]
[JsonSerializable(typeof(SlackFileUpload))]
[JsonSerializable(typeof(IncidentBot.Slack.Inbound.SlackDeferredCommand))]
internal sealed partial class SlackJsonContext : JsonSerializerContext;
