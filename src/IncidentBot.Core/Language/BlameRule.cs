namespace IncidentBot.Core.Language;

/// <summary>The individual rules. Each has its own explanation and reframe in <see cref="RuleCatalog"/>.</summary>
internal enum BlameRule
{
    // Person as cause
    Forgot,
    DidNotBother,
    MessedUp,
    FatFingered,
    Inattention,
    Missed,
    FailedTo,
    DidNotCheck,
    DidNotFollow,
    Ignored,
    Overlooked,
    Skipped,
    Broke,
    MadeMistake,
    HumanError,
    UserIsTheProblem,
    Careless,
    Negligent,
    Incompetent,
    Lazy,
    Reckless,
    Insult,
    RookieMistake,
    Fault,
    Blame,
    Punishment,
    BadJudgement,
    NotCareful,
    DoesNotKnow,

    // Counterfactual / hindsight
    ShouldHave,
    ShouldHaveKnown,
    ShouldNotHave,
    ShouldHaveBeen,
    Obvious,
    IfOnly,
    CounterfactualIf,
    AllTheyHadToDo,
    SimplyHadTo,
    CouldHaveJust,
    SupposedTo,
    KnewBetter,
    AnyCompetentWouldHave,

    // Minimising
    JustDoIt,
    JustHadTo,
    SimplyAMatterOf,
    Trivial,
    EasyFix,
    NoBrainer,
    AnyoneCouldHave,
    MinutesFix,
}

/// <summary>A rule hit, before it is turned into a public <see cref="BlameFinding"/>.</summary>
/// <param name="Focus">The object of the phrase ("run the migration"), used to make the suggestion specific; may be null.</param>
internal readonly record struct RawFinding(BlameRule Rule, int Start, int End, string? Focus);
