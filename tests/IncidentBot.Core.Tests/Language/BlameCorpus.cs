using System.Globalization;
using IncidentBot.Core.Language;

namespace IncidentBot.Core.Tests.Language;

/// <summary>A labelled sentence of the corpus: <c>label&lt;TAB&gt;category-or-none&lt;TAB&gt;sentence</c>.</summary>
public sealed record CorpusLine(int LineNumber, bool Blameful, string Category, string Sentence);

/// <summary>Sentence-level scores: a sentence is predicted blameful when the analyser reports any finding.</summary>
public sealed record CorpusScore(
    int Sentences,
    int Blameful,
    int TruePositives,
    int FalsePositives,
    int FalseNegatives,
    IReadOnlyList<CorpusLine> Misses,
    IReadOnlyList<(CorpusLine Line, IReadOnlyList<BlameFinding> Findings)> FalseAlarms)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);

    public string Summary(string name) => string.Create(
        CultureInfo.InvariantCulture,
        $"{name}: {Sentences} sentences ({Blameful} blame, {Sentences - Blameful} ok) — precision {Precision:0.000} ({TruePositives}/{TruePositives + FalsePositives}), recall {Recall:0.000} ({TruePositives}/{TruePositives + FalseNegatives})");
}

public static class BlameCorpus
{
    public static IReadOnlyList<CorpusLine> Load(string fileName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Language", fileName);
        var lines = new List<CorpusLine>();
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            if (raw.Length == 0 || raw.StartsWith('#'))
            {
                continue;
            }

            var columns = raw.Split('\t');
            if (columns.Length != 3 || columns[0] is not ("blame" or "ok"))
            {
                throw new InvalidDataException($"{fileName}:{number}: expected label<TAB>category<TAB>sentence");
            }

            lines.Add(new CorpusLine(number, columns[0] == "blame", columns[1], columns[2]));
        }

        return lines;
    }

    public static CorpusScore Score(BlamelessLanguageAnalyzer analyzer, IReadOnlyList<CorpusLine> corpus)
    {
        int tp = 0, fp = 0, fn = 0;
        var misses = new List<CorpusLine>();
        var falseAlarms = new List<(CorpusLine, IReadOnlyList<BlameFinding>)>();
        foreach (var line in corpus)
        {
            var findings = analyzer.Analyze(line.Sentence);
            var predicted = findings.Count > 0;
            if (predicted && line.Blameful)
            {
                tp++;
            }
            else if (predicted)
            {
                fp++;
                falseAlarms.Add((line, findings));
            }
            else if (line.Blameful)
            {
                fn++;
                misses.Add(line);
            }
        }

        return new CorpusScore(corpus.Count, corpus.Count(l => l.Blameful), tp, fp, fn, misses, falseAlarms);
    }
}
