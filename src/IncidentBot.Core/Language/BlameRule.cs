using System.Runtime.InteropServices;

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
/// <param name="Focus">
/// Where the object of the phrase ("run the migration") sits in the text, used to make the suggestion specific.
/// Kept as a range so nothing is allocated for hits that are later dropped as overlaps.
/// </param>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct RawFinding(BlameRule Rule, int Start, int End, Range? Focus);
