using IncidentBot.Core.Language;

namespace IncidentBot.Core.Tests.Language;

public sealed class BlamelessLanguageAnalyzerTests
{
    private readonly BlamelessLanguageAnalyzer _analyzer = new();

    [Fact]
    public void Person_as_cause_finding_carries_its_position_and_a_tailored_reframe()
    {
        const string text = "Alice forgot to run the migration before the deploy.";

        var finding = _analyzer.Analyze(text).ShouldHaveSingleItem();

        finding.Category.ShouldBe(BlameCategory.PersonAsCause);
        finding.Start.ShouldBe(0);
        finding.Matched.ShouldBe("Alice forgot to run");
        finding.Length.ShouldBe(finding.Matched.Length);
        finding.Suggestion.ShouldContain("“run the migration”");
        finding.Suggestion.ShouldContain("checklist");
        finding.Explanation.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Counterfactual_finding_covers_the_person_and_the_hindsight_verb()
    {
        const string text = "Looking back, the on-call engineer should have escalated to the database team.";

        var finding = _analyzer.Analyze(text).ShouldHaveSingleItem();

        finding.Category.ShouldBe(BlameCategory.Counterfactual);
        finding.Matched.ShouldBe("the on-call engineer should have escalated");
        finding.Start.ShouldBe(text.IndexOf("the on-call", StringComparison.Ordinal));
        finding.Suggestion.ShouldStartWith("Describe what responders knew at that moment and what made the other path look reasonable.");
        finding.Suggestion.ShouldContain("“escalated to the database team”");
    }

    [Fact]
    public void Minimising_finding_covers_just_and_the_remedy()
    {
        const string text = "Just restart it next time.";

        var finding = _analyzer.Analyze(text).ShouldHaveSingleItem();

        finding.Category.ShouldBe(BlameCategory.Minimising);
        finding.Start.ShouldBe(0);
        finding.Matched.ShouldBe("Just restart");
        finding.Suggestion.ShouldContain("“restart it”");
    }

    [Fact]
    public void Findings_in_multi_sentence_text_carry_positions_in_the_original_text()
    {
        const string text =
            "The deploy started at 14:00 and the error rate climbed.\n" +
            "At 14:05 Bob should have rolled back. The alert failed to fire because the threshold was too high!\n" +
            "Honestly, it was a careless mistake — just restart the pods next time.";

        var findings = _analyzer.Analyze(text);

        findings.Select(f => (f.Category, f.Matched)).ShouldBe(
        [
            (BlameCategory.Counterfactual, "Bob should have rolled"),
            (BlameCategory.PersonAsCause, "careless"),
            (BlameCategory.Minimising, "just restart"),
        ]);
        foreach (var finding in findings)
        {
            text.Substring(finding.Start, finding.Length).ShouldBe(finding.Matched);
        }

        findings[0].Start.ShouldBe(text.IndexOf("Bob should", StringComparison.Ordinal));
        findings[2].Start.ShouldBe(text.IndexOf("just restart", StringComparison.Ordinal));
    }

    [Fact]
    public void Findings_are_ordered_and_do_not_overlap()
    {
        const string text = "Frank should have been more careful. Obviously he forgot to check, which was a rookie mistake.";

        var findings = _analyzer.Analyze(text);

        findings.Count.ShouldBe(4);
        for (var i = 1; i < findings.Count; i++)
        {
            findings[i].Start.ShouldBeGreaterThanOrEqualTo(findings[i - 1].Start + findings[i - 1].Length);
        }
    }

    [Fact]
    public void Suggestions_are_tailored_per_rule_not_one_generic_line()
    {
        string[] samples =
        [
            "Alice forgot to rotate the key.",
            "Bob didn't bother to read the checklist.",
            "@dave messed up the DNS records.",
            "Sam fat-fingered the CIDR block.",
            "The DBA dropped the ball.",
            "Kevin missed the page.",
            "He failed to verify the backup.",
            "She didn't check the replica lag.",
            "Jamal did not follow the runbook.",
            "Raj ignored the warning.",
            "Maria overlooked the expiry date.",
            "Tom skipped the canary stage.",
            "Kevin broke prod.",
            "The contractor made a mistake in the rules.",
            "Root cause: human error.",
            "PEBKAC.",
            "That was careless.",
            "The rotation was negligent.",
            "The new hire is incompetent.",
            "The team was lazy.",
            "That was reckless.",
            "What an idiotic change.",
            "Classic rookie mistake.",
            "It was Priya's fault.",
            "Who is to blame?",
            "Dan should be fired.",
            "Bad judgement all round.",
            "He was not careful.",
            "Greg doesn't know what he's doing.",
            "Alice should have checked the lag.",
            "He knew better.",
            "Bob shouldn't have run the script.",
            "Frank should have been more careful.",
            "It was obvious.",
            "If only Sara had looked.",
            "This would not have happened if Mike had followed the checklist.",
            "All they had to do was read the runbook.",
            "He simply had to restart the consumer.",
            "She could have just rolled back.",
            "Chen was supposed to check the schedule.",
            "Any competent engineer would have noticed the spike.",
            "Just restart it.",
            "They just needed to clear the cache.",
            "It was simply a matter of reading the logs.",
            "The fix was trivial.",
            "An easy fix.",
            "A no-brainer.",
            "Anyone could have spotted the typo.",
            "It was a five-minute fix.",
        ];

        var suggestions = samples.Select(sample => _analyzer.Analyze(sample).ShouldHaveSingleItem(sample).Suggestion).ToList();

        suggestions.Distinct(StringComparer.Ordinal).Count().ShouldBe(samples.Length);
        suggestions.ShouldAllBe(s => s.Length > 40);
    }

    [Theory]
    [InlineData("the alert failed to fire")]
    [InlineData("The deploy should have been blocked by the pipeline.")]
    [InlineData("The health check failed to detect the outage.")]
    [InlineData("The config should have been validated by CI.")]
    [InlineData("The retry logic should have backed off.")]
    [InlineData("CI should have caught the schema change.")]
    [InlineData("The runbook didn't cover this case.")]
    [InlineData("The cache was just warming up.")]
    [InlineData("We just deployed the new version.")]
    [InlineData("The worker logged \"operator error: user forgot to set the flag\" at 14:02.")]
    [InlineData("The log line was `ERROR human error detected, should have retried`.")]
    [InlineData("We follow a blameless postmortem process.")]
    [InlineData("The error rate peaked at 38%.")]
    [InlineData("The payload includes a human-readable summary.")]
    [InlineData("The Postgres operator crashed during the failover.")]
    [InlineData("The OOM killer killed the ingest process.")]
    [InlineData("We ran kill -9 on the stuck worker.")]
    [InlineData("Fault tolerance kept payments up, and we will run fault injection next quarter.")]
    [InlineData("git blame shows the timeout changed in 2021.")]
    [InlineData("Lazy loading caused an N+1 query storm, so we replaced the Lazy<T> field.")]
    [InlineData("It was not obvious from the dashboard that one zone was affected.")]
    [InlineData("The warning was easy to miss because it was logged at DEBUG.")]
    [InlineData("We should have a runbook for regional failover by Friday.")]
    [InlineData("We should have had a canary stage for config changes.")]
    [InlineData("I didn't check the replica lag because the runbook did not mention it.")]
    [InlineData("Anyone could have made the same mistake with that console.")]
    [InlineData("The alert should be fired when p99 exceeds 800 ms.")]
    [InlineData("The job runs only if the lock file is absent.")]
    [InlineData("Nobody is to blame; the tooling made the command one keystroke away.")]
    [InlineData("It was nobody's fault.")]
    [InlineData("Human error is never a root cause in our reviews.")]
    [InlineData("We missed our availability SLO by 0.03%.")]
    [InlineData("The bug was trivial to reproduce with two concurrent requests.")]
    [InlineData("Simply put, the queue grew faster than the consumers could drain it.")]
    [InlineData("The worker would just retry forever.")]
    [InlineData("If you forget to pass --region, the CLI silently defaults to us-east-1.")]
    [InlineData("Alice noticed the spike at 14:03 and paged the database team.")]
    [InlineData("The pager is on Alice this week.")]
    [InlineData("See https://example.com/should-have-known-better for the vendor's report.")]
    [InlineData("Bob broke the incident into three workstreams.")]
    [InlineData("Priya failed to reproduce the bug locally.")]
    [InlineData("Alice didn't test the restore path because no staging copy existed.")]
    [InlineData("If Bob had been paged, he would have rolled back within minutes.")]
    [InlineData("It was obvious to responders that the database was the bottleneck.")]
    [InlineData("The obvious fix, a restart, did not help.")]
    [InlineData("Engineers simply restart the worker when it hangs, which hides the leak.")]
    [InlineData("Alice's fault tree analysis found two gaps.")]
    [InlineData("I just read the release notes for the new driver.")]
    [InlineData("We focused on how the step was missed instead of who made the mistake.")]
    [InlineData("People fear blame, so we keep names out of the timeline.")]
    [InlineData("After the failover, Atlas failed to compact its write-ahead log.")]
    [InlineData("Forgot password emails were delayed by the queue backlog.")]
    [InlineData("Alice should have been on call, but the schedule had a gap.")]
    [InlineData("We should have been alerted by the disk alert.")]
    public void Systemic_prose_is_not_flagged(string text)
    {
        _analyzer.Analyze(text).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("<@U024BE7LH> forgot to renew the certificate.", BlameCategory.PersonAsCause)]
    [InlineData("<@U024BE7LH|alice> should have checked the lag.", BlameCategory.Counterfactual)]
    [InlineData("@alice broke the build.", BlameCategory.PersonAsCause)]
    [InlineData("He should have known.", BlameCategory.Counterfactual)]
    [InlineData("They should have checked the logs.", BlameCategory.Counterfactual)]
    [InlineData("We should have known.", BlameCategory.Counterfactual)]
    [InlineData("Whoever approved that PR should be fired.", BlameCategory.PersonAsCause)]
    [InlineData("The engineer who pushed the hotfix forgot to update the flag.", BlameCategory.PersonAsCause)]
    [InlineData("Ahmed deployed on Friday and forgot to watch the dashboards.", BlameCategory.PersonAsCause)]
    [InlineData("Bob didn’t check the lag.", BlameCategory.PersonAsCause)]
    [InlineData("It was Priya’s fault.", BlameCategory.PersonAsCause)]
    [InlineData("FORGOT TO RUN THE MIGRATION.", BlameCategory.PersonAsCause)]
    [InlineData("The SRE on duty should have paged the vendor.", BlameCategory.Counterfactual)]
    [InlineData("It's a no-brainer.", BlameCategory.Minimising)]
    [InlineData("Tom skipped the canary stage because he was in a hurry.", BlameCategory.PersonAsCause)]
    [InlineData("Let's blame the intern.", BlameCategory.PersonAsCause)]
    [InlineData("Then Quentin forgot to renew the certificate.", BlameCategory.PersonAsCause)]
    [InlineData("He should have been paying attention.", BlameCategory.Counterfactual)]
    [InlineData("You could just restart the broker.", BlameCategory.Minimising)]
    public void Blameful_phrasings_are_flagged(string text, BlameCategory category)
    {
        _analyzer.Analyze(text).ShouldContain(f => f.Category == category);
    }

    [Fact]
    public void Empty_and_degenerate_input_yields_no_findings()
    {
        _analyzer.Analyze(string.Empty).ShouldBeEmpty();
        _analyzer.Analyze(null!).ShouldBeEmpty();
        _analyzer.Analyze("\0\u0001\u200b\uFFFF\uD800").ShouldBeEmpty();
        _analyzer.Analyze("\"unterminated `quote <@U1 ' ‘ “").ShouldBeEmpty();
        _analyzer.Analyze(new string('a', 100_000)).ShouldBeEmpty();
    }

    [Fact]
    public void Huge_input_is_analysed_in_one_linear_pass()
    {
        const string paragraph = "The alert failed to fire. Alice forgot to run the migration. ";
        var text = string.Concat(Enumerable.Repeat(paragraph, 20_000)); // ~1.2 MB

        var findings = _analyzer.Analyze(text);

        findings.Count.ShouldBe(20_000);
        findings[^1].Start.ShouldBe(text.LastIndexOf("Alice", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(" 'a")]
    [InlineData("`x ")]
    [InlineData("if only if only ")]
    [InlineData("should have should have ")]
    [InlineData("and ")]
    [InlineData("<@")]
    [InlineData("@a")]
    [InlineData("who ")]
    public void Pathological_repetition_completes(string unit)
    {
        var text = string.Concat(Enumerable.Repeat(unit, 200_000));

        Should.CompleteIn(() => _analyzer.Analyze(text), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void Analyzer_is_safe_to_share_across_threads()
    {
        const string text = "Bob should have known. The pipeline should have caught it. Just restart it.";
        var expected = _analyzer.Analyze(text);

        var results = new IReadOnlyList<BlameFinding>[64];
        Parallel.For(0, results.Length, i => results[i] = _analyzer.Analyze(text));

        results.ShouldAllBe(r => r.SequenceEqual(expected));
    }
}
