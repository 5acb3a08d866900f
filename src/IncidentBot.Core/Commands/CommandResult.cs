using IncidentBot.Core.Incidents;

namespace IncidentBot.Core.Commands;

/// <summary>What a command produced: the answer to the person who typed it, and messages for channels.</summary>
public sealed record CommandResult(Reply Reply, IReadOnlyList<Announcement> Announcements)
{
    public static CommandResult Answer(Reply reply) => new(reply, []);
}

/// <summary>A message the bot posts into a channel (for example the incident channel) as a result of a command.</summary>
public sealed record Announcement(ChannelRef Channel, Reply Message);
