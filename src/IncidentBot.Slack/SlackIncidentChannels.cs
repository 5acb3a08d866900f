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
/// otherwise, or when Slack refuses (a missing scope, say), the incident stays in the channel it was declared in:
/// a declare must not fail in the middle of an outage because a channel could not be made. An incident that stays
/// where it was declared has the bot join that channel (queued in the outbox, ahead of anything posted there), since
/// Slack sends a bot the messages, pins and reactions of channels it is in only.
/// </summary>
internal sealed class SlackIncidentChannels(
    SlackApiClient api, SlackOutbox outbox, IOptions<SlackOptions> options, ILogger<SlackIncidentChannels> logger) : IIncidentChannels
{
    public const int MaxChannelName = 80;
    private const int NameAttempts = 5;

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
        try
        {
            SlackConversation? channel = null;
            for (var attempt = 1; channel is null; attempt++)
            {
                var name = attempt == 1 ? baseName : WithSuffix(baseName, attempt);
                try
                {
                    channel = await api.CreateConversationAsync(name, isPrivate: false, cancellationToken);
                }
                catch (SlackApiException exception) when (exception.Error == "name_taken" && attempt < NameAttempts)
                {
                    // Try the next suffix.
                }
            }

            await api.InviteAsync(channel.Id, [command.User.Id], cancellationToken);
            await api.SetTopicAsync(channel.Id, Topic(incident), cancellationToken);
            return new ChannelRef(Platform.Slack, channel.Id, channel.Name ?? baseName);
        }
        catch (SlackApiException exception)
        {
            logger.LogWarning(exception, "Could not create an incident channel ({Error}); the incident stays in {Channel}", exception.Error, command.Channel.Id);
            return await StayAsync(command, cancellationToken);
        }
    }

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
