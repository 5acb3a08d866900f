using Microsoft.Extensions.Options;

namespace IncidentBot.Storage.Tests.Registration;

public sealed class StorageOptionsValidatorTests
{
    private readonly StorageOptionsValidator _validator = new();

    [Fact]
    public void The_defaults_are_valid_sqlite_in_a_data_folder()
    {
        var defaults = new StorageOptions();

        defaults.Provider.ShouldBe("Sqlite");
        defaults.ConnectionString.ShouldBe("Data Source=data/incidentbot.db");
        Validate(defaults).Succeeded.ShouldBeTrue();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("SQLITE")]
    [InlineData(" Sqlite ")]
    public void The_provider_name_is_case_insensitive(string provider) =>
        Validate(new StorageOptions { Provider = provider }).Succeeded.ShouldBeTrue();

    [Theory]
    [InlineData("Mysql")]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("Sqlite,Postgres")]
    public void An_unknown_provider_is_named_with_its_key(string provider)
    {
        var result = Validate(new StorageOptions { Provider = provider });

        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldContain("Storage:Provider");
        result.FailureMessage.ShouldContain($"'{provider}'");
        result.FailureMessage.ShouldContain("Sqlite or Postgres");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_connection_string_is_named_with_its_key(string connectionString)
    {
        var result = Validate(new StorageOptions { ConnectionString = connectionString });

        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldContain("Storage:ConnectionString is empty");
    }

    [Fact]
    public void A_malformed_sqlite_connection_string_is_refused()
    {
        var result = Validate(new StorageOptions { ConnectionString = "Data Source=x.db;Flavour=strawberry" });

        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldContain("Storage:ConnectionString is not a valid SQLite connection string");
        result.FailureMessage.ShouldContain("flavour", Case.Insensitive);
    }

    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=shared;Mode=Memory;Cache=Shared")]
    [InlineData("Data Source=")]
    public void An_in_memory_sqlite_database_is_refused_because_it_would_lose_data(string connectionString)
    {
        var result = Validate(new StorageOptions { ConnectionString = connectionString });

        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldContain("Storage:ConnectionString names an in-memory or temporary SQLite database");
    }

    [Fact]
    public void A_postgres_connection_string_with_a_host_is_valid() =>
        Validate(new StorageOptions { Provider = "Postgres", ConnectionString = "Host=db;Database=incidentbot;Username=bot;Password=secret" })
            .Succeeded.ShouldBeTrue();

    [Fact]
    public void A_postgres_connection_string_without_a_host_is_refused()
    {
        var result = Validate(new StorageOptions { Provider = "Postgres", ConnectionString = "Database=incidentbot;Password=secret" });

        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldContain("Storage:ConnectionString names no PostgreSQL server");
        result.FailureMessage.ShouldNotContain("secret");
    }

    [Fact]
    public void A_malformed_postgres_connection_string_is_refused_without_echoing_it()
    {
        var result = Validate(new StorageOptions { Provider = "Postgres", ConnectionString = "Host=db;Password=secret;Flavour=strawberry" });

        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldContain("Storage:ConnectionString is not a valid PostgreSQL connection string");
        result.FailureMessage.ShouldNotContain("secret");
    }

    private ValidateOptionsResult Validate(StorageOptions options) => _validator.Validate(Options.DefaultName, options);
}
