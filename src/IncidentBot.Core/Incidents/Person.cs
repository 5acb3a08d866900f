namespace IncidentBot.Core.Incidents;

/// <summary>A person as the chat platform names them: a stable id and a display name.</summary>
public sealed record Person(string Id, string Name);
