using System.Net;
using System.Text;
using System.Text.Json;
using IncidentBot.Core.Commands;
using IncidentBot.Core.Incidents;
using IncidentBot.Slack.Inbound;

namespace IncidentBot.Slack.Tests;

public sealed class SlashCommandMapperTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 14, 0, 0, TimeSpan.Zero);

    private static ChatCommand Map(string rawBody) => SlashCommandMapper.ToChatCommand(FormBody.Parse(Encoding.UTF8.GetBytes(rawBody)), Now);

    [Fact]
    public void The_signing_vector_body_is_a_slash_command()
    {
        using var vector = Fixtures.Json("signing-vector-slack-docs.json");
        var command = Map(vector.RootElement.GetProperty("raw_body").GetString()!);
        command.ShouldBe(new ChatCommand(
            Platform.Slack,
            "T1DC2JH3J",
            new ChannelRef(Platform.Slack, "G8PSS9T3V", "foobar"),
            new Person("U2CERLKJA", "roadrunner"),
            "webhook-collect",
            string.Empty,
            Now,
            "398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"));
        command.Workspace.ShouldBe("slack:T1DC2JH3J");
    }

    [Fact]
    public void The_bolt_body_decodes_plus_and_percent_escapes()
    {
        using var fixture = Fixtures.Json("slash-command-form-body.bolt-python.json");
        var command = Map(fixture.RootElement.GetProperty("raw_body").GetString()!);
        command.Command.ShouldBe("hello-world");
        command.Text.ShouldBe("Hi");
        command.WorkspaceId.ShouldBe("T111");
        command.Channel.ShouldBe(new ChannelRef(Platform.Slack, "C111", "random"));
        command.User.ShouldBe(new Person("W111", "primary-owner"));
        command.DeliveryId.ShouldBe("111.111.xxx");
    }

    [Fact]
    public void The_documented_fields_encoded_as_on_the_wire_map_to_a_command()
    {
        using var fixture = Fixtures.Json("slash-command-form-body.docs.json");
        var body = string.Join('&', fixture.RootElement.GetProperty("fields").EnumerateObject()
            .Select(field => WebUtility.UrlEncode(field.Name) + "=" + WebUtility.UrlEncode(field.Value.GetString())));
        var command = Map(body);
        command.Command.ShouldBe("weather");
        command.Text.ShouldBe("94070");
        command.User.ShouldBe(new Person("U2147483697", "Steve"));
        command.Channel.Id.ShouldBe("C2147483705");
        command.WorkspaceId.ShouldBe("T0001");
    }

    [Fact]
    public void The_socket_mode_payload_maps_the_same_way()
    {
        using var envelope = Fixtures.Json("socketmode-envelope-slash_commands.python-sdk.json");
        var fields = envelope.RootElement.GetProperty("payload").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
        var command = SlashCommandMapper.ToChatCommand(fields, Now);
        command.Command.ShouldBe("hello-socket-mode");
        command.User.ShouldBe(new Person("U111", "testxyz"));
        command.DeliveryId.ShouldBe("111.222.xxx");
    }

    [Fact]
    public void Incident_text_keeps_everything_after_the_command()
    {
        var command = Map("team_id=T1&channel_id=C1&user_id=U1&command=%2Fincident&text=timeline+14%3A05+p99+%26gt%3B+2s+%3C%40U2%7Cbob%3E&trigger_id=t");
        command.Command.ShouldBe("incident");
        command.Text.ShouldBe("timeline 14:05 p99 &gt; 2s <@U2|bob>");
        command.User.Name.ShouldBe("U1");
    }

    [Theory]
    [InlineData("channel_id=C1&user_id=U1&command=%2Fincident", "team_id")]
    [InlineData("team_id=T1&user_id=U1&command=%2Fincident", "channel_id")]
    [InlineData("team_id=T1&channel_id=C1&command=%2Fincident", "user_id")]
    [InlineData("team_id=T1&channel_id=C1&user_id=U1", "command")]
    [InlineData("team_id=T1&channel_id=C1&user_id=U1&command=incident", "does not start with '/'")]
    [InlineData("", "team_id")]
    public void Missing_fields_are_a_clear_error(string body, string problem) =>
        Should.Throw<SlackPayloadException>(() => Map(body)).Message.ShouldContain(problem);

    [Fact]
    public void Invalid_utf8_is_a_clear_error() =>
        Should.Throw<SlackPayloadException>(() => FormBody.Parse(new byte[] { 0x74, 0x3d, 0xff, 0xfe }));

    [Fact]
    public void Ssl_check_is_recognised() =>
        SlashCommandMapper.IsSslCheck(FormBody.Parse("ssl_check=1&token=abc"u8)).ShouldBeTrue();

    [Fact]
    public void Duplicate_keys_keep_the_first_value() =>
        FormBody.Parse("a=1&a=2&b"u8).ShouldBe(new Dictionary<string, string>(StringComparer.Ordinal) { ["a"] = "1", ["b"] = string.Empty });

    [Theory]
    [InlineData("/postmortem draft", "postmortem", "draft")]
    [InlineData("incident   status resolved ", "incident", "status resolved")]
    [InlineData("/Incident", "incident", "")]
    public void Command_text_splits_into_word_and_rest(string text, string command, string rest)
    {
        CommandText.TrySplit(text, out var word, out var remainder).ShouldBeTrue();
        (word, remainder).ShouldBe((command, rest));
    }

    [Theory]
    [InlineData("click_me_123")]
    [InlineData("/weather 94070")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_text_is_not_a_command(string? text) => CommandText.TrySplit(text, out _, out _).ShouldBeFalse();

    [Fact]
    public void Fields_that_are_not_strings_in_socket_mode_are_kept_as_raw_json()
    {
        using var document = JsonDocument.Parse("""{"team_id":"T1","channel_id":"C1","user_id":"U1","command":"/incident","is_enterprise_install":false}""");
        document.RootElement.GetProperty("is_enterprise_install").GetRawText().ShouldBe("false");
    }
}
