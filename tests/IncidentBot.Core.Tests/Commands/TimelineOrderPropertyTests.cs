using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;
using IncidentBot.TestKit;
using Microsoft.Extensions.Options;

namespace IncidentBot.Core.Tests.Commands;

public sealed class TimelineOrderPropertyTests
{
    [Fact]
    public void The_timeline_is_always_in_event_time_order_whatever_order_entries_arrive_in()
    {
        // Each entry is back-dated by 0..720 minutes, in arbitrary arrival order, some at the same minute.
        var backDates = Gen.Choose(0, 720).ListOf().Select(list => list.Take(25).ToList());
        Prop.ForAll(backDates.ToArbitrary(), minutesAgo =>
        {
            var now = new DateTimeOffset(2026, 11, 21, 18, 0, 0, TimeSpan.Zero);
            var core = new CoreServices(new FakeTimeProvider(now));
            var (store, service) = (core.Incidents, core.Commands);
            var channel = new ChannelRef(Platform.Sandbox, "inc", "inc");
            CommandResult Run(string text) => service
                .HandleAsync(Builders.AnIncidentCommand(text) with { Channel = channel, ReceivedAt = now }, CancellationToken.None)
                .GetAwaiter().GetResult();

            Run("declare Property incident");
            for (var i = 0; i < minutesAgo.Count; i++)
            {
                var at = now.AddMinutes(-minutesAgo[i]);
                Run(string.Create(CultureInfo.InvariantCulture, $"timeline {at:HH\\:mm} entry {i}"));
            }

            var lines = Run("timeline").Reply.Blocks.OfType<TimelineBlock>().Single().Lines;
            var times = lines.Select(l => l.When).ToList();
            var inOrder = times.SequenceEqual(times.Order(StringComparer.Ordinal), StringComparer.Ordinal);
            var eachOnce = Enumerable.Range(0, minutesAgo.Count).All(i => lines.Count(l => string.Equals(l.Text, $"entry {i}", StringComparison.Ordinal)) == 1);
            return inOrder && eachOnce && lines.Count == minutesAgo.Count + 1;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }
}
