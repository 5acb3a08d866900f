using IncidentBot.Core.Commands.Parsing;
using IncidentBot.Core.Incidents;

namespace IncidentBot.Core.Tests.Commands;

public sealed class IncidentCommandParserTests
{
    private static T Parsed<T>(string text)
        where T : ParsedCommand
    {
        var result = IncidentCommandParser.Parse(text);
        result.Failure.ShouldBeNull($"'{text}' should parse, but: {result.Failure?.Message}");
        return result.Command.ShouldBeOfType<T>();
    }

    private static ParseFailure Failed(string text)
    {
        var result = IncidentCommandParser.Parse(text);
        result.Command.ShouldBeNull($"'{text}' should not parse");
        return result.Failure.ShouldNotBeNull();
    }

    [Fact]
    public void Declare_takes_a_title_and_an_optional_trailing_severity()
    {
        Parsed<DeclareCommand>("declare Checkout is slow sev2").ShouldBe(new DeclareCommand("Checkout is slow", Severity.Sev2));
        Parsed<DeclareCommand>("declare  Checkout is slow ").ShouldBe(new DeclareCommand("Checkout is slow", null));
        Parsed<DeclareCommand>("DECLARE Login 500s SEV1").Severity.ShouldBe(Severity.Sev1);
        Parsed<DeclareCommand>("declare Payments down sev-4").Severity.ShouldBe(Severity.Sev4);
    }

    [Fact]
    public void Declare_keeps_a_number_at_the_end_of_the_title()
    {
        Parsed<DeclareCommand>("declare Shard 2").ShouldBe(new DeclareCommand("Shard 2", null));
    }

    [Theory]
    [InlineData("declare", "title")]
    [InlineData("declare sev2", "title")]
    [InlineData("declare    ", "title")]
    public void Declare_without_a_title_is_refused_with_usage(string text, string mentions)
    {
        var failure = Failed(text);
        failure.Verb.ShouldBe("declare");
        failure.Message.ShouldContain(mentions);
        failure.Usage.ShouldBe("/incident declare <title> [sev1..sev4]");
    }

    [Fact]
    public void Declare_refuses_a_title_longer_than_the_limit()
    {
        var failure = Failed("declare " + new string('x', IncidentGrammar.MaxTitleLength + 1));
        failure.Message.ShouldContain("151 characters");
    }

    [Fact]
    public void Timeline_alone_shows_the_timeline()
    {
        Parsed<TimelineShowCommand>("timeline");
        Parsed<TimelineShowCommand>("  timeline   ");
    }

    [Fact]
    public void Timeline_adds_text_now_or_back_dated()
    {
        Parsed<TimelineAddCommand>("timeline Rolled back deploy 4411").ShouldBe(new TimelineAddCommand("Rolled back deploy 4411", null));
        Parsed<TimelineAddCommand>("timeline 14:05 Paged the DB team").ShouldBe(new TimelineAddCommand("Paged the DB team", new LocalTimeSpec(null, new TimeOnly(14, 5))));
        Parsed<TimelineAddCommand>("timeline 9:07 Alert fired").At.ShouldBe(new LocalTimeSpec(null, new TimeOnly(9, 7)));
        Parsed<TimelineAddCommand>("timeline 2026-11-20 23:58 First 502s").ShouldBe(
            new TimelineAddCommand("First 502s", new LocalTimeSpec(new DateOnly(2026, 11, 20), new TimeOnly(23, 58))));
    }

    [Fact]
    public void Timeline_text_keeps_what_people_typed()
    {
        Parsed<TimelineAddCommand>("timeline  p99 went   from 80ms -> 2.3s *again*").Text.ShouldBe("p99 went   from 80ms -> 2.3s *again*");
    }

    [Theory]
    [InlineData("timeline 25:00 Something", "25:00 isn't a time of day")]
    [InlineData("timeline 12:60 Something", "12:60 isn't a time of day")]
    [InlineData("timeline 2026-02-30 10:00 Something", "2026-02-30 isn't a date")]
    [InlineData("timeline 2026-11-20 First errors", "Add the time of day after the date")]
    [InlineData("timeline 14:05", "What happened at 14:05?")]
    [InlineData("timeline 2026-11-20 14:05", "What happened at 2026-11-20 14:05?")]
    public void Timeline_errors_say_what_is_wrong(string text, string message)
    {
        var failure = Failed(text);
        failure.Verb.ShouldBe("timeline");
        failure.Message.ShouldContain(message);
        failure.Usage.ShouldStartWith("/incident timeline");
    }

    [Fact]
    public void Status_takes_a_known_status_and_an_optional_note()
    {
        Parsed<StatusCommand>("status identified bad index on orders").ShouldBe(new StatusCommand(IncidentStatus.Identified, "bad index on orders"));
        Parsed<StatusCommand>("status MONITORING").ShouldBe(new StatusCommand(IncidentStatus.Monitoring, null));
        Parsed<StatusCommand>("status resolved").Status.ShouldBe(IncidentStatus.Resolved);
    }

    [Theory]
    [InlineData("status", "Which status?")]
    [InlineData("status fixed", "\"fixed\" isn't a status")]
    public void Status_errors_say_what_is_wrong(string text, string message)
    {
        var failure = Failed(text);
        failure.Verb.ShouldBe("status");
        failure.Message.ShouldContain(message);
    }

    [Theory]
    [InlineData("sev 1", Severity.Sev1)]
    [InlineData("sev sev2", Severity.Sev2)]
    [InlineData("sev SEV3", Severity.Sev3)]
    [InlineData("severity 4", Severity.Sev4)]
    public void Sev_accepts_common_spellings(string text, Severity expected) =>
        Parsed<SeverityCommand>(text).Severity.ShouldBe(expected);

    [Theory]
    [InlineData("sev", "Which severity?")]
    [InlineData("sev 5", "\"5\" isn't a severity")]
    [InlineData("sev 0", "\"0\" isn't a severity")]
    [InlineData("sev high", "\"high\" isn't a severity")]
    [InlineData("sev 2 please", "Give only the severity")]
    public void Sev_errors_say_what_is_wrong(string text, string message)
    {
        var failure = Failed(text);
        failure.Verb.ShouldBe("sev");
        failure.Message.ShouldContain(message);
        failure.Usage.ShouldBe("/incident sev <1-4>");
    }

    [Fact]
    public void Role_takes_a_role_and_a_mention_in_any_adapter_form()
    {
        Parsed<RoleCommand>("role commander <@U024BE7LH|alice>").ShouldBe(new RoleCommand(IncidentRole.Commander, new Person("U024BE7LH", "alice")));
        Parsed<RoleCommand>("role comms <@U024BE7LH>").Person.ShouldBe(new Person("U024BE7LH", "U024BE7LH"));
        Parsed<RoleCommand>("role scribe @Bob").ShouldBe(new RoleCommand(IncidentRole.Scribe, new Person("bob", "Bob")));
    }

    [Theory]
    [InlineData("role", "Which role?")]
    [InlineData("role boss @alice", "\"boss\" isn't a role")]
    [InlineData("role commander", "Who is commander?")]
    [InlineData("role commander alice", "\"alice\" isn't a person")]
    [InlineData("role commander @alice @bob", "one person per role")]
    public void Role_errors_say_what_is_wrong(string text, string message)
    {
        var failure = Failed(text);
        failure.Verb.ShouldBe("role");
        failure.Message.ShouldContain(message);
    }

    [Fact]
    public void Summary_and_impact_take_free_text()
    {
        Parsed<SummaryCommand>("summary Orders DB ran out of connections.").Text.ShouldBe("Orders DB ran out of connections.");
        Parsed<ImpactCommand>("impact 12% of checkouts failed for 40 minutes").Text.ShouldBe("12% of checkouts failed for 40 minutes");
        Failed("summary").Verb.ShouldBe("summary");
        Failed("impact   ").Verb.ShouldBe("impact");
        Failed("impact " + new string('y', IncidentGrammar.MaxTextLength + 1)).Message.ShouldContain("limit is 3000");
    }

    [Fact]
    public void Keytime_names_the_time_and_when()
    {
        Parsed<KeyTimeCommand>("keytime impact-start 13:42").ShouldBe(new KeyTimeCommand(KeyTime.ImpactStarted, new LocalTimeSpec(null, new TimeOnly(13, 42))));
        Parsed<KeyTimeCommand>("keytime detected 2026-11-20 23:10").At.Date.ShouldBe(new DateOnly(2026, 11, 20));
    }

    [Theory]
    [InlineData("keytime", "Which key time?")]
    [InlineData("keytime lunch 12:00", "\"lunch\" isn't a key time")]
    [InlineData("keytime detected", "When?")]
    [InlineData("keytime detected noon", "\"noon\" isn't a time")]
    [InlineData("keytime detected 2026-13-01 10:00", "isn't a date")]
    [InlineData("keytime detected 12:00 because", "Give only the key time")]
    public void Keytime_errors_say_what_is_wrong(string text, string message)
    {
        var failure = Failed(text);
        failure.Verb.ShouldBe("keytime");
        failure.Message.ShouldContain(message);
    }

    [Fact]
    public void Resolve_show_list_and_help_parse()
    {
        Parsed<ResolveCommand>("resolve").Note.ShouldBeNull();
        Parsed<ResolveCommand>("resolve failover completed").Note.ShouldBe("failover completed");
        Parsed<ShowCommand>("show");
        Parsed<ListCommand>("list").IncludeResolved.ShouldBeFalse();
        Parsed<ListCommand>("list all").IncludeResolved.ShouldBeTrue();
        Parsed<HelpCommand>("help").Verb.ShouldBeNull();
        Parsed<HelpCommand>("help timeline").Verb.ShouldBe("timeline");
        Parsed<HelpCommand>("").Verb.ShouldBeNull();
    }

    [Theory]
    [InlineData("show me", "show")]
    [InlineData("list closed", "list")]
    [InlineData("list all now", "list")]
    public void Verbs_without_arguments_refuse_extra_words(string text, string verb) =>
        Failed(text).Verb.ShouldBe(verb);

    [Fact]
    public void Unknown_verbs_list_the_known_ones()
    {
        var failure = Failed("escalate now");
        failure.Message.ShouldContain("\"escalate\" isn't an /incident command");
        failure.Message.ShouldContain("declare, timeline, status");
        failure.Usage.ShouldBe("/incident help");
    }

    [Theory]
    [InlineData("INC-42 status identified")]
    [InlineData("inc-42 status identified")]
    [InlineData("#42 status identified")]
    [InlineData("status INC-42 identified")]
    public void A_selector_names_the_incident_before_or_after_the_verb(string text)
    {
        var command = Parsed<StatusCommand>(text);
        command.IncidentNumber.ShouldBe(42);
        command.Status.ShouldBe(IncidentStatus.Identified);
    }

    [Fact]
    public void A_selector_works_with_every_incident_verb()
    {
        Parsed<TimelineAddCommand>("INC-7 timeline 10:00 Cache flushed").IncidentNumber.ShouldBe(7);
        Parsed<TimelineShowCommand>("INC-7 timeline").IncidentNumber.ShouldBe(7);
        Parsed<ShowCommand>("show INC-7").IncidentNumber.ShouldBe(7);
    }

    [Fact]
    public void Selector_lookalikes_stay_text()
    {
        Parsed<TimelineAddCommand>("timeline INC-0 is not a thing").Text.ShouldBe("INC-0 is not a thing");
        Parsed<TimelineAddCommand>("timeline #12a rollout").Text.ShouldBe("#12a rollout");
    }
}
