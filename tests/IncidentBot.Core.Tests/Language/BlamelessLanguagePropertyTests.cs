using FsCheck;
using FsCheck.Fluent;
using IncidentBot.Core.Language;

namespace IncidentBot.Core.Tests.Language;

public sealed class BlamelessLanguagePropertyTests
{
    private static readonly BlamelessLanguageAnalyzer Analyzer = new();

    /// <summary>Words and symbols that reach the rules: triggers, subjects, quotes, mentions, odd characters.</summary>
    private static readonly string[] Vocabulary =
    [
        "Alice", "he", "they", "we", "I", "the", "on-call", "engineer", "pipeline", "CI", "<@U123>", "<@U1|bob>", "@dave",
        "@dave's", "Priya's", "should", "have", "should've", "shouldn't", "not", "never", "been", "known", "checked",
        "forgot", "to", "run", "missed", "failed", "broke", "didn't", "did", "check", "just", "restart", "simply",
        "had", "needed", "do", "all", "if", "only", "would", "could", "obvious", "obviously", "trivial", "easy",
        "fix", "human", "error", "operator", "blame", "git", "fault", "lazy", "loading", "careless", "fired", "be",
        "is", "was", "on", "who", "whoever", "that", "anyone", "any", "competent", "noticed", "supposed", "better",
        "five-minute", "no-brainer", ",", ".", ";", ":", "!", "?", "\n", "\"", "“", "”", "'", "‘", "’", "`", "```",
        "<", ">", "(", ")", "-", "—", "…", "\t", "\r", "\0", "\u200b", "\uD83D\uDE00", "\uD800", "é", "ß", "İ", "ﬁ",
        "https://x.y/z", "<http://a|b>", "<#C1|ops>", "orders.created_at", "14:05", "38%", "_emphasis_", "*bold*",
    ];

    [Fact]
    public void Analyze_never_throws_and_findings_lie_within_the_text_on_arbitrary_strings()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), text => FindingsAreWellFormed(text ?? string.Empty))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Analyze_never_throws_and_findings_lie_within_the_text_on_rule_heavy_soup()
    {
        var soup = Gen.ListOf(Gen.Elements(Vocabulary))
            .Zip(Gen.Elements(" ", "", "  ", " \n"))
            .Select(pair => string.Join(pair.Item2, pair.Item1));

        Prop.ForAll(Arb.From(soup), FindingsAreWellFormed)
            .Check(Config.QuickThrowOnFailure.WithMaxTest(2_000));
    }

    private static bool FindingsAreWellFormed(string text)
    {
        var findings = Analyzer.Analyze(text);
        var previousEnd = 0;
        foreach (var finding in findings)
        {
            var inBounds = finding.Start >= previousEnd && finding.Length > 0 && finding.Start + finding.Length <= text.Length;
            if (!inBounds
                || !string.Equals(text.Substring(finding.Start, finding.Length), finding.Matched, StringComparison.Ordinal)
                || string.IsNullOrWhiteSpace(finding.Explanation)
                || string.IsNullOrWhiteSpace(finding.Suggestion)
                || !Enum.IsDefined(finding.Category))
            {
                return false;
            }

            previousEnd = finding.Start + finding.Length;
        }

        return true;
    }
}
