using System.Globalization;

namespace IncidentBot.SlackLoad;

/// <summary>
/// <c>--connections N --warmup S --duration S --scenarios bare,commands,events --rounds N [--postgres "Host=…"]</c>.
/// Without <c>--postgres</c> the host runs on a fresh SQLite file, its default.
/// </summary>
internal sealed record LoadOptions(int Connections, TimeSpan WarmUp, TimeSpan Duration, IReadOnlyList<string> Scenarios, int Rounds, string? Postgres)
{
    private const string Usage = "Options: --connections N, --warmup SECONDS, --duration SECONDS, --scenarios bare,commands,events, --rounds N, --postgres CONNECTION-STRING.";

    /// <summary>Reads <paramref name="args"/>; every scenario runs unless <c>--scenarios</c> names some of <paramref name="scenarios"/>.</summary>
    public static LoadOptions Parse(string[] args, IReadOnlyList<string> scenarios)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new LoadOptions(64, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20), scenarios, 3, null);
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
                _ => throw new FormatException($"Unknown option '{name}'. {Usage}"),
            };
        }

        return options;
    }

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
