using System.Net;
using System.Text.Json.Nodes;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Slack.Inbound;
using IncidentBot.TestKit;
using IncidentBot.TestKit.Slack;
using static IncidentBot.TestKit.Slack.SlackBodies;

namespace IncidentBot.Slack.Tests;

/// <summary>
/// The Web API calls still made while Slack waits for the answer (<c>users.info</c> for an event's author,
/// <c>views.open</c> for the declare form) get one attempt within <see cref="SlackDeliveryTimings.InlineCallBudget"/>,
/// measured with the app's clock, which these tests move past the budget by hand while Slack is held back.
/// </summary>
public sealed class SlackInlineCallBudgetTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Budget = new SlackDeliveryTimings().InlineCallBudget;
    private readonly FakeTimeProvider _clock = new() { DrivesTimers = true };
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SlackTestApp _app = null!;

    public async Task InitializeAsync() => _app = await SlackTestApp.StartAsync(clock: _clock, outboxWorker: false);

    public async Task DisposeAsync()
    {
        _release.TrySetResult();
        await _app.DisposeAsync();
    }

    [Fact]
    public void The_budget_is_well_inside_slacks_three_seconds() => Budget.ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(1.5));

    [Fact]
    public async Task A_message_whose_author_slack_cannot_name_within_the_budget_is_captured_with_the_user_id()
    {
        var incident = await _app.DeclareInAsync("T043DB835ML", "C043YJGBY49");
        _app.Slack.Enqueue("users.info", FakeSlackAnswer.Held(_release.Task));

        var posting = _app.PostJsonAsync("/slack/events", Fixtures.Text("events-message-plain.real.json"));
        await _app.Slack.WaitForAsync("users.info", Wait);
        _clock.Advance(Budget);
        using var response = await posting.WaitAsync(Wait);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _app.TimelineAsync(incident)).ShouldHaveSingleItem().Author.ShouldBe(new Person("U043H11ES4V", "U043H11ES4V"));
        _app.Slack.RequestsTo("users.info").ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_message_whose_author_slack_names_within_the_budget_is_captured_with_the_name()
    {
        var incident = await _app.DeclareInAsync("T043DB835ML", "C043YJGBY49");

        using var response = await _app.PostJsonAsync("/slack/events", Fixtures.Text("events-message-plain.real.json")).WaitAsync(Wait);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _app.TimelineAsync(incident)).ShouldHaveSingleItem().Author.ShouldBe(new Person("U043H11ES4V", "name-of-U043H11ES4V"));
        _clock.PendingTimers.ShouldBe(0);
    }

    [Fact]
    public async Task A_users_info_rate_limit_is_not_waited_out_while_answering()
    {
        var incident = await _app.DeclareInAsync("T043DB835ML", "C043YJGBY49");
        _app.Slack.Enqueue("users.info", FakeSlackAnswer.RateLimited(TimeSpan.FromSeconds(1)));

        using var response = await _app.PostJsonAsync("/slack/events", Fixtures.Text("events-message-plain.real.json")).WaitAsync(Wait);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _app.TimelineAsync(incident)).ShouldHaveSingleItem().Author.Name.ShouldBe("U043H11ES4V");
        _app.Slack.RequestsTo("users.info").ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_declare_form_slack_does_not_open_within_the_budget_falls_back_to_cores_answer()
    {
        _app.Slack.Enqueue("views.open", FakeSlackAnswer.Held(_release.Task));

        var posting = _app.PostFormAsync("/slack/commands", SlashCommand("declare"));
        await _app.Slack.WaitForAsync("views.open", Wait);
        _clock.Advance(Budget);
        using var response = await posting.WaitAsync(Wait);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        body["response_type"]!.GetValue<string>().ShouldBe("ephemeral");
        body.ToJsonString().ShouldContain("/incident declare");
        _app.Slack.RequestsTo("views.open").ShouldHaveSingleItem();
        (await _app.Incidents.ListIncidentsAsync(Workspace.Key(Platform.Slack, "T1"), IncidentListFilter.All, 10, CancellationToken.None)).ShouldBeEmpty();
    }
}
