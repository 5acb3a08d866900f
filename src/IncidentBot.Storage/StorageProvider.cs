namespace IncidentBot.Storage;

internal enum StorageProvider
{
    Sqlite,
    Postgres,
}

internal static class StorageProviders
{
    public static readonly string Supported = string.Join(" or ", Enum.GetNames<StorageProvider>());

    /// <summary>Parses a configured name; numbers are not names, so "1" is rejected.</summary>
    public static bool TryParse(string? name, out StorageProvider provider)
    {
        provider = default;
        return !string.IsNullOrWhiteSpace(name)
            && !char.IsAsciiDigit(name.TrimStart()[0])
            && Enum.TryParse(name.Trim(), ignoreCase: true, out provider)
            && Enum.IsDefined(provider);
    }

    /// <summary>For options that passed validation.</summary>
    public static StorageProvider Parse(string? name) =>
        TryParse(name, out var provider)
            ? provider
            : throw new InvalidOperationException($"Storage:Provider '{name}' is not a storage provider; use {Supported}.");
}
