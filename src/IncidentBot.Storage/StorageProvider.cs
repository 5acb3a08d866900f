namespace IncidentBot.Storage;

internal enum StorageProvider
{
    Sqlite,
    Postgres,
}

internal static class StorageProviders
{
    public static readonly string Supported = string.Join(" or ", Enum.GetNames<StorageProvider>());

    /// <summary>Matches a configured name exactly (ignoring case); numbers and flag lists like "Sqlite,Postgres" are not names.</summary>
    public static bool TryParse(string? name, out StorageProvider provider)
    {
        foreach (var candidate in Enum.GetValues<StorageProvider>())
        {
            if (string.Equals(candidate.ToString(), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                provider = candidate;
                return true;
            }
        }

        provider = default;
        return false;
    }

    /// <summary>For options that passed validation.</summary>
    public static StorageProvider Parse(string? name) =>
        TryParse(name, out var provider)
            ? provider
            : throw new InvalidOperationException($"Storage:Provider '{name}' is not a storage provider; use {Supported}.");
}
