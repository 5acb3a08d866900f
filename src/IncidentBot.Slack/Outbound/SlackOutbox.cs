using System.Text.Json;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Slack.Rendering;
using IncidentBot.Slack.WebApi;

namespace IncidentBot.Slack.Outbound;

/// <summary>
/// Slack's side of the durable outbox (<see cref="IOutbox"/>): every message the bot posts outside an HTTP response
/// is stored here, in order, as the request it will make (a <c>chat.postMessage</c> or <c>chat.postEphemeral</c>
/// body, or a file to upload), and <see cref="SlackOutboxWorker"/> delivers it. A Slack outage or rate limit delays
/// messages; it never loses them.
/// </summary>
internal sealed class SlackOutbox(IOutbox outbox, SlackOutboxSignal signal, TimeProvider timeProvider)
{
    public const string PostMessageKind = "slack.chat.postMessage";
    public const string PostEphemeralKind = "slack.chat.postEphemeral";
    public const string FileUploadKind = "slack.files.upload";
    public const string JoinKind = "slack.conversations.join";

    /// <summary>
    /// Stores <paramref name="items"/> for delivery in <paramref name="teamId"/>'s workspace, in order. With a
    /// <paramref name="dedupeKey"/> (the delivery that caused them), queueing the same items again stores nothing new.
    /// Returns how many items there were. Call <see cref="Nudge"/> once the request has been answered.
    /// </summary>
    public async Task<int> EnqueueAsync(string teamId, IReadOnlyList<SlackOutbound> items, string? dedupeKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        var now = timeProvider.GetUtcNow();
        var workspace = Workspace.Key(Platform.Slack, teamId);
        for (var i = 0; i < items.Count; i++)
        {
            var (kind, payload) = Serialize(items[i]);
            await outbox.EnqueueAsync(
                new OutboundMessage
                {
                    Workspace = workspace,
                    Platform = Platform.Slack,
                    ChannelId = items[i].ChannelId,
                    Kind = kind,
                    Payload = payload,
                    DedupeKey = dedupeKey is null ? null : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{dedupeKey}/{i}"),
                    CreatedAt = now,
                },
                cancellationToken);
        }

        return items.Count;
    }

    /// <summary>Wakes this process's worker: something was queued.</summary>
    public void Nudge() => signal.Notify();

    private static (string Kind, string Payload) Serialize(SlackOutbound item) => item switch
    {
        SlackOutboundMessage { EphemeralUserId: { } user } ephemeral =>
            (PostEphemeralKind, SlackPayloads.PostEphemeral(ephemeral.ChannelId, user, ephemeral.Message).ToJsonString()),
        SlackOutboundMessage message =>
            (PostMessageKind, SlackPayloads.PostMessage(message.ChannelId, message.Message, message.ThreadTs).ToJsonString()),
        SlackOutboundFile file =>
            (FileUploadKind, JsonSerializer.Serialize(
                new SlackFileUpload(file.ChannelId, file.FileName, file.Title, file.Content, Mrkdwn.Escape(file.Title)),
                SlackJsonContext.Default.SlackFileUpload)),
        SlackOutboundJoin join => (JoinKind, new System.Text.Json.Nodes.JsonObject { ["channel"] = join.ChannelId }.ToJsonString()),
        _ => throw new ArgumentException($"Cannot queue a {item.GetType().Name}.", nameof(item)),
    };
}
