using IncidentBot.Core.ActionItems;
using IncidentBot.Core.Language;
using IncidentBot.TestKit;

namespace IncidentBot.Core.Tests.ActionItems;

public sealed class SmartCheckTests
{
    private static readonly DateOnly Today = new(2026, 11, 21);
    private readonly SmartCheck _check = new(new BlamelessLanguageAnalyzer());

    [Theory]
    [InlineData("Investigate the outage", "Specific", "Investigate")]
    [InlineData("Look into the DB connection issues", "Specific", "Look into")]
    [InlineData("We should explore options for the cache", "Specific", "explore")]
    [InlineData("Be more careful when deploying", "Systemic", "Be more careful")]
    [InlineData("Everyone needs to pay more attention to the dashboard", "Systemic", "pay more attention")]
    [InlineData("Improve monitoring of the checkout service", "Measurable", "Improve monitoring")]
    [InlineData("Add better alerting for payments", "Measurable", "better alerting")]
    [InlineData("Fix the bug in the order service", "Specific", "Fix the bug")]
    [InlineData("Bob should double-check config changes before merging", "Systemic", "Bob should")]
    [InlineData("Make sure Bob doesn't forget to run the migration", "Systemic", "Make sure Bob doesn't")]
    [InlineData("The on-call must watch the queue depth", "Systemic", "The on-call must")]
    [InlineData("Tell <@U1|bob> to review deploys", "Systemic", "<@U1|bob>")]
    [InlineData("Add a runbook step for human error during failover", "Systemic", "human error")]
    [InlineData("Improve docs", "Specific", "Improve docs")]
    public void Vague_and_person_framed_items_get_specific_advice(string title, string criterion, string matched)
    {
        var findings = _check.AssessTitle(title);

        var finding = findings.Where(f => f.Criterion == criterion && f.Matched == matched).ShouldHaveSingleItem(string.Join(" | ", findings));
        finding.Advice.Length.ShouldBeGreaterThan(40);
    }

    [Theory]
    [InlineData("Alert when checkout p99 latency > 500 ms for 5 minutes")]
    [InlineData("Make the deploy pipeline run DB migrations before switching traffic")]
    [InlineData("Page the on-call when the connection pool is above 90% for 3 minutes")]
    [InlineData("Investigate why the pool shrank and write up the findings by Friday")]
    [InlineData("Improve alerting so payments page within 2 minutes of an outage")]
    [InlineData("Alerts should fire within 2 minutes of pool saturation")]
    [InlineData("Ensure the pipeline runs migrations before the new pods take traffic")]
    [InlineData("Add a pre-merge check that rejects connection pool sizes below the current peak")]
    public void Specific_measurable_systemic_items_pass(string title)
    {
        _check.AssessTitle(title).ShouldBeEmpty();
    }

    [Fact]
    public void A_good_item_with_owner_date_and_factor_has_nothing_to_add()
    {
        var item = AnItem("Alert when the connection pool is above 90% for 5 minutes") with { Factor = 1 };

        _check.Assess(item, new SmartContext(Today, FactorCount: 2)).ShouldBeEmpty();
    }

    [Fact]
    public void Owner_due_date_factor_and_timing_are_checked_too()
    {
        var item = AnItem("Alert when the connection pool is above 90% for 5 minutes") with
        {
            Owner = null,
            DueOn = null,
        };

        _check.Assess(item, new SmartContext(Today, FactorCount: 2)).Select(f => f.Criterion).ShouldBe(["Owned", "Time-bound", "Relevant"]);
        _check.Assess(item with { Owner = Builders.Bob, DueOn = Today.AddDays(240) }, new SmartContext(Today, 0))
            .ShouldHaveSingleItem().Advice.ShouldContain("Due in 240 days");
        _check.Assess(item with { Owner = Builders.Bob, DueOn = Today.AddDays(60), Priority = ActionItemPriority.P1 }, new SmartContext(Today, 0))
            .ShouldHaveSingleItem().Criterion.ShouldBe("Achievable");
    }

    private static ActionItem AnItem(string title) => new()
    {
        Workspace = Builders.WorkspaceKey,
        Number = 1,
        Title = title,
        Owner = Builders.Bob,
        DueOn = Today.AddDays(14),
        CreatedBy = Builders.Alice,
    };
}
