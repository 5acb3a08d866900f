using System.Runtime.InteropServices;

namespace IncidentBot.Core.Language;

internal enum SubjectKind : byte
{
    /// <summary>No subject in the clause (imperative, or a terse note such as "forgot to run the migration").</summary>
    None,
    FirstPerson,
    ThirdPerson,
    They,
    You,
    Indefinite,
    Who,
    Mention,
    Name,

    /// <summary>
    /// A capitalised word mid-sentence that is not a known name, tool or calendar word: a person ("then Quentin…")
    /// or an internal codename ("then Atlas…"). Only person-only verbs (forgot, messed up) treat it as a person.
    /// </summary>
    CapitalisedWord,
    PersonNoun,
    Negative,
    System,
    Unknown,
}

/// <summary>The subject of a verb: what kind of thing it is, and the token where its noun phrase starts.</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct Subject(SubjectKind Kind, int Start)
{
    /// <summary>Any person, including "we" and "I".</summary>
    public bool IsPerson => Kind is SubjectKind.FirstPerson or SubjectKind.ThirdPerson or SubjectKind.They
        or SubjectKind.You or SubjectKind.Indefinite or SubjectKind.Who or SubjectKind.Mention or SubjectKind.Name
        or SubjectKind.PersonNoun;

    /// <summary>
    /// A person other than the writer. First-person accounts of what one did not do ("I didn't check the lag because
    /// the runbook…") are the facts a blameless review asks for, so omission rules do not fire on them.
    /// </summary>
    public bool IsOtherPerson => IsPerson && Kind != SubjectKind.FirstPerson;

    /// <summary>
    /// A clearly identified other person. "they" is left out because in incident prose it refers to replicas,
    /// requests and pods as often as to people.
    /// </summary>
    public bool IsIdentifiedPerson => IsOtherPerson && Kind != SubjectKind.They;
}
