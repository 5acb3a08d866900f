using IncidentBot.Storage.Dialects;
using Npgsql;

namespace IncidentBot.Storage.Tests.Postgres;

/// <summary>How the PostgreSQL data source reads the operator's connection string (no server needed).</summary>
public sealed class PostgresDialectTests
{
    [Fact]
    public void Statements_are_prepared_automatically_unless_the_connection_string_says_otherwise()
    {
        var prepared = new NpgsqlConnectionStringBuilder(PostgresDialect.WithStatementPreparation("Host=db;Database=incidentbot;Username=bot;Password=secret"));

        prepared.MaxAutoPrepare.ShouldBe(PostgresDialect.DefaultMaxAutoPrepare);
        (prepared.Host, prepared.Database, prepared.Username, prepared.Password).ShouldBe(("db", "incidentbot", "bot", "secret"));
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;max auto prepare=10", 10)]
    [InlineData("Host=db;MaxAutoPrepare=0", 0)]
    public void An_operators_own_max_auto_prepare_wins(string connectionString, int expected) =>
        new NpgsqlConnectionStringBuilder(PostgresDialect.WithStatementPreparation(connectionString)).MaxAutoPrepare.ShouldBe(expected);
}
