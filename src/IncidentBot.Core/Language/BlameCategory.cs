namespace IncidentBot.Core.Language;

/// <summary>The kind of blame-driven language a finding points at.</summary>
public enum BlameCategory
{
    /// <summary>A person (their memory, attention, character or competence) is named as the cause.</summary>
    PersonAsCause,

    /// <summary>Hindsight: what someone "should have" done, or what was "obvious", judged after the outcome was known.</summary>
    Counterfactual,

    /// <summary>The remedy is made to sound trivial ("just restart it"), implying whoever did not do it was at fault.</summary>
    Minimising,
}
