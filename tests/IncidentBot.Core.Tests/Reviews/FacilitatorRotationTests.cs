using IncidentBot.Core.Incidents;
using IncidentBot.Core.Reviews;
using IncidentBot.TestKit;
using static IncidentBot.Core.Tests.Reviews.ReviewScenario;

namespace IncidentBot.Core.Tests.Reviews;

public sealed class FacilitatorRotationTests
{
    private static readonly Person Gina = new("U-GINA", "gina");
    private static readonly Person Hank = new("U-HANK", "hank");

    [Fact]
    public void Never_served_members_come_first_in_the_order_they_joined_then_the_least_recently_serving()
    {
        PoolMember[] pool = [new(Dave, Builders.Noon), new(Erin, Builders.Noon.AddMinutes(1)), new(Frank, Builders.Noon.AddMinutes(2)), new(Gina, Builders.Noon.AddMinutes(3))];
        Facilitation[] history = [new(Frank, 1, Builders.Noon, Builders.Noon.AddDays(2)), new(Dave, 2, Builders.Noon, Builders.Noon.AddDays(1))];

        FacilitatorRotation.Candidates(pool, history, new HashSet<string>(StringComparer.Ordinal)).ShouldBe([Erin, Gina, Dave, Frank]);
        FacilitatorRotation.Candidates(pool, history, new HashSet<string>([Erin.Id, Dave.Id], StringComparer.Ordinal)).ShouldBe([Gina, Frank]);
    }

    [Fact]
    public async Task Rotation_is_fair_over_many_incidents_and_never_picks_someone_too_close_to_the_incident()
    {
        Person[] pool = [Dave, Erin, Frank, Gina, Hank];
        var harness = new ReviewHarness(now: Monday);
        var ops = ReviewHarness.ChannelFor("ops");
        await harness.PostmortemAsync($"facilitators add {string.Join(' ', pool.Select(Mention))}", channel: ops);
        var served = new List<(Person Facilitator, Person Commander, Person Talker)>();

        for (var n = 0; n < 40; n++)
        {
            // Each incident has a pool member as commander and another who wrote most of the channel.
            var commander = pool[n % pool.Length];
            var talker = pool[(n * 3 + 1) % pool.Length];
            var room = ReviewHarness.ChannelFor($"inc-{n}");
            var incident = await harness.DeclareAsync(channel: room);
            await harness.IncidentAsync($"role commander {Mention(commander)}", channel: room);
            for (var i = 0; i < 5; i++)
            {
                await harness.SayAsync(incident, talker, $"message {i}");
            }

            await harness.IncidentAsync("resolve", channel: room);
            await harness.PostmortemAsync("schedule auto", channel: room);
            var asked = (await harness.ReviewOfAsync(incident))!.Facilitator!;
            await harness.PostmortemAsync("INC-" + (n + 1) + " facilitate accept", asked, ReviewHarness.ChannelFor(asked.Id));
            served.Add((asked, commander, talker));
            harness.Clock.Advance(TimeSpan.FromHours(7));
        }

        served.ShouldAllBe(s => s.Facilitator != s.Commander && s.Facilitator != s.Talker);
        var load = pool.Select(p => served.Count(s => s.Facilitator == p)).ToList();
        // Two of five are ruled out every time, so turns cannot always be perfectly even; they stay within two.
        (load.Max() - load.Min()).ShouldBeLessThanOrEqualTo(2, string.Join(", ", load));
        load.ShouldAllBe(count => count >= 6);
    }

    [Fact]
    public void With_nobody_excluded_the_pool_takes_strict_turns()
    {
        Person[] pool = [Dave, Erin, Frank];
        var members = pool.Select((p, i) => new PoolMember(p, Builders.Noon.AddMinutes(i))).ToList();
        var history = new List<Facilitation>();

        for (var n = 0; n < 9; n++)
        {
            var next = FacilitatorRotation.Candidates(members, history, new HashSet<string>(StringComparer.Ordinal))[0];
            next.ShouldBe(pool[n % 3]);
            history.Add(new Facilitation(next, n, Builders.Noon, Builders.Noon.AddHours(n)));
        }
    }
}
