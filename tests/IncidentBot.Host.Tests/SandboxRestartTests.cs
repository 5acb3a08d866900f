using Microsoft.Data.Sqlite;

namespace IncidentBot.Host.Tests;

/// <summary>What people did to messages in the sandbox outlives the process: a new app on the same SQLite file sees it.</summary>
public sealed class SandboxRestartTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "incidentbot-host-tests", "restart-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Edits_deletions_and_pins_survive_a_restart_on_the_same_database_file()
    {
        long editedId, deletedId, pinnedId, keptId, revision;
        using (var before = NewApp())
        {
            var sandbox = new SandboxClient(before.CreateClient());
            await sandbox.RanAsync("alice", "ops", "/incident declare Checkout is slow sev2");
            const string channel = "inc-1-checkout-is-slow";
            editedId = (await sandbox.PostedAsync("alice", channel, "DB failover at 14:05")).Message.Id;
            deletedId = (await sandbox.PostedAsync("alice", channel, "wrong channel, sorry")).Message.Id;
            pinnedId = (await sandbox.PostedAsync("bob", channel, "Rolled back deploy 4711")).Message.Id;
            keptId = (await sandbox.PostedAsync("bob", channel, "watching the graphs")).Message.Id;
            before.Time.Advance(TimeSpan.FromMinutes(2));

            (await SandboxClient.ReadMessageAsync(await sandbox.EditAsync(editedId, "alice", "DB failover at 14:07"))).Capture.ShouldBe("updated");
            (await SandboxClient.ReadMessageAsync(await sandbox.DeleteAsync(deletedId, "alice"))).Capture.ShouldBe("updated");
            (await SandboxClient.ReadMessageAsync(await sandbox.PinAsync(pinnedId, "alice"))).Capture.ShouldBe("captured");
            revision = (await sandbox.MessagesAsync(channel, "carol")).Revision;
        }

        // Idle pooled connections would otherwise outlive the first app; the second opens the file afresh.
        SqliteConnection.ClearAllPools();

        using var after = NewApp();
        var restarted = new SandboxClient(after.CreateClient());
        var shown = (await restarted.MessagesAsync("inc-1-checkout-is-slow", "carol")).Messages.ToDictionary(m => m.Id);

        shown[editedId].Text.ShouldBe("DB failover at 14:07");
        shown[editedId].EditedAt.ShouldNotBeNull();
        shown[deletedId].Deleted.ShouldBeTrue();
        shown[deletedId].Text.ShouldBeNull();
        shown[pinnedId].Pinned.ShouldBeTrue();
        shown[keptId].Text.ShouldBe("watching the graphs");
        shown[keptId].EditedAt.ShouldBeNull();
        shown[keptId].Pinned.ShouldBeFalse();

        // The incident's timeline agrees: the pinned message is on it.
        (await restarted.RanAsync("alice", "inc-1-checkout-is-slow", "/incident timeline")).Reply.Html.ShouldNotBeNull()
            .ShouldContain("Rolled back deploy 4711");

        // A deleted message stays deleted, and a page that polled before the restart misses no change after it.
        (await restarted.EditAsync(deletedId, "alice", "back")).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
        await restarted.UnpinAsync(pinnedId, "bob");
        var poll = await restarted.MessagesAsync("inc-1-checkout-is-slow", "carol", after: keptId, since: revision);
        var update = poll.Updates.ShouldHaveSingleItem();
        update.Id.ShouldBe(pinnedId);
        update.Pinned.ShouldBeFalse();
        poll.Revision.ShouldBeGreaterThan(revision);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            if (Directory.Exists(_directory))
            {
                Directory.Delete(_directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A file still held open only leaves a temp directory behind.
        }
    }

    private IncidentBotApp NewApp() => new(new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["Storage:ConnectionString"] = $"Data Source={Path.Combine(_directory, "incidentbot.db")}",
    });
}
