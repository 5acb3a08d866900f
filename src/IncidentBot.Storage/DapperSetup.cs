using System.Data;
using Dapper;

namespace IncidentBot.Storage;

/// <summary>
/// Dapper's settings are process-global statics, so they are made here once and nowhere else.
/// </summary>
internal static class DapperSetup
{
    private static readonly Lock Gate = new();
    private static bool _registered;

    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (_registered)
            {
                return;
            }

            // Columns are snake_case (declared_at), row properties PascalCase (DeclaredAt).
            DefaultTypeMap.MatchNamesWithUnderscores = true;
            SqlMapper.AddTypeHandler(new UtcInstantHandler());
            _registered = true;
        }
    }

    /// <summary>
    /// Reads instants whatever the provider returns: ISO text from SQLite, UTC <see cref="DateTime"/> from
    /// Npgsql. Stores never pass a <see cref="DateTimeOffset"/> parameter to SQLite: the dialect turns
    /// instants into parameter values (<see cref="Dialects.SqlDialect.Instant"/>), so writing stays explicit.
    /// </summary>
    private sealed class UtcInstantHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override DateTimeOffset Parse(object value) => value switch
        {
            string text => UtcInstant.FromText(text),
            DateTime { Kind: DateTimeKind.Utc } utc => new DateTimeOffset(utc.Ticks, TimeSpan.Zero),
            DateTimeOffset instant => instant.ToUniversalTime(),
            _ => throw new DataException($"Cannot read a {value.GetType().Name} as a UTC instant."),
        };

        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            parameter.DbType = DbType.DateTimeOffset;
            parameter.Value = value.ToUniversalTime();
        }
    }
}
