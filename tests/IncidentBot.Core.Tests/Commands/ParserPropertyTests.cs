using FsCheck;
using FsCheck.Fluent;
using IncidentBot.Core.Commands.Parsing;

namespace IncidentBot.Core.Tests.Commands;

public sealed class ParserPropertyTests
{
    private static readonly string[] Words =
    [
        "declare", "timeline", "status", "sev", "severity", "role", "summary", "impact", "keytime", "resolve", "show", "list", "help",
        "INC-1", "#2", "inc-999999999", "INC-", "#", "sev1", "sev-2", "SEV9", "0", "4", "-1", "all", "commander", "comms", "scribe",
        "@alice", "<@U1|bob>", "<@>", "<@U1|>", "investigating", "identified", "monitoring", "resolved", "14:05", "25:61", "9:7",
        "2026-11-21", "2026-02-30", "0000-00-00", "impact-start", "detected", "", " ", "\t", "\n", "…", "🔥", "\u0000", "\u200b",
    ];

    [Fact]
    public void Parser_never_throws_on_any_string()
    {
        Prop.ForAll<string>(text =>
        {
            var result = IncidentCommandParser.Parse(text);
            return (result.Command is null) != (result.Failure is null);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Parser_never_throws_on_sentences_made_of_grammar_words()
    {
        var sentences = Gen.Elements(Words).ArrayOf().Select(words => string.Join(' ', words));
        Prop.ForAll(sentences.ToArbitrary(), text =>
        {
            var result = IncidentCommandParser.Parse(text);
            var failureIsExplained = result.Failure is null || (result.Failure.Message.Length > 0 && result.Failure.Usage.StartsWith("/incident", StringComparison.Ordinal));
            return (result.Command is null) != (result.Failure is null) && failureIsExplained;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(2000));
    }
}
