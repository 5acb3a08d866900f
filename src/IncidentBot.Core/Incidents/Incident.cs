namespace IncidentBot.Core.Incidents;

/// <summary>
/// An incident's current state. Its history lives in the timeline; every change to this record is
/// saved together with the timeline event that explains it.
/// </summary>
public sealed record Incident
{
    /// <summary>Store-assigned id; 0 before the incident is saved.</summary>
    public long Id { get; init; }

    /// <summary>Platform-qualified workspace key, see <see cref="Workspace.Key"/>.</summary>
    public required string Workspace { get; init; }

    /// <summary>Per-workspace number: INC-1, INC-2 …</summary>
    public int Number { get; init; }

    public required string Title { get; init; }
    public Severity Severity { get; init; } = Severity.Sev3;
    public IncidentStatus Status { get; init; } = IncidentStatus.Investigating;
    public required ChannelRef Channel { get; init; }
    public required Person DeclaredBy { get; init; }
    public DateTimeOffset DeclaredAt { get; init; }
    public string? Summary { get; init; }
    public string? Impact { get; init; }
    public Person? Commander { get; init; }
    public Person? Comms { get; init; }
    public Person? Scribe { get; init; }
    public KeyTimes Times { get; init; } = KeyTimes.Empty;

    /// <summary>Optimistic concurrency: a save succeeds only against the version it was read at.</summary>
    public int Version { get; init; }

    public string Reference => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"INC-{Number}");

    public bool IsOpen => Status != IncidentStatus.Resolved;

    public Person? Holder(IncidentRole role) => role switch
    {
        IncidentRole.Commander => Commander,
        IncidentRole.Comms => Comms,
        IncidentRole.Scribe => Scribe,
        _ => null,
    };
}
