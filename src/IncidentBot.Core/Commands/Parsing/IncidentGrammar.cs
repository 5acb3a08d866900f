namespace IncidentBot.Core.Commands.Parsing;

/// <summary>The <c>/incident</c> verbs, their usage lines and what they do (DESIGN §5).</summary>
public static class IncidentGrammar
{
    public const int MaxTitleLength = 150;
    public const int MaxTextLength = 3000;

    public static readonly IReadOnlyList<VerbHelp> Verbs =
    [
        new("declare", "/incident declare <title> [sev1..sev4]", "Open an incident (SEV3 unless you say otherwise)."),
        new("timeline", "/incident timeline [HH:MM | YYYY-MM-DD HH:MM] <what happened>", "Add a key event now or back-dated; alone, show the timeline."),
        new("status", "/incident status investigating|identified|monitoring|resolved [note]", "Move the incident along; a resolved incident reopens with any other status."),
        new("sev", "/incident sev <1-4>", "Change the severity (1 is the most severe)."),
        new("role", "/incident role commander|comms|scribe @person", "Give someone a role."),
        new("summary", "/incident summary <text>", "Set the one-paragraph summary."),
        new("impact", "/incident impact <text>", "Describe who or what is affected, and how."),
        new("keytime", "/incident keytime impact-start|detected|acknowledged|mitigated|resolved <HH:MM | YYYY-MM-DD HH:MM>", "Correct a key time used for time-to-detect, -mitigate and -resolve."),
        new("resolve", "/incident resolve [note]", "Mark the incident resolved."),
        new("show", "/incident show", "Show the incident's details."),
        new("list", "/incident list [all]", "List open incidents (or all)."),
        new("help", "/incident help [verb]", "Show this help."),
    ];

    public const string SelectorHint = "Outside an incident channel, name the incident first: /incident INC-42 status identified";

    public static VerbHelp? Find(string verb) =>
        Verbs.FirstOrDefault(v => string.Equals(v.Verb, verb, StringComparison.OrdinalIgnoreCase));

    public static string UsageOf(string verb) => Find(verb)?.Usage ?? "/incident help";
}

public sealed record VerbHelp(string Verb, string Usage, string Description);
