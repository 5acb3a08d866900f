using System.Diagnostics.CodeAnalysis;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Timeline;

namespace IncidentBot.Storage.Incidents;

/// <summary>Rows as the database returns them (Dapper fills them by column name), and their mapping to Core records.</summary>
internal sealed partial class DapperIncidentStore
{
    [SuppressMessage("Performance", "CA1812:Avoid uninstantiated internal classes", Justification = "Materialised by Dapper.")]
    private sealed class IncidentRow
    {
        public long Id { get; set; }
        public string Workspace { get; set; } = "";
        public int Number { get; set; }
        public string Title { get; set; } = "";
        public int Severity { get; set; }
        public string Status { get; set; } = "";
        public string ChannelPlatform { get; set; } = "";
        public string ChannelId { get; set; } = "";
        public string ChannelName { get; set; } = "";
        public string DeclaredById { get; set; } = "";
        public string DeclaredByName { get; set; } = "";
        public DateTimeOffset DeclaredAt { get; set; }
        public string? Summary { get; set; }
        public string? Impact { get; set; }
        public string? CommanderId { get; set; }
        public string? CommanderName { get; set; }
        public string? CommsId { get; set; }
        public string? CommsName { get; set; }
        public string? ScribeId { get; set; }
        public string? ScribeName { get; set; }
        public DateTimeOffset? ImpactStartedAt { get; set; }
        public DateTimeOffset? DetectedAt { get; set; }
        public DateTimeOffset? AcknowledgedAt { get; set; }
        public DateTimeOffset? MitigatedAt { get; set; }
        public DateTimeOffset? ResolvedAt { get; set; }
        public int Version { get; set; }

        public Incident ToIncident() => new()
        {
            Id = Id,
            Workspace = Workspace,
            Number = Number,
            Title = Title,
            Severity = (Severity)Severity,
            Status = Enum.Parse<IncidentStatus>(Status),
            Channel = new ChannelRef(Enum.Parse<Platform>(ChannelPlatform), ChannelId, ChannelName),
            DeclaredBy = new Person(DeclaredById, DeclaredByName),
            DeclaredAt = DeclaredAt,
            Summary = Summary,
            Impact = Impact,
            Commander = StoredForm.PersonOrNull(CommanderId, CommanderName),
            Comms = StoredForm.PersonOrNull(CommsId, CommsName),
            Scribe = StoredForm.PersonOrNull(ScribeId, ScribeName),
            Times = new KeyTimes
            {
                ImpactStartedAt = ImpactStartedAt,
                DetectedAt = DetectedAt,
                AcknowledgedAt = AcknowledgedAt,
                MitigatedAt = MitigatedAt,
                ResolvedAt = ResolvedAt,
            },
            Version = Version,
        };
    }

    [SuppressMessage("Performance", "CA1812:Avoid uninstantiated internal classes", Justification = "Materialised by Dapper.")]
    private sealed class EventRow
    {
        public long Id { get; set; }
        public string Workspace { get; set; } = "";
        public long IncidentId { get; set; }
        public string Kind { get; set; } = "";
        public DateTimeOffset OccurredAt { get; set; }
        public DateTimeOffset RecordedAt { get; set; }
        public string AuthorId { get; set; } = "";
        public string AuthorName { get; set; } = "";
        public string Text { get; set; } = "";
        public string? SourceId { get; set; }
        public string? ThreadId { get; set; }
        public string? Link { get; set; }
        public string? OriginalText { get; set; }
        public DateTimeOffset? EditedAt { get; set; }
        public DateTimeOffset? WithdrawnAt { get; set; }

        public TimelineEvent ToEvent() => new()
        {
            Id = Id,
            Workspace = Workspace,
            IncidentId = IncidentId,
            Kind = Enum.Parse<TimelineEventKind>(Kind),
            OccurredAt = OccurredAt,
            RecordedAt = RecordedAt,
            Author = new Person(AuthorId, AuthorName),
            Text = Text,
            SourceId = SourceId,
            ThreadId = ThreadId,
            Link = Link,
            OriginalText = OriginalText,
            EditedAt = EditedAt,
            WithdrawnAt = WithdrawnAt,
        };
    }
}
