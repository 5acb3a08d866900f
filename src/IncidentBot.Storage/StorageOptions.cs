namespace IncidentBot.Storage;

/// <summary>Where incidents are kept. Bound from the <c>Storage</c> section and validated at start-up.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary><c>Sqlite</c> (default) or <c>Postgres</c>, case-insensitive.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>An ADO.NET connection string for <see cref="Provider"/>.</summary>
    public string ConnectionString { get; set; } = "Data Source=data/incidentbot.db";
}
