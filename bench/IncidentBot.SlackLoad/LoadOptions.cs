using System.Globalization;
using System.Net;

namespace IncidentBot.SlackLoad;

/// <summary>Where the measured host runs.</summary>
internal enum HostPlacement
{
    /// <summary>In the load generator's own process (the default, as in the figures of docs/PERFORMANCE.md).</summary>
    InProcess,

    /// <summary>In a process of its own on this machine, which the tool starts (<c>--serve</c>) and stops.</summary>
    ChildProcess,

    /// <summary>A host someone started with <c>--serve</c>, on this machine or another.</summary>
    Remote,
}

/// <summary>
/// The load generator: <c>--connections N --warmup S --duration S --scenarios bare,commands,events --rounds N
/// [--postgres "Host=…"] [--host in-process|process|URL]</c>. Only the host: <c>--serve ADDRESS:PORT [--postgres "Host=…"]</c>.
/// Without <c>--postgres</c> the host runs on a fresh SQLite file, its default.
/// </summary>
internal sealed record LoadOptions(
    int Connections, TimeSpan WarmUp, TimeSpan Duration, IReadOnlyList<string> Scenarios, int Rounds, string? Postgres,
    HostPlacement Host, Uri? HostAddress, IPEndPoint? Serve)
{
    private const string Usage = "Options: --connections N, --warmup SECONDS, --duration SECONDS, --scenarios bare,commands,events, --rounds N, "
        + "--postgres CONNECTION-STRING, --host in-process|process|http://HOST:PORT/; or only the host: --serve ADDRESS:PORT [--postgres CONNECTION-STRING].";

    /// <summary>Reads <paramref name="args"/>; every scenario runs unless <c>--scenarios</c> names some of <paramref name="scenarios"/>.</summary>
    public static LoadOptions Parse(string[] args, IReadOnlyList<string> scenarios)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new LoadOptions(64, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20), scenarios, 3, null, HostPlacement.InProcess, null, null);
        var given = new List<string>();
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length)
            {
                throw new FormatException($"Option '{args[i]}' needs a value. {Usage}");
            }

            var (name, value) = (args[i], args[i + 1]);
            options = name switch
            {
                "--connections" => options with { Connections = Whole(name, value, min: 1) },
                "--warmup" => options with { WarmUp = Seconds(name, value, min: 0) },
                "--duration" => options with { Duration = Seconds(name, value, min: 1) },
                "--scenarios" => options with { Scenarios = ScenarioList(value, scenarios) },
                "--rounds" => options with { Rounds = Whole(name, value, min: 1) },
                "--postgres" => options with { Postgres = string.IsNullOrWhiteSpace(value) ? throw new FormatException($"--postgres needs a connection string. {Usage}") : value },
                "--host" => WithHost(options, value),
                "--serve" => options with { Serve = Endpoint(value) },
                _ => throw new FormatException($"Unknown option '{name}'. {Usage}"),
            };
            given.Add(name);
        }

        if (options.Serve is not null && given.Except(["--serve", "--postgres"], StringComparer.Ordinal).FirstOrDefault() is { } generatorOption)
        {
            throw new FormatException($"--serve runs only the host; {generatorOption} belongs to the load generator, which measures it with --host http://ADDRESS:PORT/.");
        }

        if (options.Host == HostPlacement.Remote && options.Postgres is not null)
        {
            throw new FormatException("--postgres chooses the storage of a host this tool starts; with --host URL, give it to the --serve that started that host.");
        }

        return options;
    }

    private static LoadOptions WithHost(LoadOptions options, string value) => value switch
    {
        "in-process" => options with { Host = HostPlacement.InProcess, HostAddress = null },
        "process" => options with { Host = HostPlacement.ChildProcess, HostAddress = null },
        _ when Uri.TryCreate(value, UriKind.Absolute, out var address) && address.Scheme == Uri.UriSchemeHttp && address.AbsolutePath == "/"
            => options with { Host = HostPlacement.Remote, HostAddress = address },
        _ => throw new FormatException($"--host takes in-process, process, or the http://HOST:PORT/ address a --serve printed, not '{value}'."),
    };

    private static IPEndPoint Endpoint(string value) =>
        IPEndPoint.TryParse(value, out var endpoint) && value.Contains(':', StringComparison.Ordinal)
            ? endpoint
            : throw new FormatException($"--serve takes the address and port to listen on, such as 127.0.0.1:5080 (port 0: any free one), not '{value}'.");

    private static int Whole(string name, string value, int min) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min
            ? number
            : throw new FormatException($"{name} must be a whole number of at least {min}, not '{value}'.");

    private static TimeSpan Seconds(string name, string value, double min) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= min && seconds <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : throw new FormatException($"{name} must be a number of seconds from {min} to 3600, not '{value}'.");

    private static string[] ScenarioList(string value, IReadOnlyList<string> known)
    {
        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = names.Where(name => !known.Contains(name, StringComparer.Ordinal)).ToList();
        return names.Length == 0 || unknown.Count > 0
            ? throw new FormatException($"--scenarios takes {string.Join(", ", known)}, separated by commas; '{string.Join(", ", unknown.DefaultIfEmpty(value))}' is not one.")
            : names;
    }
}
