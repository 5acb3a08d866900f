using System.Globalization;

namespace IncidentBot.SlackLoad;

/// <summary><c>--connections N --warmup S --duration S --scenarios bare,commands,events --rounds N</c>.</summary>
internal sealed record LoadOptions(int Connections, TimeSpan WarmUp, TimeSpan Duration, IReadOnlyList<string> Scenarios, int Rounds)
{
    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions(64, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20), ["bare", "commands", "events"], 3);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            options = args[i] switch
            {
                "--connections" => options with { Connections = int.Parse(value, CultureInfo.InvariantCulture) },
                "--warmup" => options with { WarmUp = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
                "--scenarios" => options with { Scenarios = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--rounds" => options with { Rounds = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. Use --connections, --warmup, --duration, --scenarios, --rounds.", nameof(args)),
            };
        }

        return options;
    }
}
