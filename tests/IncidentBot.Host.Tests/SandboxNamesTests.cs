using IncidentBot.Host.Sandbox;

namespace IncidentBot.Host.Tests;

public sealed class SandboxNamesTests
{
    [Theory]
    [InlineData("alice", "u-alice")]
    [InlineData("Alice Smith", "u-alice-smith")]
    [InlineData("  ALICE  ", "u-alice")]
    [InlineData("José Müller", "u-jose-muller")]
    [InlineData("o'brien.ops", "u-o-brien-ops")]
    public void User_ids_are_stable_slugs_of_the_name(string name, string id) =>
        SandboxNames.UserId(name).ShouldBe(id);

    [Theory]
    [InlineData(7, "DB latency!!", "inc-7-db-latency")]
    [InlineData(1, "Checkout is slow", "inc-1-checkout-is-slow")]
    [InlineData(12, "Café: Ünïcode & <stuff>", "inc-12-cafe-unicode-stuff")]
    [InlineData(3, "🔥🔥🔥", "inc-3")]
    [InlineData(42, "Payments API returns 500 for every card issued outside the EU", "inc-42-payments-api-returns-500-for")]
    [InlineData(5, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bbbbbbbbbb", "inc-5-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData(6, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "inc-6-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Incident_channels_are_named_like_slacks(int number, string title, string channel)
    {
        var name = SandboxNames.IncidentChannel(number, title);

        name.ShouldBe(channel);
        name.Length.ShouldBeLessThanOrEqualTo(40);
        SandboxNames.IsValidChannel(name).ShouldBeTrue();
        name.ShouldNotEndWith("-");
    }

    [Theory]
    [InlineData("general", true)]
    [InlineData("inc-1-db", true)]
    [InlineData("ops_team", true)]
    [InlineData("9lives", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("General", false)]
    [InlineData("-ops", false)]
    [InlineData("ops team", false)]
    [InlineData("#ops", false)]
    [InlineData("ops.team", false)]
    [InlineData("ops\n", false)]
    public void Channel_names_follow_slacks_rules(string? channel, bool valid) =>
        SandboxNames.IsValidChannel(channel).ShouldBe(valid);

    [Fact]
    public void Channel_names_are_at_most_80_characters()
    {
        SandboxNames.IsValidChannel(new string('a', 80)).ShouldBeTrue();
        SandboxNames.IsValidChannel(new string('a', 81)).ShouldBeFalse();
    }

    [Theory]
    [InlineData("alice", null)]
    [InlineData("  bob ", null)]
    [InlineData("", "required")]
    [InlineData("   ", "required")]
    [InlineData("!!!", "letter or digit")]
    [InlineData("a\u0000b", "control")]
    public void User_names_are_validated(string name, string? error)
    {
        var message = SandboxNames.ValidateUserName(name, out _);

        if (error is null)
        {
            message.ShouldBeNull();
        }
        else
        {
            message.ShouldNotBeNull().ShouldContain(error);
        }
    }

    [Fact]
    public void User_names_are_at_most_40_characters() =>
        SandboxNames.ValidateUserName(new string('a', 41), out _).ShouldNotBeNull();
}
