using System.Globalization;
using System.Net;
using System.Runtime;
using System.Runtime.InteropServices;
using IncidentBot.TestKit.Slack;

namespace IncidentBot.SlackLoad;

/// <summary>
/// Slack ingress under load, measured against this machine's ceiling in the same run:
/// <c>dotnet run -c Release --project bench/IncidentBot.SlackLoad -- [--connections 64] [--warmup 5] [--duration 20] [--scenarios bare,commands,events] [--rounds 3] [--postgres "Host=…"] [--host in-process|process|URL]</c>.
/// The host runs in this process (or, with <c>--host process</c>, in a process of its own) on a loopback port with a
/// fresh SQLite file (or, with <c>--postgres "Host=…"</c>, a fresh schema in that PostgreSQL database); see
/// docs/PERFORMANCE.md. <c>--serve ADDRESS:PORT</c> runs only the host, for a generator elsewhere
/// (<c>--host http://ADDRESS:PORT/</c>). Exits 1 when an acknowledged command or event is not in the database
/// afterwards, 2 on a bad option, 3 when the host cannot be started or reached.
/// </summary>
internal static class LoadTool
{
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
            n => new LoadRequest("/slack/events", SlackBodies.Message(BenchHost.Team, BenchHost.Channel, "UBENCH", Ts(n), Invariant($"Load message {n}"), eventId: EventId(n)), "application/json"),
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

        IMeasuredHost measured;
        try
        {
            if (options.Serve is { } listen)
            {
                return await ServeAsync(listen, options.Postgres);
            }

            measured = options.Host switch
            {
                HostPlacement.ChildProcess => await RemoteHost.StartChildAsync(options.Postgres, CancellationToken.None),
                HostPlacement.Remote => await RemoteHost.ConnectAsync(options.HostAddress!, CancellationToken.None),
                _ => await ServedHost.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), options.Postgres, CancellationToken.None),
            };
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException)
        {
            // The host's process or address is wrong, or its port is taken.
            await Console.Error.WriteLineAsync(exception.Message);
            return 3;
        }

        await using var host = measured;
        var storedBefore = await host.CountStoredAsync(CancellationToken.None);

        PrintHeader(options, host);
        var results = await RunRoundsAsync(host, options);
        PrintAgainstTargets(results.Where(r => r.Round > 0).ToList());

        return await VerifyDurabilityAsync(host, storedBefore, results, CancellationToken.None) ? 0 : 1;
    }

    /// <summary>A bench command's form body in the bench incident's channel.</summary>
    public static string Command(string text, string triggerId) =>
        SlackBodies.SlashCommand(text, teamId: BenchHost.Team, channelId: BenchHost.Channel, channelName: "inc-bench", userId: "UBENCH", userName: "bench", triggerId: triggerId);

    /// <summary>
    /// Only the host, until the end of input (Enter, or the generator that started it closing it), Ctrl+C or SIGTERM; the line
    /// <c>Listening on URL</c> tells a generator where it is.
    /// </summary>
    private static async Task<int> ServeAsync(IPEndPoint listen, string? postgres)
    {
        // Ctrl+C and `kill` end the wait rather than the process, so that the storage is removed.
        using var stop = new CancellationTokenSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        await using var host = await ServedHost.StartAsync(listen, postgres, CancellationToken.None);
        Console.WriteLine(Invariant($"Listening on {host.Address} with the bench incident declared, {host.Description}; measure it with --host {host.Address}. Enter, end of input, Ctrl+C or SIGTERM stops it and removes its storage."));
        var endOfInput = Task.Run(Console.In.ReadLine, CancellationToken.None);
        await Task.WhenAny(endOfInput, Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(static _ => { }, TaskScheduler.Default));
        return 0;

        void Stop(PosixSignalContext signal)
        {
            signal.Cancel = true;
            stop.Cancel();
        }
    }

    /// <summary>
    /// Round 0, as long as a measured round but not reported, then the measured rounds, each scenario in turn. For its
    /// first ten seconds or so a process runs code the JIT has not fully optimised yet while the thread pool and the GC
    /// find their sizes; without round 0 the first scenarios would pay for all of that.
    /// </summary>
    private static async Task<List<(int Round, string Name, LoadResult Result)>> RunRoundsAsync(IMeasuredHost host, LoadOptions options)
    {
        // Out of process, what the host used plus what this generator used; in it, this process's figures are both.
        Func<CancellationToken, Task<MeasuredUsage>> readUsage = host.InThisProcess
            ? _ =>
            {
                var both = ProcessUsage.OfThisProcess();
                return Task.FromResult(new MeasuredUsage(both.Cpu, both.AllocatedBytes, HostCpu: null));
            }
            : async cancellationToken =>
            {
                var counters = await host.ReadCountersAsync(cancellationToken);
                var generator = ProcessUsage.OfThisProcess();
                var hostCpu = TimeSpan.FromMicroseconds(counters.CpuMicroseconds);
                return new MeasuredUsage(generator.Cpu + hostCpu, generator.AllocatedBytes + counters.AllocatedBytes, hostCpu);
            };

        var results = new List<(int Round, string Name, LoadResult Result)>();
        var writes = new List<string>();
        var anyGroups = false;
        foreach (var name in options.Scenarios)
        {
            results.Add((0, name, await LoadRun.RunAsync(host.Address, Scenarios[name], options.Connections, TimeSpan.Zero, options.WarmUp + options.Duration, readUsage, CancellationToken.None)));
        }

        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var name in options.Scenarios)
            {
                var before = await host.ReadCountersAsync(CancellationToken.None);
                var result = await LoadRun.RunAsync(host.Address, Scenarios[name], options.Connections, options.WarmUp, options.Duration, readUsage, CancellationToken.None);
                results.Add((round, name, result));
                PrintRow(round, result);
                var writer = (await host.ReadCountersAsync(CancellationToken.None)).Since(before);
                anyGroups |= writer.Groups > 0;
                if (writer.Groups > 0)
                {
                    writes.Add(Invariant($"| {round} | {result.Scenario} | {writer.Groups:N0} | {(double)writer.Writes / writer.Groups:0.0} | {writer.GroupMilliseconds / writer.Groups:0.00} ms | {writer.CommitMilliseconds / writer.Groups:0.00} ms |"));
                }
                else
                {
                    writes.Add(Invariant($"| {round} | {result.Scenario} | 0 | — | — | — |"));
                }
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

    /// <summary>
    /// Every command acknowledged in this run is a key event in the database, every acknowledged event a transcript entry:
    /// the bench incident's entries of each kind grew by exactly what was acknowledged.
    /// </summary>
    private static async Task<bool> VerifyDurabilityAsync(
        IMeasuredHost host, StoredCounts before, List<(int Round, string Name, LoadResult Result)> results, CancellationToken cancellationToken)
    {
        var after = await host.CountStoredAsync(cancellationToken);
        var durable = true;
        foreach (var (name, stored, what) in new[] { ("commands", after.Notes - before.Notes, "timeline entries"), ("events", after.Messages - before.Messages, "transcript entries") })
        {
            var runs = results.Where(r => r.Name == name).Select(r => r.Result).ToList();
            if (runs.Count > 0)
            {
                var acknowledged = runs.Sum(run => (long)run.Acknowledged + run.AcknowledgedOutsideWindow);
                Console.WriteLine(Invariant($"Durability: {stored:N0} {what} in the database for {acknowledged:N0} acknowledged {name} (warm-ups included): {(stored == acknowledged ? "all stored" : "MISMATCH")}."));
                durable &= stored == acknowledged;
            }
        }

        return durable;
    }

    private static void PrintHeader(LoadOptions options, IMeasuredHost host)
    {
        Console.WriteLine(Invariant($"IncidentBot Slack ingress: {options.Connections} connections, {options.WarmUp.TotalSeconds:0} s warm-up and {options.Duration.TotalSeconds:0} s measured per scenario, {options.Rounds} round(s) of {string.Join(", ", options.Scenarios)} after one unreported round; host on {host.Address}, {host.Description}; load generator in this process."));
        Console.WriteLine(Invariant($"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC."));
        Console.WriteLine();
        Console.WriteLine("| round | scenario | measured requests | throughput | p50 | p90 | p99 | max | failed | CPU per request | of which the host | allocated per request |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
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
        $"| {round} | {result.Scenario} | {result.LatencyTicks.Length:N0} | {result.Throughput:N0}/s | {result.Percentile(50):0.0} ms | {result.Percentile(90):0.0} ms | {result.Percentile(99):0.0} ms | {result.Percentile(100):0.0} ms | {result.Failed:N0} | {result.CpuMicrosecondsPerRequest:0} µs | {(result.HostCpuMicrosecondsPerRequest is { } hostCpu ? Invariant($"{hostCpu:0} µs") : "—")} | {result.KilobytesAllocatedPerRequest:0.0} KB |"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Shaped like Slack's trigger ids (<c>398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c</c> in the
    /// protocol notes): a number that rises with time, which matches the command's <c>response_url</c>, then two more parts.
    /// </summary>
    private static string TriggerId(long n) => Invariant($"{398_738_663_015 + n}.47445629121.{n:x32}");

    /// <summary>Slack's message timestamps rise with time: seconds, then a six-digit sequence.</summary>
    private static string Ts(long n) => Invariant($"{1_700_000_000 + (n / 1_000_000)}.{n % 1_000_000:D6}");

    /// <summary>Slack's event ids look random (<c>Ev08MFMKH6SY</c>), so these are scattered too.</summary>
    private static string EventId(long n) => Invariant($"Ev{unchecked((ulong)n * 0x9E3779B97F4A7C15UL):X16}");
}
