using System.Text.Json;
using IncidentBot.Core.Timeline;
using IncidentBot.Slack.Inbound;

namespace IncidentBot.Slack.Tests;

public sealed class SlackEventParserTests
{
    private static SlackEventEnvelope ParseFixture(string name, string reaction = "pushpin")
    {
        using var document = Fixtures.Json(name);
        return SlackEventParser.Parse(document.RootElement, reaction);
    }

    private static SlackEventEnvelope ParseJson(string json, string reaction = "pushpin")
    {
        using var document = JsonDocument.Parse(json);
        return SlackEventParser.Parse(document.RootElement, reaction);
    }

    private static DateTimeOffset Ts(long seconds, long micros) => DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(micros * 10);

    [Fact]
    public void Url_verification_returns_the_challenge() =>
        ParseFixture("events-url_verification.docs.json").Event
            .ShouldBe(new UrlVerificationEvent("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"));

    [Fact]
    public void App_rate_limited_is_recognised() =>
        ParseFixture("events-app_rate_limited.docs.json").Event.ShouldBe(new RateLimitedEvent("T123ABC456", 1518467820));

    [Fact]
    public void A_plain_human_message_is_captured_with_its_exact_time()
    {
        var envelope = ParseFixture("events-message-plain.real.json");
        envelope.EventId.ShouldBe("Ev043T7CKN84");
        envelope.Event.ShouldBe(new MessagePostedEvent("T043DB835ML", "C043YJGBY49", "U043H11ES4V", "1663966382.046509", null, "dgsfklsdgf", Ts(1663966382, 46509)));
    }

    [Fact]
    public void The_bots_own_message_is_ignored_even_without_a_bot_id()
    {
        // bolt-python's fixture: the message's user is the installing bot user named in authorizations.
        ParseFixture("events-message-user.bolt-python.json").Event.ShouldBeOfType<IgnoredEvent>().Reason.ShouldBe("the bot's own message");
    }

    [Fact]
    public void The_same_shape_from_a_person_is_captured()
    {
        var json = Fixtures.Text("events-message-user.bolt-python.json").Replace("\"user_id\": \"W111\"", "\"user_id\": \"UBOT\"", StringComparison.Ordinal);
        ParseJson(json).Event.ShouldBeOfType<MessagePostedEvent>().UserId.ShouldBe("W111");
    }

    [Theory]
    [InlineData("events-message-bot-with-bot_profile.bolt-python.json")]
    [InlineData("events-message-bot_message-subtype.bolt-python.json")]
    [InlineData("events-message-bot_message-subtype.real.json")]
    public void Bot_messages_are_ignored(string fixture) =>
        ParseFixture(fixture).Event.ShouldBeOfType<IgnoredEvent>();

    [Fact]
    public void Channel_join_and_other_system_subtypes_are_ignored()
    {
        ParseFixture("events-message-channel_join.real.json").Event.ShouldBe(new IgnoredEvent("message subtype 'channel_join'"));
        ParseFixture("events-channel_created.real.json").Event.ShouldBe(new IgnoredEvent("event type 'channel_created'"));
    }

    [Fact]
    public void Message_changed_edits_the_original_message()
    {
        var edited = ParseFixture("events-message_changed.bolt-python.json").Event.ShouldBeOfType<MessageEditedEvent>();
        edited.ShouldBe(new MessageEditedEvent("T111", "C111", "1665102338.901939", "updated message", Ts(1665102362, 0)));
    }

    [Fact]
    public void Message_changed_without_new_words_is_ignored()
    {
        var json = Fixtures.Text("events-message_changed.bolt-python.json").Replace("\"text\": \"updated message\"", "\"text\": \"original message\"", StringComparison.Ordinal);
        ParseJson(json).Event.ShouldBe(new IgnoredEvent("message_changed without a text change"));
    }

    [Theory]
    [InlineData("events-message_deleted.bolt-python.json", "T111", "C111", "1665368619.804829", 1665368629, 7100)]
    [InlineData("events-message_deleted.real.json", "T043DB835ML", "C043YJGBY49", "1663966382.046509", 1663969383, 1500)]
    public void Message_deleted_withdraws_the_deleted_message(string fixture, string team, string channel, string ts, long seconds, long micros) =>
        ParseFixture(fixture).Event.ShouldBe(new MessageDeletedEvent(team, channel, ts, Ts(seconds, micros)));

    [Fact]
    public void The_timeline_reaction_promotes_the_message()
    {
        var promoted = ParseFixture("events-reaction_added.bolt-python.json", reaction: "heart_eyes").Event;
        promoted.ShouldBe(new MessagePromotedEvent("T111", "C111", "1599529504.000400", "W23456789", Ts(1599616881, 800), TimelineMarkerKind.Reaction));
    }

    [Theory]
    [InlineData("events-reaction_added.bolt-python.json")]
    [InlineData("events-reaction_added-with-authorizations.docs.json")]
    public void Other_reactions_are_ignored(string fixture) =>
        ParseFixture(fixture).Event.ShouldBeOfType<IgnoredEvent>().Reason.ShouldContain("not the timeline reaction");

    [Fact]
    public void Removing_the_timeline_reaction_demotes_the_message()
    {
        var json = Fixtures.Text("events-reaction_added-with-authorizations.docs.json")
            .Replace("reaction_added", "reaction_removed", StringComparison.Ordinal)
            .Replace("slightly_smiling_face", "pushpin::skin-tone-2", StringComparison.Ordinal);
        ParseJson(json).Event.ShouldBe(new MessageDemotedEvent("T123ABC456", "C123ABC456", "1464196127.000002", "U123ABC456", Ts(1465244570, 336841), TimelineMarkerKind.Reaction));
    }

    [Fact]
    public void A_pin_without_a_message_item_is_ignored() =>
        ParseFixture("events-pin_added.docs.json").Event.ShouldBe(new IgnoredEvent("pin of something other than a message"));

    [Fact]
    public void Pinning_and_unpinning_a_message_promote_and_demote_it()
    {
        const string Pin = """
            {"type":"event_callback","team_id":"T1","event_id":"Ev9","event":{"type":"pin_added","user":"U1","channel_id":"C1",
             "item":{"type":"message","channel":"C1","created":1508881078,"created_by":"U1",
                     "message":{"type":"message","user":"U2","text":"db is down","ts":"1508197641.000151","permalink":"https://x.slack.com/archives/C1/p1508197641000151"}},
             "event_ts":"1508881078.000200"}}
            """;
        ParseJson(Pin).Event.ShouldBe(new MessagePromotedEvent("T1", "C1", "1508197641.000151", "U1", Ts(1508881078, 200), TimelineMarkerKind.Pin));
        ParseJson(Pin.Replace("pin_added", "pin_removed", StringComparison.Ordinal)).Event
            .ShouldBe(new MessageDemotedEvent("T1", "C1", "1508197641.000151", "U1", Ts(1508881078, 200), TimelineMarkerKind.Pin));
    }

    [Fact]
    public void A_thread_reply_keeps_its_thread()
    {
        const string Reply = """
            {"type":"event_callback","team_id":"T1","event_id":"Ev1","event":{"type":"message","user":"U1","text":"rolling back",
             "ts":"1664216200.000100","thread_ts":"1664216109.798919","parent_user_id":"U2","channel":"C1","event_ts":"1664216200.000100"}}
            """;
        ParseJson(Reply).Event.ShouldBeOfType<MessagePostedEvent>().ThreadTs.ShouldBe("1664216109.798919");
    }

    [Fact]
    public void App_mentions_without_a_command_are_left_to_the_message_event()
    {
        ParseFixture("events-app_mention.docs.json").Event.ShouldBeOfType<IgnoredEvent>();
        using var envelope = Fixtures.Json("socketmode-envelope-events_api-app_mention.python-sdk.json");
        SlackEventParser.Parse(envelope.RootElement.GetProperty("payload"), "pushpin").Event.ShouldBeOfType<IgnoredEvent>();
    }

    [Fact]
    public void An_app_mention_with_a_command_runs_it()
    {
        var json = Fixtures.Text("events-app_mention.docs.json").Replace("is it everything a river should be?", "incident status resolved", StringComparison.Ordinal);
        ParseJson(json).Event.ShouldBe(new MentionCommandEvent("T123ABC456", "C123ABC456", "U061F7AUR", "1515449522.000016", "incident", "status resolved"));
    }

    [Theory]
    [InlineData("""{"token":"x"}""", "no 'type'")]
    [InlineData("""{"type":"event_callback","team_id":"T1","event_id":"Ev1"}""", "no 'event' object")]
    [InlineData("""{"type":"event_callback","team_id":"T1","event":{"type":"message"}}""", "no 'event_id'")]
    [InlineData("""{"type":"event_callback","event_id":"Ev1","event":{"type":"message"}}""", "no 'team_id'")]
    [InlineData("""{"type":"event_callback","team_id":"T1","event_id":"Ev1","event":{"type":"message","channel":"C1","user":"U1","text":"x","ts":"yesterday"}}""", "not a Slack timestamp")]
    [InlineData("""{"type":"event_callback","team_id":"T1","event_id":"Ev1","event":{"type":"message","user":"U1","text":"x","ts":"1.1"}}""", "no 'channel'")]
    [InlineData("""{"type":"event_callback","team_id":"T1","event_id":"Ev1","event":"message"}""", "no 'event' object")]
    [InlineData("""{"type":12}""", "no 'type'")]
    public void Malformed_bodies_are_reported_not_thrown_as_anything_else(string json, string problem) =>
        Should.Throw<SlackPayloadException>(() => ParseJson(json)).Message.ShouldContain(problem);

    [Fact]
    public void Unknown_outer_types_are_ignored() =>
        ParseJson("""{"type":"something_new"}""").Event.ShouldBeOfType<IgnoredEvent>();

    [Theory]
    [InlineData("1663966382.046509", 1663966382, 46509)]
    [InlineData("1663966382.5", 1663966382, 500000)]
    [InlineData("1663966382", 1663966382, 0)]
    [InlineData("0000000000.000000", 0, 0)]
    public void Slack_timestamps_convert_to_the_microsecond(string ts, long seconds, long micros)
    {
        SlackTimestamp.TryParse(ts, out var at).ShouldBeTrue();
        at.ShouldBe(Ts(seconds, micros));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1663966382.")]
    [InlineData(".5")]
    [InlineData("1663966382.0465091")]
    [InlineData("1663966382.04a")]
    [InlineData("-1.0")]
    [InlineData("99999999999999999.0")]
    public void Malformed_slack_timestamps_are_rejected(string ts) => SlackTimestamp.TryParse(ts, out _).ShouldBeFalse();
}
