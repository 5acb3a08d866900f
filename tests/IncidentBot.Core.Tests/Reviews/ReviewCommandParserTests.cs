using FsCheck;
using FsCheck.Fluent;
using IncidentBot.Core.ActionItems;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Postmortems;
using IncidentBot.Core.Reviews;

namespace IncidentBot.Core.Tests.Reviews;

public sealed class ReviewCommandParserTests
{
    private static readonly string[] Words =
    [
        "schedule", "auto", "cancel", "tomorrow", "today", "15:00", "3pm", "12am", "25:00", "9:7", "2026-11-25", "2026-02-30", "friday", "next", "monday",
        "in", "3", "days", "2", "weeks", "hours", "minutes", "0", "999999", "at", "facilitator", "with", "@bob", "<@U1|carol>", "<@>",
        "action", "actions", "mine", "all", "done", "drop", "reassign", "due", "AI-3", "ai-x", "#4", "INC-7", "facilitators", "add", "remove", "list",
        "facilitate", "accept", "pass", "review", "digest", "here", "off", "owner:@bob", "owner:me", "owner:", "due:friday", "due:in", "due:2026-13-01",
        "type:detect", "type:blame", "priority:p1", "priority:p9", "factor:2", "factor:0", "link:https://x.example/1", "link:javascript:alert(1)",
        "Investigate", "the", "outage", "", " ", "\t", "\n", "…", "🔥", "\u0000", "\u200b",
    ];

    [Fact]
    public void Parser_never_throws_on_any_string()
    {
        Prop.ForAll<string>(text =>
        {
            var result = PostmortemCommandParser.Parse(text);
            return (result.Command is null) != (result.Failure is null);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Parser_never_throws_on_sentences_of_review_words_and_explains_every_failure()
    {
        var sentences = Gen.Elements(Words).ArrayOf().Select(words => string.Join(' ', words));
        Prop.ForAll(sentences.ToArbitrary(), text =>
        {
            var result = PostmortemCommandParser.Parse(text);
            var explained = result.Failure is null || (result.Failure.Message.Length > 0 && result.Failure.Usage.StartsWith("/postmortem", StringComparison.Ordinal));
            return (result.Command is null) != (result.Failure is null) && explained;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));
    }

    [Fact]
    public void Every_review_verb_parses_as_a_review_request_in_front_of_the_same_selector_rules()
    {
        var parsed = PostmortemCommandParser.Parse("INC-42 schedule auto");
        parsed.Command!.IncidentNumber.ShouldBe(42);
        parsed.Command.Request.ShouldBe(new ScheduleRequest(ReviewWhen.Automatic, null));
        PostmortemCommandParser.Parse("schedule #7 tomorrow 15:00").Command!.IncidentNumber.ShouldBe(7);
    }

    [Theory]
    [InlineData("schedule auto", "auto")]
    [InlineData("schedule tomorrow 15:00", "tomorrow 15:00")]
    [InlineData("schedule tomorrow at 3pm", "tomorrow 15:00")]
    [InlineData("schedule 2026-11-25 10:00", "2026-11-25 10:00")]
    [InlineData("schedule in 3 days", "in 3 days")]
    [InlineData("schedule in 2 weeks 14:30", "in 2 weeks 14:30")]
    [InlineData("schedule friday", "friday")]
    [InlineData("schedule next mon 9:30", "monday 09:30")]
    [InlineData("schedule in 2 hours", "in 2 hours")]
    [InlineData("schedule 16:00", "16:00")]
    public void Schedule_understands_the_ways_people_say_when(string text, string when)
    {
        var request = PostmortemCommandParser.Parse(text).Command!.Request.ShouldBeOfType<ScheduleRequest>();
        request.When!.ToString().ShouldBe(when);
        request.Facilitator.ShouldBeNull();
    }

    [Fact]
    public void Schedule_takes_a_facilitator_a_cancel_and_alone_shows_the_booking()
    {
        PostmortemCommandParser.Parse("schedule tomorrow 15:00 facilitator <@U1|carol>").Command!.Request
            .ShouldBe(new ScheduleRequest(new ReviewWhen(false, new DateSpec(DateSpecKind.Tomorrow), new TimeOnly(15, 0), null), new Person("U1", "carol")));
        PostmortemCommandParser.Parse("schedule facilitator @bob").Command!.Request.ShouldBe(new ScheduleRequest(null, new Person("bob", "bob")));
        PostmortemCommandParser.Parse("schedule cancel").Command!.Request.ShouldBeOfType<ScheduleCancelRequest>();
        PostmortemCommandParser.Parse("schedule").Command!.Request.ShouldBeOfType<ScheduleShowRequest>();
    }

    [Fact]
    public void An_action_item_takes_its_options_anywhere_and_keeps_the_rest_as_its_title()
    {
        var request = PostmortemCommandParser.Parse("action Alert when pool > 90% owner:<@U1|carol> due:in 2 weeks for 5 min type:detect priority:p1 factor:2 link:https://tracker.example/OPS-1")
            .Command!.Request.ShouldBeOfType<ActionRequest>();

        request.ShouldBe(new ActionRequest(
            "Alert when pool > 90% for 5 min",
            new Person("U1", "carol"),
            new DateSpec(DateSpecKind.InWeeks, Amount: 2),
            ActionItemType.Detect,
            ActionItemPriority.P1,
            2,
            "https://tracker.example/OPS-1"));
        PostmortemCommandParser.Parse("action Add a runbook step owner:me due:next friday").Command!.Request
            .ShouldBe(new ActionRequest("Add a runbook step", null, new DateSpec(DateSpecKind.Weekday, Weekday: DayOfWeek.Friday)));
    }

    [Fact]
    public void Item_verbs_read_their_id_as_an_action_item_not_an_incident()
    {
        PostmortemCommandParser.Parse("done AI-3").Command!.Request.ShouldBe(new ActionItemChange(3, ActionItemChangeKind.Done));
        PostmortemCommandParser.Parse("done #3").Command!.ShouldSatisfyAllConditions(
            c => c.IncidentNumber.ShouldBeNull(),
            c => c.Request.ShouldBe(new ActionItemChange(3, ActionItemChangeKind.Done)));
        PostmortemCommandParser.Parse("drop ai-4 superseded by the pool autoscaler").Command!.Request
            .ShouldBe(new ActionItemChange(4, ActionItemChangeKind.Drop, Reason: "superseded by the pool autoscaler"));
        PostmortemCommandParser.Parse("reassign 5 @dana").Command!.Request.ShouldBe(new ActionItemChange(5, ActionItemChangeKind.Reassign, Person: new Person("dana", "dana")));
        PostmortemCommandParser.Parse("due AI-6 2026-12-24").Command!.Request.ShouldBe(new ActionItemChange(6, ActionItemChangeKind.Due, Due: DateSpec.On(new DateOnly(2026, 12, 24))));
        PostmortemCommandParser.Parse("actions mine").Command!.Request.ShouldBe(new ActionsRequest(ActionsScope.Mine));
        PostmortemCommandParser.Parse("INC-3 actions").Command!.ShouldSatisfyAllConditions(
            c => c.IncidentNumber.ShouldBe(3),
            c => c.Request.ShouldBe(new ActionsRequest(ActionsScope.Incident)));
    }

    [Fact]
    public void Facilitators_facilitate_review_and_digest_parse()
    {
        var add = PostmortemCommandParser.Parse("facilitators add @dave <@U9|erin> @dave").Command!.Request.ShouldBeOfType<FacilitatorsRequest>();
        add.Operation.ShouldBe(FacilitatorsOperation.Add);
        add.People.ShouldBe([new Person("dave", "dave"), new Person("U9", "erin")]);
        PostmortemCommandParser.Parse("facilitators").Command!.Request.ShouldBeOfType<FacilitatorsRequest>().Operation.ShouldBe(FacilitatorsOperation.List);
        PostmortemCommandParser.Parse("INC-2 facilitate pass").Command!.Request.ShouldBe(new FacilitateRequest(Accept: false));
        PostmortemCommandParser.Parse("review done").Command!.Request.ShouldBeOfType<ReviewDoneRequest>();
        PostmortemCommandParser.Parse("digest here").Command!.Request.ShouldBe(new DigestRequest(On: true));
    }

    [Theory]
    [InlineData("schedule whenever", "schedule", "isn't a date I understand")]
    [InlineData("schedule 2026-02-30 10:00", "schedule", "isn't a date in the calendar")]
    [InlineData("schedule tomorrow 25:00", "schedule", "isn't a time of day")]
    [InlineData("schedule tomorrow 15:00 please", "schedule", "but not \"please\"")]
    [InlineData("schedule auto facilitator", "schedule", "Who facilitates?")]
    [InlineData("schedule auto facilitator bob", "schedule", "isn't one person")]
    [InlineData("schedule in 0 hours", "schedule", "isn't a number of hours")]
    [InlineData("action owner:@bob due:friday", "action", "What is the action?")]
    [InlineData("action Add an alert due:friday", "action", "needs an owner")]
    [InlineData("action Add an alert owner:@bob", "action", "needs a due date")]
    [InlineData("action Add an alert owner:bob due:friday", "action", "isn't a person")]
    [InlineData("action Add an alert owner:@bob due:someday", "action", "isn't a date I understand")]
    [InlineData("action Add an alert owner:@bob due:2026-13-01", "action", "isn't a date in the calendar")]
    [InlineData("action Add an alert owner:@bob due:in 3 fortnights", "action", "isn't a unit I know")]
    [InlineData("action Add an alert owner:@bob due:friday type:blame", "action", "isn't a type")]
    [InlineData("action Add an alert owner:@bob due:friday priority:p9", "action", "isn't a priority")]
    [InlineData("action Add an alert owner:@bob due:friday factor:0", "action", "isn't a factor number")]
    [InlineData("action Add an alert owner:@bob due:friday link:javascript:alert(1)", "action", "isn't an http(s) link")]
    [InlineData("actions everyone", "actions", "isn't a list I know")]
    [InlineData("done", "done", "Which action item?")]
    [InlineData("done INC-3", "done", "isn't an action item id")]
    [InlineData("done AI-3 now", "done", "takes only the item's id")]
    [InlineData("drop AI-3", "drop", "Say why it is dropped")]
    [InlineData("reassign AI-3 bob", "reassign", "Name the new owner with @")]
    [InlineData("due AI-3", "due", "Give the new due date")]
    [InlineData("due AI-3 2026-12-01 noon", "due", "but not \"noon\"")]
    [InlineData("facilitators invite @bob", "facilitators", "Use add, remove or list")]
    [InlineData("facilitators add", "facilitators", "Who?")]
    [InlineData("facilitators add bob", "facilitators", "isn't a person")]
    [InlineData("facilitate maybe", "facilitate", "answer with accept or pass")]
    [InlineData("review soon", "review", "review done")]
    [InlineData("digest everywhere", "digest", "digest here")]
    public void Usage_errors_name_the_problem_and_show_the_verbs_usage(string text, string verb, string message)
    {
        var failure = PostmortemCommandParser.Parse(text).Failure.ShouldNotBeNull(text);

        failure.Verb.ShouldBe(verb);
        failure.Message.ShouldContain(message);
        failure.Usage.ShouldBe(PostmortemCommandParser.UsageOf(verb));
        failure.Usage.ShouldStartWith("/postmortem " + verb);
    }

    [Fact]
    public void Help_lists_every_review_verb()
    {
        PostmortemCommandParser.Verbs.Select(v => v.Verb).ShouldBe(
            ["draft", "contribute", "why", "factor", "learned", "publish", "schedule", "facilitate", "review", "action", "actions", "done", "drop", "reassign", "due", "facilitators", "digest", "help"]);
    }

    [Theory]
    [InlineData("2026-11-25", "2026-11-25")]
    [InlineData("today", "2026-11-21")]
    [InlineData("tomorrow", "2026-11-22")]
    [InlineData("friday", "2026-11-27")]
    [InlineData("saturday", "2026-11-28")]
    [InlineData("next week", "2026-11-28")]
    [InlineData("in 3 days", "2026-11-24")]
    [InlineData("2w", "2026-12-05")]
    [InlineData("in 1 month", "2026-12-21")]
    public void Days_resolve_against_the_workspace_date(string typed, string expected)
    {
        // 2026-11-21 is a Saturday: "saturday" means the next one, a week on.
        var (spec, consumed, error) = ReviewCommandParser.ParseDate([.. typed.Split(' ')], 0);

        error.ShouldBeNull();
        consumed.ShouldBe(typed.Split(' ').Length);
        spec!.Resolve(new DateOnly(2026, 11, 21)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).ShouldBe(expected);
    }
}
