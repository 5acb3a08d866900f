using System.Globalization;
using System.Text;
using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Slack.Outbound;
using IncidentBot.Slack.WebApi;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IncidentBot.Slack;

/// <summary>
/// Where a Slack incident lives. With <c>Slack:CreateIncidentChannels</c> (the default) <c>declare</c> creates
/// <c>#inc-&lt;n&gt;-&lt;slug&gt;</c> (a suffix when the name is taken), invites the declarer and sets the topic;
/// otherwise, or when Slack refuses to create it (a missing scope, say), the incident stays in the channel it was declared in:
/// a declare must not fail in the middle of an outage because a channel could not be made. An incident that stays
/// where it was declared has the bot join that channel (queued in the outbox, ahead of anything posted there), since
/// Slack sends a bot the messages, pins and reactions of channels it is in only.
/// </summary>
/// <remarks>
/// A declare run again (its first run died, or failed to save the channel, after Slack had created it) finds the
/// name taken by its own channel and reuses that channel, rather than making <c>#inc-n-slug-2</c>. The channel is
/// looked up in Slack, not remembered on our side, because no record of ours can cover every way the first run
/// ends: Slack may create the channel and the answer be lost, or the process die or the database fail before any
/// record is written. Inviting and setting the topic again are harmless.
/// </remarks>
internal sealed class SlackIncidentChannels(
    SlackApiClient api,
    SlackOutbox outbox,
    SlackInstallation installation,
    IOptions<SlackOptions> options,
    ILogger<SlackIncidentChannels> logger) : IIncidentChannels
{
    public const int MaxChannelName = 80;
    private const int NameAttempts = 5;

    /// <summary>
    /// How far Slack's clock (a channel's <c>created</c>) may be behind ours (a command's <c>ReceivedAt</c>): the
    /// five minutes Slack's request signatures allow between its clock and ours.
    /// </summary>
    internal static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Pages of the bot's channels read when looking for its own, at Slack's largest page: years of incidents.</summary>
    private const int OwnChannelPages = 10;
    private const int OwnChannelPageSize = 999;

    public Platform Platform => Platform.Slack;

    public bool OpensNewChannels => options.Value.CreateIncidentChannels;

    public async Task<ChannelRef> OpenIncidentChannelAsync(ChatCommand command, Incident incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(incident);
        if (!options.Value.CreateIncidentChannels)
        {
            return await StayAsync(command, cancellationToken);
        }

        var baseName = ChannelName(incident.Number, incident.Title);
        string[] names = [baseName, .. Enumerable.Range(2, NameAttempts - 1).Select(attempt => WithSuffix(baseName, attempt))];
        try
        {
            SlackConversation? channel = null;
            for (var attempt = 0; channel is null; attempt++)
            {
                try
                {
                    channel = await api.CreateConversationAsync(names[attempt], isPrivate: false, cancellationToken);
                }
                catch (SlackApiException exception) when (exception.Error == "name_taken" && attempt < names.Length - 1)
                {
                    // Ours from an earlier run of this declare (under any of the names), or else try the next suffix.
                    channel = attempt == 0 ? await FindCreatedEarlierAsync(command, names, cancellationToken) : null;
                }
            }

            await FurnishAsync(channel, command, incident, cancellationToken);
            return new ChannelRef(Platform.Slack, channel.Id, channel.Name ?? baseName);
        }
        catch (SlackApiException exception)
        {
            logger.LogWarning(exception, "Could not create an incident channel ({Error}); the incident stays in {Channel}", exception.Error, command.Channel.Id);
            return await StayAsync(command, cancellationToken);
        }
    }

    /// <summary>
    /// Invites the declarer and sets the topic. Once the channel exists the incident lives there: a refused invite or
    /// topic is logged and the declare goes on, rather than leaving the channel behind empty and the incident where it
    /// was declared (the announcement links the channel, so the declarer can join it). Both are harmless on a reused
    /// channel: the declarer already in it is not an error, the topic is the same.
    /// </summary>
    private async Task FurnishAsync(SlackConversation channel, ChatCommand command, Incident incident, CancellationToken cancellationToken)
    {
        try
        {
            await api.InviteAsync(channel.Id, [command.User.Id], cancellationToken);
        }
        catch (SlackApiException exception)
        {
            SlackLog.DeclarerNotInvited(logger, command.User.Id, channel.Id, exception.Error);
        }

        try
        {
            await api.SetTopicAsync(channel.Id, Topic(incident), cancellationToken);
        }
        catch (SlackApiException exception)
        {
            SlackLog.IncidentTopicNotSet(logger, channel.Id, exception.Error);
        }
    }

    /// <summary>
    /// The channel an earlier run of <paramref name="command"/> created under one of <paramref name="names"/>; null
    /// when none of the bot's channels is provably that one. It must have been made by the bot (not by a person who
    /// picked the name) no earlier than the command was typed (not by an earlier install whose incident had the same
    /// number), and the bot must still be in it, unarchived (<c>users.conversations</c> lists only those). Null, too,
    /// when Slack cannot say (a missing scope): the name then gets a suffix, as it would without the lookup.
    /// </summary>
    private async Task<SlackConversation?> FindCreatedEarlierAsync(ChatCommand command, IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        if (command.ReceivedAt == default)
        {
            return null;
        }

        var notBefore = (command.ReceivedAt - ClockSkew).ToUnixTimeSeconds();
        try
        {
            var botUserId = await BotUserIdAsync(cancellationToken);
            string? cursor = null;
            for (var page = 0; page < OwnChannelPages; page++)
            {
                var listed = await api.ListOwnChannelsAsync(cursor, OwnChannelPageSize, cancellationToken);
                var ours = listed.Channels.FirstOrDefault(channel =>
                    channel.Name is { } name && names.Contains(name, StringComparer.Ordinal)
                    && string.Equals(channel.Creator, botUserId, StringComparison.Ordinal)
                    && channel.Created >= notBefore
                    && !channel.IsArchived);
                if (ours is not null)
                {
                    SlackLog.IncidentChannelReused(logger, ours.Id, ours.Name!, command.DeliveryId);
                    return ours;
                }

                cursor = listed.NextCursor;
                if (cursor is null)
                {
                    break;
                }
            }
        }
        catch (SlackApiException exception)
        {
            SlackLog.IncidentChannelLookupFailed(logger, command.DeliveryId, exception.Error);
        }

        return null;
    }

    /// <summary>The bot's user id, as <c>auth.test</c> says (learned once, shared with the outbox worker).</summary>
    private async Task<string> BotUserIdAsync(CancellationToken cancellationToken) =>
        (await installation.IdentityAsync(api, cancellationToken)).UserId is { Length: > 0 } userId
            ? userId
            : throw new SlackApiException("invalid_response", "auth.test");

    /// <summary>The incident lives where it was declared: the bot joins that channel to follow it.</summary>
    private async Task<ChannelRef> StayAsync(ChatCommand command, CancellationToken cancellationToken)
    {
        var join = string.IsNullOrEmpty(command.DeliveryId) ? null : command.DeliveryId + "/join";
        await outbox.EnqueueAsync(command.WorkspaceId, [new SlackOutboundJoin(command.Channel.Id)], join, cancellationToken);
        outbox.Nudge();
        return command.Channel;
    }

    /// <summary><c>inc-7-db-latency</c>: lowercase letters, digits and hyphens, at most 80 characters.</summary>
    internal static string ChannelName(int number, string title)
    {
        var prefix = number > 0 ? string.Create(CultureInfo.InvariantCulture, $"inc-{number}-") : "inc-";
        var slug = new StringBuilder();
        foreach (var c in (title ?? string.Empty).Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))
            {
                slug.Append(c);
            }
            else if ((char.IsWhiteSpace(c) || c is '-' or '_' or '.' or '/' or ':') && slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var name = (prefix + slug.ToString().Trim('-')).TrimEnd('-');
        return name.Length <= MaxChannelName ? name : name[..MaxChannelName].TrimEnd('-');
    }

    private static string WithSuffix(string name, int attempt)
    {
        var suffix = string.Create(CultureInfo.InvariantCulture, $"-{attempt}");
        var stem = name.Length + suffix.Length <= MaxChannelName ? name : name[..(MaxChannelName - suffix.Length)].TrimEnd('-');
        return stem + suffix;
    }

    private static string Topic(Incident incident) =>
        string.Create(CultureInfo.InvariantCulture, $"{(incident.Number > 0 ? incident.Reference + " · " : string.Empty)}SEV{(int)incident.Severity} · {incident.Title}");
}
