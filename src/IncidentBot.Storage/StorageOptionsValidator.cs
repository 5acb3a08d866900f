using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using IncidentBot.Storage.Dialects;

namespace IncidentBot.Storage;

/// <summary>Fails start-up with messages that name the key and what is wrong with it.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    private const string ProviderKey = StorageOptions.SectionName + ":" + nameof(StorageOptions.Provider);
    private const string ConnectionStringKey = StorageOptions.SectionName + ":" + nameof(StorageOptions.ConnectionString);

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!StorageProviders.TryParse(options.Provider, out var provider))
        {
            return ValidateOptionsResult.Fail(
                $"{ProviderKey} is '{options.Provider}', which is not a storage provider; use {StorageProviders.Supported}.");
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(
                $"{ConnectionStringKey} is empty; set an ADO.NET connection string for {provider}.");
        }

        // Connection strings may hold passwords, so messages describe the problem without echoing the value.
        return provider switch
        {
            StorageProvider.Sqlite => ValidateSqlite(options.ConnectionString),
            StorageProvider.Postgres => ValidatePostgres(options.ConnectionString),
            _ => ValidateOptionsResult.Fail($"{ProviderKey} '{options.Provider}' is not supported."),
        };
    }

    private static ValidateOptionsResult ValidatePostgres(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException exception)
        {
            return ValidateOptionsResult.Fail($"{ConnectionStringKey} is not a valid PostgreSQL connection string: {exception.Message}");
        }

        return string.IsNullOrWhiteSpace(builder.Host)
            ? ValidateOptionsResult.Fail($"{ConnectionStringKey} names no PostgreSQL server; add Host=<server>.")
            : ValidateOptionsResult.Success;
    }

    private static ValidateOptionsResult ValidateSqlite(string connectionString)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException exception)
        {
            return ValidateOptionsResult.Fail($"{ConnectionStringKey} is not a valid SQLite connection string: {exception.Message}");
        }

        if (SqliteDataSource.IsInMemory(builder))
        {
            return ValidateOptionsResult.Fail(
                $"{ConnectionStringKey} names an in-memory or temporary SQLite database ('Data Source={builder.DataSource}'), which loses everything between connections; use a file such as 'Data Source=data/incidentbot.db'.");
        }

        return ValidateOptionsResult.Success;
    }
}
