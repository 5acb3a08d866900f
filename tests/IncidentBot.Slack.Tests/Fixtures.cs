using System.Text.Json;

namespace IncidentBot.Slack.Tests;

/// <summary>The payloads of shared/protocols/fixtures/slack, copied into Fixtures/.</summary>
internal static class Fixtures
{
    public static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    public static JsonDocument Json(string name) => JsonDocument.Parse(Text(name));

    public static IEnumerable<string> All() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures"), "*.json").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);
}
