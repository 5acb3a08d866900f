using System.Globalization;

namespace IncidentBot.Storage.Tests.Sqlite;

/// <summary>
/// SQLite stores instants as fixed-width text whose order is time order (<see cref="UtcInstant"/>): the text must stay
/// the same as rows written before, truncated to the microsecond, and read back to the same instant.
/// </summary>
public sealed class UtcInstantTests
{
    public static TheoryData<string, string> Instants => new()
    {
        { "2026-11-21T17:05:09.1234567+00:00", "2026-11-21T17:05:09.1234560+00:00" },
        { "2026-11-21T18:05:09.9999999+01:00", "2026-11-21T17:05:09.9999990+00:00" },
        { "2026-03-29T01:30:00.0000000-07:00", "2026-03-29T08:30:00.0000000+00:00" },
        { "0001-01-01T00:00:00.0000000+00:00", "0001-01-01T00:00:00.0000000+00:00" },
        { "9999-12-31T23:59:59.9999999+00:00", "9999-12-31T23:59:59.9999990+00:00" },
    };

    [Theory]
    [MemberData(nameof(Instants))]
    public void An_instant_is_stored_in_UTC_to_the_microsecond_in_fixed_width_text(string instant, string expected)
    {
        var value = DateTimeOffset.ParseExact(instant, "O", CultureInfo.InvariantCulture);

        var text = UtcInstant.ToText(value);

        text.ShouldBe(expected);
        UtcInstant.FromText(text).ShouldBe(UtcInstant.Normalize(value));
    }

    [Fact]
    public void Text_order_is_time_order()
    {
        var start = new DateTimeOffset(2026, 11, 21, 23, 59, 59, TimeSpan.Zero);
        var instants = Enumerable.Range(0, 50).Select(i => start.AddTicks(i * 7_919_993L)).ToList();

        var texts = instants.Select(UtcInstant.ToText).ToList();

        texts.ShouldBe(texts.Order(StringComparer.Ordinal).ToList());
    }
}
