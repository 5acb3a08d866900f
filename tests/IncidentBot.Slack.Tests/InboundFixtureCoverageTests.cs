using System.Text.Json;
using IncidentBot.Slack.Inbound;

namespace IncidentBot.Slack.Tests;

/// <summary>
/// Every inbound payload in the shared Slack fixtures parses to a known outcome (never an unexpected exception),
/// and every fixture is used by some test in this project.
/// </summary>
public sealed class InboundFixtureCoverageTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 14, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> EventFixtures() => new(Fixtures.All().Where(name => name.StartsWith("events-", StringComparison.Ordinal)));

    public static TheoryData<string> InteractionFixtures() =>
        new(Fixtures.All().Where(name => name.StartsWith("interactive-", StringComparison.Ordinal) && !name.Contains("-response-", StringComparison.Ordinal)));

    public static TheoryData<string> EnvelopeFixtures() => new(Fixtures.All().Where(name => name.StartsWith("socketmode-envelope-", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(EventFixtures))]
    public void Every_events_api_fixture_parses(string fixture)
    {
        using var document = Fixtures.Json(fixture);
        SlackEventParser.Parse(document.RootElement, "pushpin").Event.ShouldNotBeNull();
    }

    [Theory]
    [MemberData(nameof(InteractionFixtures))]
    public void Every_interaction_fixture_parses(string fixture)
    {
        using var document = Fixtures.Json(fixture);
        SlackInteractionParser.Parse(document.RootElement, Now).ShouldNotBeNull();
    }

    [Theory]
    [MemberData(nameof(EnvelopeFixtures))]
    public void Every_socket_mode_envelope_payload_parses(string fixture)
    {
        using var document = Fixtures.Json(fixture);
        var payload = document.RootElement.GetProperty("payload");
        object parsed = document.RootElement.GetProperty("type").GetString() switch
        {
            "events_api" => SlackEventParser.Parse(payload, "pushpin"),
            "interactive" => SlackInteractionParser.Parse(payload, Now),
            "slash_commands" => SlashCommandMapper.ToChatCommand(
                payload.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal), Now),
            var other => throw new InvalidOperationException($"Unknown envelope type {other}"),
        };
        parsed.ShouldNotBeNull();
    }

    [Fact]
    public void Every_inbound_fixture_is_named_in_a_test()
    {
        var sources = string.Concat(Directory.GetFiles(SourceDirectory(), "*.cs").Select(File.ReadAllText));
        var inbound = Fixtures.All().Where(name =>
            name.StartsWith("events-", StringComparison.Ordinal)
            || name.StartsWith("slash-command-form-body", StringComparison.Ordinal)
            || name.StartsWith("signing-", StringComparison.Ordinal)
            || name.StartsWith("socketmode-", StringComparison.Ordinal) && !name.StartsWith("socketmode-ack-", StringComparison.Ordinal)
            || name.StartsWith("interactive-", StringComparison.Ordinal) && !name.Contains("-response-", StringComparison.Ordinal));
        inbound.Where(name => !sources.Contains(name, StringComparison.Ordinal)).ShouldBeEmpty();
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    [Fact]
    public void Slack_timestamps_in_every_event_fixture_convert()
    {
        foreach (var fixture in Fixtures.All().Where(name => name.StartsWith("events-", StringComparison.Ordinal)))
        {
            using var document = Fixtures.Json(fixture);
            if (document.RootElement.TryGetProperty("event", out var inner) && inner.TryGetProperty("ts", out var ts))
            {
                SlackTimestamp.TryParse(ts.GetString(), out _).ShouldBeTrue(fixture);
            }
        }
    }

    [Fact]
    public void Json_documents_with_deep_nesting_are_rejected_cleanly()
    {
        var deep = new string('[', 200) + new string(']', 200);
        Should.Throw<SlackPayloadException>(() => Json.ParseObject(System.Text.Encoding.UTF8.GetBytes(deep), "body"));
        Should.Throw<SlackPayloadException>(() => Json.ParseObject("\"text\""u8.ToArray(), "body"));
    }
}
