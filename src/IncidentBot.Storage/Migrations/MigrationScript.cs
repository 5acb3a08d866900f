using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using IncidentBot.Storage.Dialects;

namespace IncidentBot.Storage.Migrations;

/// <summary>One numbered schema change, embedded as <c>Sql/&lt;Dialect&gt;/NNNN_name.sql</c>.</summary>
internal sealed partial record MigrationScript(int Version, string Name, string Sql)
{
    private static readonly ConcurrentDictionary<StorageProvider, IReadOnlyList<MigrationScript>> Cache = new();

    /// <summary>
    /// The dialect's scripts in version order, from 1, each version once. A gap is allowed: branches developed in
    /// parallel reserve numbers (0003 on one, 0004 on another), and the migrator applies every script that is not
    /// recorded as applied, so a database that got 0004 first still gets 0003 once both are merged.
    /// </summary>
    public static IReadOnlyList<MigrationScript> For(SqlDialect dialect) =>
        Cache.GetOrAdd(dialect.Provider, static (_, folder) => Load(folder), dialect.ScriptFolder);

    private static MigrationScript[] Load(string folder)
    {
        var assembly = typeof(MigrationScript).Assembly;
        var prefix = $"{assembly.GetName().Name}.Sql.{folder}.";
        var scripts = new List<MigrationScript>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var fileName = resource[prefix.Length..];
            var match = ScriptFileName().Match(fileName);
            if (!match.Success)
            {
                throw new InvalidOperationException(
                    $"Embedded migration '{resource}' is not named NNNN_name.sql.");
            }

            scripts.Add(new MigrationScript(
                int.Parse(match.Groups["version"].Value, NumberStyles.None, CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                ReadText(assembly, resource)));
        }

        scripts.Sort((x, y) => x.Version.CompareTo(y.Version));
        for (var i = 0; i < scripts.Count; i++)
        {
            if ((i == 0 && scripts[i].Version != 1) || (i > 0 && scripts[i].Version == scripts[i - 1].Version))
            {
                throw new InvalidOperationException(
                    $"Migrations in Sql/{folder} must start at 1 and use each number once; found {scripts[i].Version} at position {i + 1}.");
            }
        }

        return [.. scripts];
    }

    private static string ReadText(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded migration '{resource}' cannot be read.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^(?<version>\d{4})_(?<name>[A-Za-z0-9_]+)\.sql$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ScriptFileName();
}
