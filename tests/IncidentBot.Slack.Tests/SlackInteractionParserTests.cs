using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentBot.Core.Incidents;
using IncidentBot.Slack.Inbound;

namespace IncidentBot.Slack.Tests;

public sealed class SlackInteractionParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 14, 0, 0, TimeSpan.Zero);

    private static SlackInteraction Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return SlackInteractionParser.Parse(document.RootElement, Now);
    }

    /// <summary>A submission of our declare modal, shaped like bolt-python's view_submission fixture.</summary>
    internal static string DeclareSubmission(string? title, string? severity = "sev2", string? summary = "p99 over 2 s")
    {
        var payload = JsonNode.Parse(Fixtures.Text("interactive-view_submission.bolt-python.json"))!.AsObject();
        var view = payload["view"]!.AsObject();
        view["callback_id"] = SlackDeclareModal.CallbackId;
        view["private_metadata"] = """{"channel_id":"C111","channel_name":"ops"}""";
        view["state"] = new JsonObject
        {
            ["values"] = new JsonObject
            {
                ["title"] = new JsonObject { ["title"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = title } },
                ["severity"] = new JsonObject
                {
                    ["severity"] = new JsonObject
                    {
                        ["type"] = "static_select",
                        ["selected_option"] = severity is null ? null : new JsonObject { ["value"] = severity },
                    },
                },
                ["summary"] = new JsonObject { ["summary"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = summary } },
            },
        };
        return payload.ToJsonString();
    }

    [Fact]
    public void A_button_whose_value_is_not_a_command_is_ignored() =>
        Parse(Fixtures.Text("interactive-block_actions.bolt-python.json")).ShouldBe(new IgnoredInteraction("button without a command value"));

    [Fact]
    public void A_button_with_a_command_runs_it_as_the_person_who_pressed_it()
    {
        var json = Fixtures.Text("interactive-block_actions.bolt-python.json").Replace("click_me_123", "/postmortem draft", StringComparison.Ordinal);
        var command = Parse(json).ShouldBeOfType<ButtonCommandInteraction>().Command;
        command.Platform.ShouldBe(Platform.Slack);
        command.WorkspaceId.ShouldBe("T111");
        command.Channel.ShouldBe(new ChannelRef(Platform.Slack, "C111", "test-channel"));
        command.User.ShouldBe(new Person("W111", "primary-owner"));
        command.Command.ShouldBe("postmortem");
        command.Text.ShouldBe("draft");
        command.DeliveryId.ShouldBe("111.222.valid");
        command.ReceivedAt.ShouldBe(Now);
    }

    [Theory]
    [InlineData("interactive-view_submission.bolt-python.json")]
    [InlineData("interactive-view_submission-with-response_urls.bolt-python.json")]
    public void Submissions_of_other_views_are_ignored(string fixture) =>
        Parse(Fixtures.Text(fixture)).ShouldBe(new IgnoredInteraction("view 'view-id'"));

    [Fact]
    public void A_shortcut_from_socket_mode_is_ignored()
    {
        using var envelope = Fixtures.Json("socketmode-envelope-interactive-shortcut.python-sdk.json");
        SlackInteractionParser.Parse(envelope.RootElement.GetProperty("payload"), Now).ShouldBe(new IgnoredInteraction("interaction type 'shortcut'"));
    }

    [Fact]
    public void The_declare_modal_becomes_incident_declare_in_the_channel_it_was_opened_from()
    {
        var declared = Parse(DeclareSubmission("Checkout latency")).ShouldBeOfType<DeclareSubmittedInteraction>();
        declared.Command.Command.ShouldBe("incident");
        declared.Command.Text.ShouldBe("declare Checkout latency sev2");
        declared.Command.Channel.ShouldBe(new ChannelRef(Platform.Slack, "C111", "ops"));
        declared.Command.DeliveryId.ShouldBe("V111");
        declared.Summary.ShouldBe("p99 over 2 s");
    }

    [Fact]
    public void The_declare_modal_without_a_title_answers_with_an_error_on_the_title_block() =>
        Parse(DeclareSubmission("  ")).ShouldBeOfType<DeclareInvalidInteraction>().Errors.Keys.ShouldBe(["title"]);

    [Fact]
    public void A_severity_the_modal_does_not_offer_is_malformed() =>
        Should.Throw<SlackPayloadException>(() => Parse(DeclareSubmission("x", severity: "sev9")));

    [Fact]
    public void The_modal_round_trips_its_channel_through_private_metadata()
    {
        var view = SlackDeclareModal.Build("C9", "war-room");
        view["callback_id"]!.GetValue<string>().ShouldBe(SlackDeclareModal.CallbackId);
        view["blocks"]!.AsArray().Count.ShouldBe(3);
        using var document = JsonDocument.Parse(view.ToJsonString());
        var form = SlackDeclareModal.Read(document.RootElement);
        (form.ChannelId, form.ChannelName).ShouldBe(("C9", "war-room"));
    }

    [Theory]
    [InlineData("""{"type":"block_actions","user":{"id":"U1"},"team":{"id":"T1"},"channel":{"id":"C1"}}""", "no 'actions'")]
    [InlineData("""{"type":"block_actions","team":{"id":"T1"},"channel":{"id":"C1"},"actions":[{"type":"button","value":"/incident show"}]}""", "no 'user'")]
    [InlineData("""{"type":"block_actions","user":{"id":"U1"},"actions":[{"type":"button","value":"/incident show"}],"channel":{"id":"C1"}}""", "names no team")]
    [InlineData("""{"type":"block_actions","user":{"id":"U1","team_id":"T1"},"actions":[{"type":"button","value":"/incident show"}]}""", "names no channel")]
    [InlineData("""{"type":"view_submission"}""", "no 'view'")]
    [InlineData("""{"user":{"id":"U1"}}""", "no 'type'")]
    public void Malformed_interactions_are_a_clear_error(string json, string problem) =>
        Should.Throw<SlackPayloadException>(() => Parse(json)).Message.ShouldContain(problem);
}
