using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IncidentBot.Core.Sandbox;
using IncidentBot.Host.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentBot.Host.Tests;

/// <summary>The sandbox as a chat platform: messages, edits, deletions, pins, visibility and input validation.</summary>
public sealed class SandboxApiTests(IncidentBotApp app) : IClassFixture<IncidentBotApp>
{
    [Fact]
    public async Task A_posted_message_shows_in_the_channel_list_and_the_channel()
    {
        var sandbox = Client();
        var channel = NewChannel();

        var posted = await sandbox.PostedAsync("Alice Smith", channel, "Checkout p99 is at 4 s");

        (await sandbox.ChannelsAsync()).ShouldContain(c => c == channel);
        var messages = await sandbox.MessagesAsync(channel, "Bob");
        var message = messages.Messages.ShouldHaveSingleItem();
        message.Id.ShouldBe(posted.Message.Id);
        message.Text.ShouldBe("Checkout p99 is at 4 s");
        message.AuthorId.ShouldBe("u-alice-smith");
        message.AuthorName.ShouldBe("Alice Smith");
        message.FromBot.ShouldBeFalse();
        message.Html.ShouldBeNull();
        message.PostedAt.ShouldBe(app.Time.GetUtcNow());
        messages.LastId.ShouldBe(posted.Message.Id);
    }

    [Fact]
    public async Task Polling_after_the_last_id_returns_only_newer_messages()
    {
        var sandbox = Client();
        var channel = NewChannel();
        var first = await sandbox.PostedAsync("alice", channel, "one");
        await sandbox.PostedAsync("alice", channel, "two");

        var newer = await sandbox.MessagesAsync(channel, "alice", after: first.Message.Id);

        newer.Messages.Select(m => m.Text).ShouldBe(["two"]);
    }

    [Fact]
    public async Task A_private_reply_is_visible_only_to_the_person_it_is_for()
    {
        var sandbox = Client();
        var channel = NewChannel();
        var store = app.Services.GetRequiredService<ISandboxChannelStore>();
        await store.PostAsync(
            new SandboxMessage(0, channel, "incidentbot", "IncidentBot", FromBot: true, "Only for *alice*", app.Time.GetUtcNow(), VisibleTo: "u-alice"),
            CancellationToken.None);
        await sandbox.PostedAsync("bob", channel, "hello");

        var forAlice = await sandbox.MessagesAsync(channel, "Alice");
        var forBob = await sandbox.MessagesAsync(channel, "bob");
        var forNobody = await sandbox.MessagesAsync(channel, viewer: null);

        var reply = forAlice.Messages.First(m => m.FromBot);
        reply.Private.ShouldBeTrue();
        reply.Text.ShouldBeNull();
        reply.Html.ShouldNotBeNull().ShouldContain("<em>alice</em>");
        forBob.Messages.ShouldAllBe(m => !m.FromBot);
        forNobody.Messages.ShouldAllBe(m => !m.FromBot);
    }

    [Fact]
    public async Task The_author_edits_a_message_and_pollers_get_the_update()
    {
        var sandbox = Client();
        var channel = NewChannel();
        var posted = await sandbox.PostedAsync("alice", channel, "DB failover at 14:05");
        var before = await sandbox.MessagesAsync(channel, "bob");
        app.Time.Advance(TimeSpan.FromMinutes(2));

        var edited = await SandboxClient.ReadMessageAsync(await sandbox.EditAsync(posted.Message.Id, "alice", "DB failover at 14:07"));

        edited.Message.Text.ShouldBe("DB failover at 14:07");
        edited.Message.EditedAt.ShouldBe(app.Time.GetUtcNow());
        var poll = await sandbox.MessagesAsync(channel, "bob", after: before.LastId, since: before.Revision);
        poll.Messages.ShouldBeEmpty();
        var update = poll.Updates.ShouldHaveSingleItem();
        update.Id.ShouldBe(posted.Message.Id);
        update.Text.ShouldBe("DB failover at 14:07");
        update.EditedAt.ShouldNotBeNull();
        (await sandbox.MessagesAsync(channel, "bob")).Messages.Single().Text.ShouldBe("DB failover at 14:07");
    }

    [Fact]
    public async Task Pollers_get_deletions_and_pins_of_messages_they_already_show_and_nothing_twice()
    {
        var sandbox = Client();
        var channel = NewChannel();
        var doomed = await sandbox.PostedAsync("alice", channel, "wrong channel, sorry");
        var pinned = await sandbox.PostedAsync("alice", channel, "Rolled back deploy 4711");
        var before = await sandbox.MessagesAsync(channel, "bob");

        await sandbox.DeleteAsync(doomed.Message.Id, "alice");
        await sandbox.PinAsync(pinned.Message.Id, "bob");
        var newer = await sandbox.PostedAsync("carol", channel, "posted after the page looked");
        var poll = await sandbox.MessagesAsync(channel, "bob", after: before.LastId, since: before.Revision);

        poll.Messages.Select(m => m.Id).ShouldBe([newer.Message.Id]);
        poll.Updates.Select(u => (u.Id, u.Deleted, u.Pinned, u.Text)).ShouldBe(
            [(doomed.Message.Id, true, false, null), (pinned.Message.Id, false, true, "Rolled back deploy 4711")]);
        poll.Revision.ShouldBeGreaterThan(before.Revision);
        var again = await sandbox.MessagesAsync(channel, "bob", after: poll.LastId, since: poll.Revision);
        again.Messages.ShouldBeEmpty();
        again.Updates.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_deleted_message_shows_as_deleted_and_can_no_longer_change()
    {
        var sandbox = Client();
        var channel = NewChannel();
        var posted = await sandbox.PostedAsync("alice", channel, "wrong channel, sorry");

        var deleted = await SandboxClient.ReadMessageAsync(await sandbox.DeleteAsync(posted.Message.Id, "alice"));

        deleted.Message.Deleted.ShouldBeTrue();
        deleted.Message.Text.ShouldBeNull();
        var shown = (await sandbox.MessagesAsync(channel, "bob")).Messages.Single();
        shown.Deleted.ShouldBeTrue();
        shown.Text.ShouldBeNull();
        (await sandbox.EditAsync(posted.Message.Id, "alice", "again")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await sandbox.PinAsync(posted.Message.Id, "alice")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await sandbox.DeleteAsync(posted.Message.Id, "alice")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Anyone_pins_and_unpins_a_message()
    {
        var sandbox = Client();
        var channel = NewChannel();
        var posted = await sandbox.PostedAsync("alice", channel, "Rolled back deploy 4711");

        var pinned = await SandboxClient.ReadMessageAsync(await sandbox.PinAsync(posted.Message.Id, "bob"));
        pinned.Message.Pinned.ShouldBeTrue();
        (await sandbox.MessagesAsync(channel, "carol")).Messages.Single().Pinned.ShouldBeTrue();

        var unpinned = await SandboxClient.ReadMessageAsync(await sandbox.UnpinAsync(posted.Message.Id, "bob"));
        unpinned.Message.Pinned.ShouldBeFalse();
        (await sandbox.MessagesAsync(channel, "carol")).Messages.Single().Pinned.ShouldBeFalse();
    }

    [Fact]
    public async Task Only_the_author_edits_or_deletes_a_message()
    {
        var sandbox = Client();
        var channel = NewChannel();
        var posted = await sandbox.PostedAsync("alice", channel, "mine");

        (await sandbox.EditAsync(posted.Message.Id, "mallory", "yours now")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await sandbox.DeleteAsync(posted.Message.Id, "mallory")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var shown = (await sandbox.MessagesAsync(channel, "alice")).Messages.Single();
        shown.Text.ShouldBe("mine");
        shown.Deleted.ShouldBeFalse();
    }

    [Fact]
    public async Task The_bots_messages_cannot_be_edited_deleted_or_pinned()
    {
        var sandbox = Client();
        var channel = NewChannel();
        var store = app.Services.GetRequiredService<ISandboxChannelStore>();
        var bot = await store.PostAsync(
            new SandboxMessage(0, channel, "incidentbot", "IncidentBot", FromBot: true, "INC-9 declared", app.Time.GetUtcNow(), VisibleTo: null),
            CancellationToken.None);

        (await sandbox.EditAsync(bot.Id, "alice", "x")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await sandbox.DeleteAsync(bot.Id, "alice")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await sandbox.PinAsync(bot.Id, "alice")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(987654321)]
    public async Task Unknown_message_ids_are_404_problems(long id)
    {
        var sandbox = Client();

        foreach (var response in new[]
        {
            await sandbox.EditAsync(id, "alice", "x"),
            await sandbox.DeleteAsync(id, "alice"),
            await sandbox.PinAsync(id, "alice"),
            await sandbox.UnpinAsync(id, "alice"),
        })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }
    }

    [Theory]
    [InlineData("alice", "ops-{0}", "", "text")]
    [InlineData("alice", "ops-{0}", "   ", "text")]
    [InlineData("", "ops-{0}", "hello", "user")]
    [InlineData("!!!", "ops-{0}", "hello", "user")]
    [InlineData("alice", "Ops {0}", "hello", "channel")]
    [InlineData("alice", "-ops{0}", "hello", "channel")]
    [InlineData("alice", "ops/{0}", "hello", "channel")]
    [InlineData("alice", "ops-{0}", "bell \u0007", "text")]
    public async Task Invalid_messages_are_400_problems_naming_the_field_and_change_nothing(string user, string channelPattern, string text, string field)
    {
        var sandbox = Client();
        var channel = string.Format(System.Globalization.CultureInfo.InvariantCulture, channelPattern, Guid.NewGuid().ToString("N")[..8]);

        var response = await sandbox.PostMessageAsync(user, channel, text);

        await ShouldBeValidationProblem(response, field);
        (await sandbox.ChannelsAsync()).ShouldNotContain(c => c == channel);
    }

    [Fact]
    public async Task Text_over_4000_characters_is_refused()
    {
        var sandbox = Client();
        var channel = NewChannel();

        await ShouldBeValidationProblem(await sandbox.PostMessageAsync("alice", channel, new string('x', 4001)), "text");
        await ShouldBeValidationProblem(await sandbox.RunCommandAsync("alice", channel, "/incident timeline " + new string('x', 4000)), "text");
        (await sandbox.ChannelsAsync()).ShouldNotContain(c => c == channel);

        (await sandbox.PostMessageAsync("alice", channel, new string('x', 4000))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("/incidents declare x")]
    [InlineData("/giphy cats")]
    [InlineData("incident declare x")]
    public async Task A_command_must_be_incident_or_postmortem(string text)
    {
        var sandbox = Client();
        var channel = NewChannel();

        await ShouldBeValidationProblem(await sandbox.RunCommandAsync("alice", channel, text), "text");
        (await sandbox.ChannelsAsync()).ShouldNotContain(c => c == channel);
    }

    [Fact]
    public async Task Invalid_edits_are_refused_and_change_nothing()
    {
        var sandbox = Client();
        var channel = NewChannel();
        var posted = await sandbox.PostedAsync("alice", channel, "original");

        await ShouldBeValidationProblem(await sandbox.EditAsync(posted.Message.Id, "alice", ""), "text");
        await ShouldBeValidationProblem(await sandbox.EditAsync(posted.Message.Id, "alice", new string('y', 4001)), "text");
        await ShouldBeValidationProblem(await sandbox.EditAsync(posted.Message.Id, "", "new"), "user");

        var shown = (await sandbox.MessagesAsync(channel, "alice")).Messages.Single();
        shown.Text.ShouldBe("original");
        shown.EditedAt.ShouldBeNull();
    }

    [Fact]
    public async Task Bodies_that_are_not_json_objects_are_refused()
    {
        var sandbox = Client();

        using var plain = new StringContent("""{"user":"alice","channel":"ops","text":"hi"}""", Encoding.UTF8, "text/plain");
        (await sandbox.Http.PostAsync(new Uri("/sandbox/messages", UriKind.Relative), plain)).StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);

        using var broken = new StringContent("""{"user":"alice", """, Encoding.UTF8, "application/json");
        var brokenResponse = await sandbox.Http.PostAsync(new Uri("/sandbox/messages", UriKind.Relative), broken);
        brokenResponse.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        brokenResponse.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");

        using var wrongShape = new StringContent("""["alice"]""", Encoding.UTF8, "application/json");
        (await sandbox.Http.PostAsync(new Uri("/sandbox/commands", UriKind.Relative), wrongShape)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        using var huge = new StringContent(JsonSerializer.Serialize(new { user = "alice", channel = "ops", text = new string('z', 70_000) }), Encoding.UTF8, "application/json");
        (await sandbox.Http.PostAsync(new Uri("/sandbox/messages", UriKind.Relative), huge)).StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("Bad Channel", null, null, null, "channel")]
    [InlineData("ops", "!!", null, null, "viewer")]
    [InlineData("ops", "alice", "-1", null, "after")]
    [InlineData("ops", "alice", "x", null, "after")]
    [InlineData("ops", "alice", null, "1.5", "since")]
    public async Task Invalid_listing_queries_are_400_problems(string channel, string? viewer, string? after, string? since, string field)
    {
        var sandbox = Client();
        var query = new List<string>();
        if (viewer is not null)
        {
            query.Add("viewer=" + Uri.EscapeDataString(viewer));
        }

        if (after is not null)
        {
            query.Add("after=" + after);
        }

        if (since is not null)
        {
            query.Add("since=" + since);
        }

        var response = await sandbox.Http.GetAsync(new Uri($"/sandbox/channels/{Uri.EscapeDataString(channel)}/messages?{string.Join('&', query)}", UriKind.Relative));

        await ShouldBeValidationProblem(response, field);
    }

    [Fact]
    public async Task Text_is_returned_exactly_as_typed_for_the_page_to_insert_as_text()
    {
        var sandbox = Client();
        var channel = NewChannel();
        const string hostile = "<script>alert(1)</script> [x](javascript:alert(1)) **bold**";

        await sandbox.PostedAsync("alice", channel, hostile);

        var message = (await sandbox.MessagesAsync(channel, "bob")).Messages.Single();
        message.Text.ShouldBe(hostile);
        message.Html.ShouldBeNull();
    }

    private SandboxClient Client() => new(app.CreateClient());

    private static string NewChannel() => "test-" + Guid.NewGuid().ToString("N")[..12];

    private static async Task ShouldBeValidationProblem(HttpResponseMessage response, string field)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue($"errors should name '{field}': {problem.RootElement}");
    }
}
