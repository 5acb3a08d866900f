using System.Diagnostics.CodeAnalysis;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Postmortems;

namespace IncidentBot.Storage.Postmortems;

/// <summary>Rows as the database returns them (Dapper fills them by column name), and their mapping to Core records.</summary>
internal sealed partial class DapperPostmortemStore
{
    [SuppressMessage("Performance", "CA1812:Avoid uninstantiated internal classes", Justification = "Materialised by Dapper.")]
    private sealed class NoteRow
    {
        public long Id { get; set; }
        public string Workspace { get; set; } = "";
        public long IncidentId { get; set; }
        public string Kind { get; set; } = "";
        public string AuthorId { get; set; } = "";
        public string AuthorName { get; set; } = "";
        public string Text { get; set; } = "";
        public DateTimeOffset CreatedAt { get; set; }
        public string? SourceId { get; set; }
        public DateTimeOffset? WithdrawnAt { get; set; }

        public PostmortemNote ToNote() => new()
        {
            Id = Id,
            Workspace = Workspace,
            IncidentId = IncidentId,
            Kind = Enum.Parse<PostmortemNoteKind>(Kind),
            Author = new Person(AuthorId, AuthorName),
            Text = Text,
            CreatedAt = CreatedAt,
            SourceId = SourceId,
            WithdrawnAt = WithdrawnAt,
        };
    }

    [SuppressMessage("Performance", "CA1812:Avoid uninstantiated internal classes", Justification = "Materialised by Dapper.")]
    private sealed class DraftRow
    {
        public long Id { get; set; }
        public string Workspace { get; set; } = "";
        public long IncidentId { get; set; }
        public int Version { get; set; }
        public string Markdown { get; set; } = "";
        public DateTimeOffset CreatedAt { get; set; }
        public string CreatedById { get; set; } = "";
        public string CreatedByName { get; set; } = "";
        public bool Published { get; set; }
        public bool NamesReplaced { get; set; }
        public string? SourceId { get; set; }

        public PostmortemDraft ToDraft() => new()
        {
            Id = Id,
            Workspace = Workspace,
            IncidentId = IncidentId,
            Version = Version,
            Markdown = Markdown,
            CreatedAt = CreatedAt,
            CreatedBy = new Person(CreatedById, CreatedByName),
            Published = Published,
            NamesReplaced = NamesReplaced,
            SourceId = SourceId,
        };
    }
}
