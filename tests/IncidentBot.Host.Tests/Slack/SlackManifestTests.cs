using System.Text.RegularExpressions;

namespace IncidentBot.Host.Tests.Slack;

/// <summary>The Slack app manifests under deploy/slack agree with the routes the host maps and with each other.</summary>
public sealed partial class SlackManifestTests
{
    private static readonly string Http = Read("manifest.yml");
    private static readonly string SocketMode = Read("manifest.socket-mode.yml");

    [Fact]
    public void The_http_manifest_points_slack_at_the_routes_the_host_maps()
    {
        Urls(Http).Select(url => new Uri(url).AbsolutePath).ShouldBe(["/slack/commands", "/slack/commands", "/slack/events", "/slack/interactions"]);
        Http.ShouldContain("socket_mode_enabled: false");
    }

    [Fact]
    public void The_socket_mode_manifest_has_no_urls_and_turns_socket_mode_on()
    {
        Urls(SocketMode).ShouldBeEmpty();
        SocketMode.ShouldContain("socket_mode_enabled: true");
    }

    [Fact]
    public void Both_declare_the_same_commands_with_escaping_scopes_and_events()
    {
        foreach (var manifest in new[] { Http, SocketMode })
        {
            Items(manifest, "command").ShouldBe(["/incident", "/postmortem"]);
            Items(manifest, "should_escape").ShouldBe(["true", "true"]);
        }

        ListUnder(SocketMode, "bot:").ShouldBe(ListUnder(Http, "bot:"));
        ListUnder(SocketMode, "bot_events:").ShouldBe(ListUnder(Http, "bot_events:"));
        ListUnder(Http, "bot_events:").ShouldBe(["app_mention", "message.channels", "message.groups", "pin_added", "pin_removed", "reaction_added", "reaction_removed"]);
        ListUnder(Http, "bot:").ShouldContain(scope => scope == "files:write");

        // The outbox looks for a reminder whose posting was uncertain in the bot's direct messages (conversations.open + history).
        ListUnder(Http, "bot:").ShouldContain(scope => scope == "im:write");
        ListUnder(Http, "bot:").ShouldContain(scope => scope == "im:history");

        // An incident kept in the channel it was declared in has the bot join that channel (conversations.join).
        ListUnder(Http, "bot:").ShouldContain(scope => scope == "channels:join");
    }

    private static string Read(string name)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "IncidentBot.sln")))
        {
            directory = directory.Parent;
        }

        return File.ReadAllText(Path.Combine(directory!.FullName, "deploy", "slack", name));
    }

    private static List<string> Urls(string manifest) => [.. UrlLine().Matches(manifest).Select(match => match.Groups["url"].Value)];

    private static List<string> Items(string manifest, string key) =>
        [.. manifest.Split('\n').Select(line => line.Trim().TrimStart('-', ' ')).Where(line => line.StartsWith(key + ":", StringComparison.Ordinal)).Select(line => line[(key.Length + 1)..].Trim())];

    /// <summary>The <c>- item</c> lines right under <paramref name="header"/>.</summary>
    private static List<string> ListUnder(string manifest, string header)
    {
        var lines = manifest.Split('\n');
        var start = Array.FindIndex(lines, line => line.Trim() == header);
        return [.. lines.Skip(start + 1).TakeWhile(line => line.TrimStart().StartsWith("- ", StringComparison.Ordinal)).Select(line => line.Trim()[2..])];
    }

    [GeneratedRegex(@"^\s*(?:request_)?url:\s*(?<url>\S+)\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex UrlLine();
}
