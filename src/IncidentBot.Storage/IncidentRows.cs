using System.Data.Common;
using System.Globalization;
using Dapper;

namespace IncidentBot.Storage;

/// <summary>The one check every store makes before writing under an incident: the workspace has it.</summary>
internal static class IncidentRows
{
    private const string FindSql = "SELECT id FROM incident WHERE workspace = @workspace AND id = @id";

    /// <summary>
    /// Fails with <see cref="KeyNotFoundException"/> when the workspace has no such incident. <paramref name="rowLock"/>
    /// (the dialect's row-lock clause, or empty) keeps the incident from changing until the transaction ends.
    /// </summary>
    public static async Task EnsureExistsAsync(
        DbConnection connection, DbTransaction? transaction, string workspace, long id, string rowLock, CancellationToken cancellationToken)
    {
        var found = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            FindSql + rowLock + ";", new { workspace, id }, transaction, cancellationToken: cancellationToken));
        if (found is null)
        {
            throw Missing(workspace, id);
        }
    }

    public static Task EnsureExistsAsync(DbConnection connection, DbTransaction? transaction, string workspace, long id, CancellationToken cancellationToken) =>
        EnsureExistsAsync(connection, transaction, workspace, id, rowLock: string.Empty, cancellationToken);

    public static KeyNotFoundException Missing(string workspace, long id) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Workspace '{workspace}' has no incident with id {id}."));
}
