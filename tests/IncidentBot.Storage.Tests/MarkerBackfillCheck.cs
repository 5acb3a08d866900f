using Dapper;
using IncidentBot.Core.Timeline;
using IncidentBot.Storage.Incidents;
using IncidentBot.Storage.Migrations;
using static IncidentBot.TestKit.Builders;

namespace IncidentBot.Storage.Tests;

/// <summary>
/// Migration 0005 on a database a build before it left: every key entry already showing counts as pinned. The same
/// check for each dialect.
/// </summary>
internal static class MarkerBackfillCheck
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>Migrates <paramref name="database"/>, takes it back to before 0005, fills it, and migrates again.</summary>
    public static async Task RunAsync(StorageDatabase database, SchemaMigrator migrator)
    {
        await migrator.MigrateAsync(None);
        await using (var connection = await database.OpenConnectionAsync(None))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DROP TABLE timeline_marker; DELETE FROM schema_version WHERE version = 5;", cancellationToken: None));
        }

        var store = new DapperIncidentStore(database);
        var incident = await store.CreateIncidentAsync(AnIncident(), [], None);
        foreach (var (source, withdrawn) in new[] { ("C1/1.0", false), ("C1/2.0", true) })
        {
            var message = ATimelineEvent(incident.Id) with { Kind = TimelineEventKind.Message, SourceId = source, Text = source };
            await store.AppendEventAsync(message, None);
            await store.AppendEventAsync(message with { Kind = TimelineEventKind.Pinned }, None);
            if (withdrawn)
            {
                await store.WithdrawBySourceAsync(WorkspaceKey, source, TimelineEventKind.Pinned, Noon, None);
            }
        }

        (await migrator.MigrateAsync(None)).ShouldBe(1);

        // Someone's reaction going does not take the old entry out; the unpin does.
        var reactionGone = await store.RemoveTimelineMarkerAsync(WorkspaceKey, "C1/1.0", TimelineMarker.Reaction(Alice), Noon.AddMinutes(1), None);
        var unpinned = await store.RemoveTimelineMarkerAsync(WorkspaceKey, "C1/1.0", TimelineMarker.Pin(Alice), Noon.AddMinutes(2), None);
        var stillOff = await store.RemoveTimelineMarkerAsync(WorkspaceKey, "C1/2.0", TimelineMarker.Reaction(Alice), Noon.AddMinutes(1), None);
        (reactionGone.Markers, reactionGone.OnKeyTimeline).ShouldBe((1, true));
        (unpinned.Markers, unpinned.OnKeyTimeline).ShouldBe((0, false));
        (stillOff.Markers, stillOff.KeyEntry!.WithdrawnAt).ShouldBe((0, Noon));
    }
}
