using System.Net;

namespace IncidentBot.Host.Tests;

/// <summary>
/// Commands and capture end to end: the sandbox → Core's <c>CommandService</c> and <c>ChannelCapture</c> →
/// storage, on a fresh app (so the first incident is INC-1).
/// </summary>
public sealed class SandboxCommandTests(IncidentBotApp app) : IClassFixture<IncidentBotApp>
{
    [Fact]
    public async Task Declare_opens_an_incident_channel_and_announces_it_where_it_was_typed()
    {
        var sandbox = new SandboxClient(app.CreateClient());

        var result = await sandbox.RanAsync("alice", "ops", "/incident declare Checkout is slow sev2");

        var all = string.Join('\n', new[] { result.Reply }.Concat(result.Announcements).Select(m => m.Html));
        all.ShouldContain("INC-1");
        result.Reply.FromBot.ShouldBeTrue();
        result.Reply.Html.ShouldNotBeNull().ShouldContain("/incident declare Checkout is slow sev2");
        var channels = await sandbox.ChannelsAsync();
        channels.ShouldContain(c => c == "ops");
        var incidentChannel = channels.Where(c => c.StartsWith("inc-1-", StringComparison.Ordinal)).ShouldHaveSingleItem();
        incidentChannel.ShouldBe("inc-1-checkout-is-slow");
        (await sandbox.MessagesAsync(incidentChannel, "bob")).Messages.ShouldContain(m => m.FromBot);

        // The incident lives in its channel: messages there are captured, a pin puts one on the timeline.
        var message = await sandbox.PostedAsync("bob", incidentChannel, "p99 back under 300 ms after the rollback");
        message.Capture.ShouldBe("captured");
        var pin = await SandboxClient.ReadMessageAsync(await sandbox.PinAsync(message.Message.Id, "alice"));
        pin.Capture.ShouldBe("captured");

        var timeline = await sandbox.RanAsync("alice", incidentChannel, "/incident timeline");
        timeline.Reply.Html.ShouldNotBeNull().ShouldContain("p99 back under 300 ms after the rollback");
    }

    [Fact]
    public async Task A_message_outside_an_incident_channel_is_not_captured()
    {
        var sandbox = new SandboxClient(app.CreateClient());

        var posted = await sandbox.PostedAsync("alice", "random", "lunch?");

        posted.Capture.ShouldBe("ignored");
    }

    [Fact]
    public async Task A_usage_error_is_private_to_the_person_who_typed_the_command()
    {
        var sandbox = new SandboxClient(app.CreateClient());
        var channel = "help-" + Guid.NewGuid().ToString("N")[..8];

        var result = await sandbox.RanAsync("alice", channel, "/incident frobnicate");

        result.Reply.Private.ShouldBeTrue();
        (await sandbox.MessagesAsync(channel, "alice")).Messages.ShouldContain(m => m.Id == result.Reply.Id && m.Private);
        (await sandbox.MessagesAsync(channel, "bob")).Messages.ShouldNotContain(m => m.Id == result.Reply.Id);
    }

    [Fact]
    public async Task A_command_never_answers_with_a_server_error()
    {
        var sandbox = new SandboxClient(app.CreateClient());

        foreach (var text in new[] { "/incident", "/postmortem", "/incident timeline 25:99 nonsense", "/postmortem done ACT-999999" })
        {
            (await sandbox.RunCommandAsync("alice", "ops", text)).StatusCode.ShouldBe(HttpStatusCode.OK, text);
        }
    }
}
