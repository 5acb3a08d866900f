using System.Globalization;
using System.Net;
using System.Runtime;
using System.Runtime.InteropServices;
using IncidentBot.Core.Incidents;
using IncidentBot.Core.Ports;
using IncidentBot.Core.Timeline;
using IncidentBot.TestKit.Slack;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentBot.SlackLoad;

/// <summary>
/// Slack ingress under load, measured against this machine's ceiling in the same run:
/// <c>dotnet run -c Release --project bench/IncidentBot.SlackLoad -- [--connections 64] [--warmup 5] [--duration 20] [--scenarios bare,commands,events]</c>.
/// The host runs in this process on a loopback port with a fresh SQLite file; see docs/PERFORMANCE.md. Exits 1 when
/// an acknowledged command or event is not in the database afterwards.
/// </summary>
internal static class LoadTool
{
    private const string Team = "TBENCH";
    private const string Channel = "CBENCH";
    private const string FormType = "application/x-www-form-urlencoded";

    private static readonly Dictionary<string, Scenario> Scenarios = new(StringComparer.Ordinal)
    {
        // The same form body as a command, to a route that only verifies its signature.
        ["bare"] = new(
            "bare endpoint (verify only)",
            (c, s) => new LoadRequest(BenchHost.BarePath, Command($"timeline Bare {c}-{s}", $"bare.{c}.{s}"), FormType),
            (status, _) => status == HttpStatusCode.OK),

        // /incident timeline in the incident channel: verified, parsed, stored as a key event, answered with Block Kit.
        ["commands"] = new(
            "slash command /incident timeline",
            (c, s) => new LoadRequest("/slack/commands", Command($"timeline Load note {c}-{s}", $"cmd.{c}.{s}"), FormType),
            (status, body) => status == HttpStatusCode.OK && body.Contains("Added to INC-1", StringComparison.Ordinal)),

        // A channel message: verified, de-duplicated by event_id in the database, stored in the incident's transcript.
        ["events"] = new(
            "Events API channel message",
            (c, s) => new LoadRequest("/slack/events", SlackBodies.Message(Team, Channel, "UBENCH", Ts(c, s), $"Load message {c}-{s}", eventId: $"EvB{c}x{s}"), "application/json"),
            (status, _) => status == HttpStatusCode.OK),
    };

    public static async Task<int> Main(string[] args)
    {
        var options = LoadOptions.Parse(args);

        // WebApplicationFactory finds the host's content root through MvcTestingAppManifest.json in the current directory.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        var directory = Directory.CreateTempSubdirectory("incidentbot-slackload-");
        try
        {
            await using var slack = await FakeSlackWebApi.StartAsync();
            await using var host = new BenchHost(Path.Combine(directory.FullName, "incidentbot.db"), slack.BaseUrl);
            host.StartServer();
            await DeclareAsync(host.Address, CancellationToken.None);

            PrintHeader(options, host.Address);
            using var writer = new WriterStats();
            var results = new Dictionary<string, LoadResult>(StringComparer.Ordinal);
            var writes = new List<string>();
            foreach (var name in options.Scenarios)
            {
                writer.TakeSnapshot();
                results[name] = await LoadRun.RunAsync(host.Address, Scenarios[name], options.Connections, options.WarmUp, options.Duration, CancellationToken.None);
                PrintRow(results[name]);
                var (groups, perGroup, groupMs, commitMs) = writer.TakeSnapshot();
                writes.Add(Invariant($"| {results[name].Scenario} | {groups:N0} | {perGroup:0.0} | {groupMs:0.00} ms | {commitMs:0.00} ms |"));
            }

            Console.WriteLine();
            Console.WriteLine("SQLite's single writer during each scenario (warm-up included): commits, writes per commit, time per group and per COMMIT.");
            Console.WriteLine();
            Console.WriteLine("| scenario | commits | writes per commit | group (BEGIN to end of COMMIT) | COMMIT |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            writes.ForEach(Console.WriteLine);
            Console.WriteLine();
            if (results.TryGetValue("bare", out var bare) && results.TryGetValue("commands", out var commands))
            {
                Console.WriteLine(Invariant($"Slash-command acknowledgements: {commands.Throughput / bare.Throughput:P0} of the bare endpoint's throughput (target >= 50 %), p99 {commands.Percentile(99):0.0} ms (target < 25 ms)."));
                Console.WriteLine(Invariant($"By CPU per request (whole process, generator included): a command costs {commands.CpuMicrosecondsPerRequest / bare.CpuMicrosecondsPerRequest:0.00} bare requests, so a CPU-bound command rate is {bare.CpuMicrosecondsPerRequest / commands.CpuMicrosecondsPerRequest:P0} of the bare rate."));
            }

            return await VerifyDurabilityAsync(host.Services.GetRequiredService<IIncidentStore>(), results, CancellationToken.None) ? 0 : 1;
        }
        finally
        {
            try
            {
                directory.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    /// <summary>Every acknowledged command is a key event in the database, every acknowledged event a transcript entry.</summary>
    private static async Task<bool> VerifyDurabilityAsync(IIncidentStore store, Dictionary<string, LoadResult> results, CancellationToken cancellationToken)
    {
        var incident = await store.FindByChannelAsync(Workspace.Key(Platform.Slack, Team), Channel, cancellationToken)
            ?? throw new InvalidOperationException("The bench incident is missing.");
        var timeline = await store.GetTimelineAsync(incident.Workspace, incident.Id, new TimelineQuery(TimelineScope.All, IncludeWithdrawn: true), cancellationToken);
        var durable = true;
        foreach (var (name, kind, what) in new[] { ("commands", TimelineEventKind.Note, "timeline entries"), ("events", TimelineEventKind.Message, "transcript entries") })
        {
            if (results.TryGetValue(name, out var run))
            {
                var acknowledged = run.Acknowledged + run.AcknowledgedOutsideWindow;
                var stored = timeline.Count(e => e.Kind == kind);
                Console.WriteLine(Invariant($"Durability: {stored:N0} {what} in the database for {acknowledged:N0} acknowledged {name} (warm-up included): {(stored == acknowledged ? "all stored" : "MISMATCH")}."));
                durable &= stored == acknowledged;
            }
        }

        return durable;
    }

    private static void PrintHeader(LoadOptions options, Uri address)
    {
        Console.WriteLine(Invariant($"IncidentBot Slack ingress: {options.Connections} connections, {options.WarmUp.TotalSeconds:0} s warm-up and {options.Duration.TotalSeconds:0} s measured per scenario; host on {address} with a SQLite file; load generator in the same process."));
        Console.WriteLine(Invariant($"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC."));
        Console.WriteLine();
        Console.WriteLine("| scenario | measured requests | throughput | p50 | p90 | p99 | max | failed | CPU per request | allocated per request |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    }

    private static void PrintRow(LoadResult result) => Console.WriteLine(Invariant(
        $"| {result.Scenario} | {result.LatencyTicks.Length:N0} | {result.Throughput:N0}/s | {result.Percentile(50):0.0} ms | {result.Percentile(90):0.0} ms | {result.Percentile(99):0.0} ms | {result.Percentile(100):0.0} ms | {result.Failed:N0} | {result.CpuMicrosecondsPerRequest:0} µs | {result.KilobytesAllocatedPerRequest:0.0} KB |"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Command(string text, string triggerId) =>
        SlackBodies.SlashCommand(text, teamId: Team, channelId: Channel, channelName: "inc-bench", userId: "UBENCH", userName: "bench", triggerId: triggerId);

    /// <summary>A distinct message ts per connection and request: seconds from the connection, microseconds from the sequence.</summary>
    private static string Ts(int connection, int sequence) =>
        Invariant($"{1_700_000_000 + (connection * 100) + (sequence / 1_000_000)}.{sequence % 1_000_000:D6}");

    private static async Task DeclareAsync(Uri address, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = address };
        var signer = new SlackRequestSigner(BenchHost.SigningSecret, TimeProvider.System);
        using var request = signer.Form("/slack/commands", Command("declare Load test sev3", "declare.bench"));
        using var response = await client.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode || !body.Contains("INC-1", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Declaring the bench incident failed: {(int)response.StatusCode} {body}");
        }
    }
}
