namespace IncidentBot.Core.Incidents;

/// <summary>A channel (Slack channel, Teams conversation, sandbox room) on a platform.</summary>
public sealed record ChannelRef(Platform Platform, string Id, string Name);
