namespace IncidentBot.Core.Language;

/// <summary>
/// What each rule says to the writer: a one-line explanation of why the phrasing is blame-driven, and a reframe
/// that points at the systemic question. Where the rule captured the object of the phrase ("run the migration")
/// the reframe quotes it, so the prompt is about this incident rather than a generic lecture.
/// </summary>
internal static class RuleCatalog
{
    public static BlameCategory Category(BlameRule rule) => rule switch
    {
        >= BlameRule.ShouldHave and <= BlameRule.AnyCompetentWouldHave => BlameCategory.Counterfactual,
        >= BlameRule.JustDoIt => BlameCategory.Minimising,
        _ => BlameCategory.PersonAsCause,
    };

    public static string Explanation(BlameRule rule) => rule switch
    {
        BlameRule.Forgot => "Puts the cause in a person's memory instead of in what made the step easy to miss.",
        BlameRule.DidNotBother => "Imputes indifference; people act on what seems necessary at the time.",
        BlameRule.MessedUp => "Frames the change as a personal failure instead of describing what happened.",
        BlameRule.FatFingered => "Blames a typing slip on the typist; slips are normal and need a safety net.",
        BlameRule.Inattention => "Locates the cause in a person's attention rather than in how the signal was presented.",
        BlameRule.Missed => "Says a person missed it, not why it was easy to miss.",
        BlameRule.FailedTo => "States a person's failure instead of the conditions that shaped their actions.",
        BlameRule.DidNotCheck => "Faults a person for a check that nothing prompted or enforced.",
        BlameRule.DidNotFollow => "Faults a person for not following guidance without asking whether it helped at that moment.",
        BlameRule.Ignored => "Says a warning was ignored, not why it looked ignorable.",
        BlameRule.Overlooked => "Says a person overlooked something, not what made it easy to overlook.",
        BlameRule.Skipped => "Faults a person for skipping a step that the process allowed to be skipped.",
        BlameRule.Broke => "Names a person as the cause of the breakage rather than the path the change took.",
        BlameRule.MadeMistake => "Attributes the outcome to a person's mistake rather than the context that made it likely.",
        BlameRule.HumanError => "\"Human error\" ends the investigation where it should start.",
        BlameRule.UserIsTheProblem => "Jargon that dismisses the user as the problem.",
        BlameRule.Careless => "Judges a person's care instead of describing actions and conditions.",
        BlameRule.Negligent => "Negligence is a legal and moral judgement, not a finding of a learning review.",
        BlameRule.Incompetent => "Judges a person's competence; it explains nothing about the system.",
        BlameRule.Lazy => "Judges a person's character instead of the workload and incentives they faced.",
        BlameRule.Reckless => "Judges a person's risk-taking without asking why the risky path was the available one.",
        BlameRule.Insult => "Insults a person; nobody will share what they saw after reading this.",
        BlameRule.RookieMistake => "Belittles a person's experience.",
        BlameRule.Fault => "Assigns fault to a person.",
        BlameRule.Blame => "Looks for someone to blame.",
        BlameRule.Punishment => "Calls for punishment; people hide information after incidents where this happens.",
        BlameRule.BadJudgement => "Judges a decision by its outcome, with hindsight.",
        BlameRule.NotCareful => "\"Be more careful\" locates the fix in a person and is not actionable.",
        BlameRule.DoesNotKnow => "Questions a person's competence instead of the support they had.",
        BlameRule.ShouldHave => "Hindsight: judges a past action by what is known now.",
        BlameRule.ShouldHaveKnown => "Hindsight: it is known now, which does not mean it was knowable then.",
        BlameRule.ShouldNotHave => "Hindsight: the action looks wrong only because we know the outcome.",
        BlameRule.ShouldHaveBeen => "Hindsight judgement of a person's state of mind.",
        BlameRule.Obvious => "Hindsight bias: things look obvious only once the outcome is known.",
        BlameRule.IfOnly => "A wishful counterfactual that hangs the incident on one person's action.",
        BlameRule.CounterfactualIf => "A counterfactual that hangs the whole incident on one person's action.",
        BlameRule.AllTheyHadToDo => "Reduces a hard moment to one missed action, in hindsight.",
        BlameRule.SimplyHadTo => "Hindsight: makes the right action sound self-evident.",
        BlameRule.CouldHaveJust => "Hindsight and minimising: the alternative looks easy only in retrospect.",
        BlameRule.SupposedTo => "Frames the incident as a person not meeting an expectation.",
        BlameRule.KnewBetter => "Hindsight judgement of what a person should have known.",
        BlameRule.AnyCompetentWouldHave => "Hindsight plus a judgement of competence.",
        BlameRule.JustDoIt => "\"Just\" or \"simply\" makes the remedy sound trivial, implying whoever did not do it was at fault.",
        BlameRule.JustHadTo => "Makes the remedy sound trivial, implying the people involved were slow or careless.",
        BlameRule.SimplyAMatterOf => "Makes the remedy sound trivial, implying the people involved were slow or careless.",
        BlameRule.Trivial => "Calling it trivial dismisses the difficulty the responders actually faced.",
        BlameRule.EasyFix => "Easy in hindsight; it was not easy for the people in the incident.",
        BlameRule.NoBrainer => "Dismisses the difficulty the responders actually faced.",
        BlameRule.AnyoneCouldHave => "Suggests the people involved were below par.",
        BlameRule.MinutesFix => "Measures the fix, not the search for it; the time went into finding it.",
        _ => "Blame-driven phrasing.",
    };

    public static string Suggestion(BlameRule rule, string? focus)
    {
        var it = Quote(focus, "this step");
        var that = Quote(focus, "it");
        return Category(rule) switch
        {
            BlameCategory.PersonAsCause => ActionSuggestion(rule, it, that, focus),
            BlameCategory.Counterfactual => HindsightSuggestion(rule, it, that, focus),
            _ => MinimisingSuggestion(rule, it, that, focus),
        };
    }

    private static string ActionSuggestion(BlameRule rule, string it, string that, string? focus) => rule switch
    {
        BlameRule.Forgot =>
            $"What made {it} easy to miss? Is it on the deploy checklist or runbook, enforced by the pipeline, or automated?",
        BlameRule.DidNotBother =>
            $"Describe what the person was focused on and why {it} did not look necessary then. Is it required by tooling, or only by convention?",
        BlameRule.MessedUp =>
            $"Describe what was changed in {that} and how the system responded. Which safeguard (review, dry run, validation) could have caught it before it took effect?",
        BlameRule.FatFingered =>
            $"Typos are inevitable: what validation, preview or confirmation would have caught the wrong value in {that} before it was applied?",
        BlameRule.Inattention =>
            "What competed for attention at that moment (other alerts, other work, time of night)? How could the signal be made louder, or routed so it is hard to overlook?",
        BlameRule.Missed =>
            $"What made {that} easy to miss: noise, routing, timing, or how it was presented? What would make it hard to miss next time?",
        BlameRule.FailedTo =>
            $"Describe what the person knew and was doing at that point, and what would have made {it} the natural next step (a prompt, a runbook step, an automated check).",
        BlameRule.DidNotCheck =>
            $"What would have prompted the check? Is {it} in the checklist or runbook, and could tooling perform or enforce it?",
        BlameRule.DidNotFollow =>
            $"Was {that} findable, current and clear at that moment? What made a different path look reasonable?",
        BlameRule.Ignored =>
            $"How often does {that} fire without consequence? What made it look like noise, and how could it stand out when it matters?",
        BlameRule.Overlooked =>
            $"What made {that} easy to overlook? Could tooling surface it, or require it before proceeding?",
        BlameRule.Skipped =>
            $"What made skipping {it} look reasonable at the time (time pressure, tooling that allowed it)? Should the pipeline enforce it?",
        BlameRule.Broke =>
            $"Describe the change and how it reached {Quote(focus, "production")}: which tests, reviews or guard rails did it pass, and why did none of them catch it?",
        _ => JudgementSuggestion(rule),
    };

    private static string JudgementSuggestion(BlameRule rule) => rule switch
    {
        BlameRule.MadeMistake =>
            "Describe the action and the context that made it look right at the time. What in the tool or process made the mistake possible, and what would catch it?",
        BlameRule.HumanError =>
            "Ask what made the action possible and plausible: the interface, defaults, missing confirmation or validation, time pressure. Name those as contributing factors.",
        BlameRule.UserIsTheProblem =>
            "Describe what the user did and what the product let them do. What would have prevented, validated or clarified that input?",
        BlameRule.Careless =>
            "Replace the judgement with facts: what was done, in what context (workload, time pressure, tooling), and which safeguard was missing.",
        BlameRule.Negligent =>
            "Describe which safeguard or expectation was absent or unclear, and how the team will make it explicit (checklist, automation, ownership).",
        BlameRule.Incompetent =>
            "Describe the knowledge the task required and how people get it (onboarding, docs, pairing). What would make the task safe for someone new to it?",
        BlameRule.Lazy =>
            "Describe the workload and priorities at the time. What made the work costly enough to defer, and how could it be made cheaper or scheduled?",
        BlameRule.Reckless =>
            "What made the risky path the quickest one? How could tooling make the safe path the default?",
        BlameRule.Insult =>
            "Remove the label and describe the action, what the person could see at the time, and what would have made the safer action easier.",
        BlameRule.RookieMistake =>
            "If the task is easy to get wrong for someone new, that is a systemic gap: which guard rails, docs or pairing would make it safe for anyone?",
        BlameRule.Fault =>
            "Replace \"whose fault\" with \"what allowed it\": list the conditions and missing safeguards that let this happen.",
        BlameRule.Blame =>
            "Ask \"how did this make sense at the time?\" and \"what allowed it?\" instead of \"who is to blame?\".",
        BlameRule.Punishment =>
            "Accountability here means owning follow-ups: propose an action item that changes the system, with an owner and a due date.",
        BlameRule.BadJudgement =>
            "Describe the information available at the time and why that decision looked reasonable; what would have changed the picture?",
        BlameRule.NotCareful =>
            "\"More careful\" cannot be an action item: which safeguard (confirmation, dry run, review, validation) would make the safe action the easy one?",
        BlameRule.DoesNotKnow =>
            "Describe what the task required that was not documented or taught, and how the team will close that gap (runbook, pairing, training).",
        _ => "Describe what happened and what allowed it, rather than who did it.",
    };

    private static string HindsightSuggestion(BlameRule rule, string it, string that, string? focus) => rule switch
    {
        BlameRule.ShouldHave =>
            $"Describe what responders knew at that moment and what made the other path look reasonable. Would a runbook step or automation make {it} the default?",
        BlameRule.ShouldHaveKnown =>
            "What signals were available at the time, and how visible were they among everything else? What would make this knowable next time (alert, dashboard, runbook)?",
        BlameRule.ShouldNotHave =>
            $"Describe why {it} looked reasonable at the time, and what allowed it to proceed (permissions, missing confirmation, environment cues).",
        BlameRule.ShouldHaveBeen =>
            "Describe the conditions at the time (workload, fatigue, tooling). Which safeguard would make the safe action the easy one?",
        BlameRule.Obvious =>
            "Describe what was visible at the time and how it competed with other signals. What would make it obvious next time (alert, dashboard, runbook)?",
        BlameRule.IfOnly =>
            "Describe what happened instead and why it made sense then, and what would make the desired action the default next time.",
        BlameRule.CounterfactualIf =>
            "Incidents need several conditions at once: list the other conditions that had to be true, and which safeguards were missing.",
        BlameRule.AllTheyHadToDo =>
            $"Describe what the person saw and why {it} was not apparent at the time. Could it be automated, or put first in the runbook?",
        BlameRule.SimplyHadTo =>
            $"Describe why {it} was not apparent at the time, and what would make it the obvious first step (alert text, runbook, automation).",
        BlameRule.CouldHaveJust =>
            $"Describe why {it} was not chosen at the time: what was known, what was uncertain, and what risk it seemed to carry.",
        BlameRule.SupposedTo =>
            $"Was the expectation to {Quote(focus, "do this")} written down, scheduled or tool-enforced? What made it slip, and how can the system carry it instead of memory?",
        BlameRule.KnewBetter =>
            "Describe what the person knew at that moment and what made their action look right then.",
        BlameRule.AnyCompetentWouldHave =>
            "Describe what the signals looked like at the time, among everything else. What would make them stand out for anyone?",
        _ => "Describe what happened and what allowed it, rather than who did it.",
    };

    private static string MinimisingSuggestion(BlameRule rule, string it, string that, string? focus) => rule switch
    {
        BlameRule.JustDoIt =>
            $"Drop the \"just\": record {Quote(focus, "the remedy")} as what restored service, and describe what made it hard to see, or risky, at the time.",
        BlameRule.JustHadTo =>
            $"Describe the remedy neutrally and what made {it} hard to see or risky at the time.",
        BlameRule.SimplyAMatterOf =>
            "Describe what made the remedy hard to find at the time; the search, not the fix, is what to improve.",
        BlameRule.Trivial =>
            "Record how long diagnosis took and why; the time went into finding the fix, and that is what to improve (signals, runbooks, tooling).",
        BlameRule.EasyFix =>
            "Describe what made it hard to see during the incident; that, not the size of the fix, is what the review should improve.",
        BlameRule.NoBrainer =>
            "Describe what the responders saw and the options they weighed; what would have made the right choice clear at the time?",
        BlameRule.AnyoneCouldHave =>
            "If anyone could have caught it, ask why the process did not: which check or review step would catch it reliably?",
        BlameRule.MinutesFix =>
            "Describe where the time went (detection, diagnosis, coordination, approvals); that is the thing to improve.",
        _ => "Describe what happened and what allowed it, rather than who did it.",
    };

    private static string Quote(string? focus, string fallback) =>
        string.IsNullOrEmpty(focus) ? fallback : "“" + focus + "”";
}
