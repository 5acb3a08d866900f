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
/// <c>dotnet run -c Release --project bench/IncidentBot.SlackLoad -- [--connections 64] [--warmup 5] [--duration 20] [--scenarios bare,commands,events] [--rounds 3] [--postgres "Host=…"]</c>.
/// The host runs in this process on a loopback port with a fresh SQLite file (or, with <c>--postgres "Host=…"</c>, a
/// fresh schema in that PostgreSQL database); see docs/PERFORMANCE.md. Exits 1 when an acknowledged command or event is
/// not in the database afterwards, 2 on a bad option.
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
            n => new LoadRequest(BenchHost.BarePath, Command(Invariant($"timeline Bare {n}"), TriggerId(n)), FormType),
            (status, _) => status == HttpStatusCode.OK),

        // /incident timeline in the incident's channel: verified, parsed, stored as a key event, answered with Block Kit.
        ["commands"] = new(
            "slash command /incident timeline",
            n => new LoadRequest("/slack/commands", Command(Invariant($"timeline Load note {n}"), TriggerId(n)), FormType),
            (status, body) => status == HttpStatusCode.OK && body.Span.IndexOf("Added to INC-1"u8) >= 0),

        // A channel message: verified, de-duplicated by event_id in the database, stored in the incident's transcript.
        ["events"] = new(
            "Events API channel message",
            n => new LoadRequest("/slack/events", SlackBodies.Message(Team, Channel, "UBENCH", Ts(n), Invariant($"Load message {n}"), eventId: EventId(n)), "application/json"),
            (status, _) => status == HttpStatusCode.OK),
    };

    public static async Task<int> Main(string[] args)
    {
        LoadOptions options;
        try
        {
            options = LoadOptions.Parse(args, [.. Scenarios.Keys]);
        }
        catch (FormatException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return 2;
        }

        // WebApplicationFactory finds the host's content root through MvcTestingAppManifest.json in the current directory.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        await using var storage = await BenchStorage.CreateAsync(options.Postgres, CancellationToken.None);
        await using var slack = await FakeSlackWebApi.StartAsync();
        await using var host = new BenchHost(storage, slack.BaseUrl);
        host.StartServer();
        await DeclareAsync(host.Address, CancellationToken.None);

        PrintHeader(options, host.Address, storage);
        var results = await RunRoundsAsync(host.Address, options);
        PrintAgainstTargets(results.Where(r => r.Round > 0).ToList());

        return await VerifyDurabilityAsync(host.Services.GetRequiredService<IIncidentStore>(), results, CancellationToken.None) ? 0 : 1;
    }

    /// <summary>
    /// Round 0, as long as a measured round but not reported, then the measured rounds, each scenario in turn. For its
    /// first ten seconds or so a process runs code the JIT has not fully optimised yet while the thread pool and the GC
    /// find their sizes; without round 0 the first scenarios would pay for all of that.
    /// </summary>
    private static async Task<List<(int Round, string Name, LoadResult Result)>> RunRoundsAsync(Uri address, LoadOptions options)
    {
        using var writer = new WriterStats();
        var results = new List<(int Round, string Name, LoadResult Result)>();
        var writes = new List<string>();
        var anyGroups = false;
        foreach (var name in options.Scenarios)
        {
            results.Add((0, name, await LoadRun.RunAsync(address, Scenarios[name], options.Connections, TimeSpan.Zero, options.WarmUp + options.Duration, CancellationToken.None)));
        }

        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var name in options.Scenarios)
            {
                writer.TakeSnapshot();
                var result = await LoadRun.RunAsync(address, Scenarios[name], options.Connections, options.WarmUp, options.Duration, CancellationToken.None);
                results.Add((round, name, result));
                PrintRow(round, result);
                var (groups, perGroup, groupMs, commitMs) = writer.TakeSnapshot();
                anyGroups |= groups > 0;
                writes.Add(Invariant($"| {round} | {result.Scenario} | {groups:N0} | {perGroup:0.0} | {groupMs:0.00} ms | {commitMs:0.00} ms |"));
            }
        }

        Console.WriteLine();
        if (anyGroups)
        {
            // Only SQLite has the single writer; on PostgreSQL every request commits on its own connection.
            Console.WriteLine("SQLite's single writer during each scenario (warm-up included): commits, writes per commit, time per group and per COMMIT.");
            Console.WriteLine();
            Console.WriteLine("| round | scenario | commits | writes per commit | group (BEGIN to end of COMMIT) | COMMIT |");
            Console.WriteLine("|---:|---|---:|---:|---:|---:|");
            writes.ForEach(Console.WriteLine);
            Console.WriteLine();
        }

        return results;
    }

    /// <summary>Every acknowledged command is a key event in the database, every acknowledged event a transcript entry.</summary>
    private static async Task<bool> VerifyDurabilityAsync(IIncidentStore store, List<(int Round, string Name, LoadResult Result)> results, CancellationToken cancellationToken)
    {
        var incident = await store.FindByChannelAsync(Workspace.Key(Platform.Slack, Team), Channel, cancellationToken)
            ?? throw new InvalidOperationException("The bench incident is missing.");
        var timeline = await store.GetTimelineAsync(incident.Workspace, incident.Id, new TimelineQuery(TimelineScope.All, IncludeWithdrawn: true), cancellationToken);
        var durable = true;
        foreach (var (name, kind, what) in new[] { ("commands", TimelineEventKind.Note, "timeline entries"), ("events", TimelineEventKind.Message, "transcript entries") })
        {
            var runs = results.Where(r => r.Name == name).Select(r => r.Result).ToList();
            if (runs.Count > 0)
            {
                var acknowledged = runs.Sum(run => run.Acknowledged + run.AcknowledgedOutsideWindow);
                var stored = timeline.Count(e => e.Kind == kind);
                Console.WriteLine(Invariant($"Durability: {stored:N0} {what} in the database for {acknowledged:N0} acknowledged {name} (warm-ups included): {(stored == acknowledged ? "all stored" : "MISMATCH")}."));
                durable &= stored == acknowledged;
            }
        }

        return durable;
    }

    private static void PrintHeader(LoadOptions options, Uri address, BenchStorage storage)
    {
        Console.WriteLine(Invariant($"IncidentBot Slack ingress: {options.Connections} connections, {options.WarmUp.TotalSeconds:0} s warm-up and {options.Duration.TotalSeconds:0} s measured per scenario, {options.Rounds} round(s) of {string.Join(", ", options.Scenarios)} after one unreported round; host on {address} with {storage.Description}; load generator in the same process."));
        Console.WriteLine(Invariant($"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC."));
        Console.WriteLine();
        Console.WriteLine("| round | scenario | measured requests | throughput | p50 | p90 | p99 | max | failed | CPU per request | allocated per request |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    }

    /// <summary>
    /// Each round's commands against the bare endpoint measured just before them, and the median over the rounds: the
    /// machine's speed drifts (it is shared), so only figures taken minutes apart are compared.
    /// </summary>
    private static void PrintAgainstTargets(List<(int Round, string Name, LoadResult Result)> results)
    {
        var ratios = new List<double>();
        foreach (var round in results.Select(r => r.Round).Distinct())
        {
            var bare = results.FirstOrDefault(r => r.Round == round && r.Name == "bare").Result;
            var commands = results.FirstOrDefault(r => r.Round == round && r.Name == "commands").Result;
            if (bare is null || commands is null)
            {
                continue;
            }

            ratios.Add(commands.Throughput / bare.Throughput);
            Console.WriteLine(Invariant($"Round {round}: slash-command acknowledgements at {commands.Throughput / bare.Throughput:P0} of the bare endpoint's throughput (target >= 50 %), p99 {commands.Percentile(99):0.0} ms (target < 25 ms); by CPU per request a command costs {commands.CpuMicrosecondsPerRequest / bare.CpuMicrosecondsPerRequest:0.00} bare requests."));
        }

        if (ratios.Count > 1)
        {
            ratios.Sort();
            var median = ratios.Count % 2 == 1 ? ratios[ratios.Count / 2] : (ratios[(ratios.Count / 2) - 1] + ratios[ratios.Count / 2]) / 2;
            Console.WriteLine(Invariant($"Median over {ratios.Count} rounds: {median:P0} of the bare endpoint's throughput (lowest {ratios[0]:P0}, highest {ratios[^1]:P0})."));
        }
    }

    private static void PrintRow(int round, LoadResult result) => Console.WriteLine(Invariant(
        $"| {round} | {result.Scenario} | {result.LatencyTicks.Length:N0} | {result.Throughput:N0}/s | {result.Percentile(50):0.0} ms | {result.Percentile(90):0.0} ms | {result.Percentile(99):0.0} ms | {result.Percentile(100):0.0} ms | {result.Failed:N0} | {result.CpuMicrosecondsPerRequest:0} µs | {result.KilobytesAllocatedPerRequest:0.0} KB |"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Command(string text, string triggerId) =>
        SlackBodies.SlashCommand(text, teamId: Team, channelId: Channel, channelName: "inc-bench", userId: "UBENCH", userName: "bench", triggerId: triggerId);

    /// <summary>
    /// Shaped like Slack's trigger ids (<c>398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c</c> in the
    /// protocol notes): a number that rises with time, which matches the command's <c>response_url</c>, then two more parts.
    /// </summary>
    private static string TriggerId(long n) => Invariant($"{398_738_663_015 + n}.47445629121.{n:x32}");

    /// <summary>Slack's message timestamps rise with time: seconds, then a six-digit sequence.</summary>
    private static string Ts(long n) => Invariant($"{1_700_000_000 + (n / 1_000_000)}.{n % 1_000_000:D6}");

    /// <summary>Slack's event ids look random (<c>Ev08MFMKH6SY</c>), so these are scattered too.</summary>
    private static string EventId(long n) => Invariant($"Ev{unchecked((ulong)n * 0x9E3779B97F4A7C15UL):X16}");

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
