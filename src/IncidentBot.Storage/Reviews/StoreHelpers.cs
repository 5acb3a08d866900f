using System.Globalization;
using IncidentBot.Storage.Dialects;

namespace IncidentBot.Storage.Reviews;

/// <summary>What the review, action-item and reminder stores share: dialect details kept out of the shared dialect classes.</summary>
internal static class StoreHelpers
{
    /// <summary>A local date as a parameter value: <c>YYYY-MM-DD</c> text, which <see cref="DateParameter"/> turns into the column's type.</summary>
    public static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The SQL for a date parameter: PostgreSQL casts the text to <c>date</c>; SQLite keeps the text.</summary>
    public static string DateParameter(SqlDialect dialect, string name) =>
        dialect.Provider == StorageProvider.Postgres ? $"CAST(@{name} AS date)" : "@" + name;

    /// <summary>Reads a date column whatever the provider returns.</summary>
    public static DateOnly? ReadDate(object? value) => value switch
    {
        null or DBNull => null,
        DateOnly date => date,
        DateTime dateTime => DateOnly.FromDateTime(dateTime),
        string text => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => throw new InvalidCastException($"Cannot read a {value.GetType().Name} as a date."),
    };
}
