using IncidentBot.Core.Ports;
using IncidentBot.TestKit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IncidentBot.Slack.Tests;

public sealed class SlackOptionsValidatorTests
{
    private static ValidateOptionsResult Validate(SlackOptions options) => new SlackOptionsValidator().Validate(null, options);

    private static SlackOptions Http() => new() { BotToken = "xoxb-123", SigningSecret = "8f742231b10e8888abcd99yyyzzz85a5" };

    [Fact]
    public void Slack_left_unconfigured_is_valid_and_disabled()
    {
        var options = new SlackOptions();
        Validate(options).Succeeded.ShouldBeTrue();
        options.Enabled.ShouldBeFalse();
    }

    [Fact]
    public void Http_mode_with_bot_token_and_signing_secret_is_valid() => Validate(Http()).Succeeded.ShouldBeTrue();

    [Fact]
    public void Socket_mode_needs_no_signing_secret()
    {
        var options = new SlackOptions { BotToken = "xoxb-123", AppToken = "xapp-1-A111-222" };
        Validate(options).Succeeded.ShouldBeTrue();
        options.SocketMode.ShouldBeTrue();
    }

    [Fact]
    public void A_bot_token_without_a_signing_secret_fails_naming_the_key()
    {
        var result = Validate(new SlackOptions { BotToken = "xoxb-123" });
        result.Failed.ShouldBeTrue();
        result.FailureMessage!.ShouldContain("Slack:SigningSecret");
    }

    [Theory]
    [InlineData("xoxp-123", "Slack:BotToken")]
    [InlineData("abc", "Slack:BotToken")]
    public void A_token_of_the_wrong_kind_fails_naming_the_key(string token, string key)
    {
        var options = Http();
        options.BotToken = token;
        var failed = Validate(options);
        failed.Failed.ShouldBeTrue();
        failed.FailureMessage!.ShouldContain(key);
        failed.FailureMessage!.ShouldNotContain(token);
    }

    [Fact]
    public void An_app_token_must_be_an_xapp_token()
    {
        var options = Http();
        options.AppToken = "xoxb-not-an-app-token";
        Validate(options).FailureMessage!.ShouldContain("Slack:AppToken");
    }

    [Theory]
    [InlineData("SigningSecret")]
    [InlineData("AppToken")]
    public void Half_configured_slack_without_a_bot_token_fails(string key)
    {
        var options = new SlackOptions();
        if (key == "SigningSecret")
        {
            options.SigningSecret = "secret";
        }
        else
        {
            options.AppToken = "xapp-1";
        }

        Validate(options).FailureMessage!.ShouldContain("Slack:BotToken");
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("/api/")]
    [InlineData("ftp://slack.com/api/")]
    [InlineData("http://slack.com/api/")]
    [InlineData("https://slack.com/api/?x=1")]
    public void A_bad_api_base_url_fails_naming_the_key(string url)
    {
        var options = Http();
        options.ApiBaseUrl = url;
        Validate(options).FailureMessage!.ShouldContain("Slack:ApiBaseUrl");
    }

    [Theory]
    [InlineData("http://127.0.0.1:5111/api/")]
    [InlineData("http://localhost:5111/api/")]
    [InlineData("https://slack-gov.com/api")]
    public void Loopback_http_and_other_https_hosts_are_accepted(string url)
    {
        var options = Http();
        options.ApiBaseUrl = url;
        Validate(options).Succeeded.ShouldBeTrue();
        options.ApiBaseUri.AbsoluteUri.ShouldEndWith("/api/");
    }

    [Theory]
    [InlineData(":pushpin:")]
    [InlineData("")]
    [InlineData("Push Pin")]
    public void A_malformed_timeline_reaction_fails(string reaction)
    {
        var options = Http();
        options.TimelineReaction = reaction;
        Validate(options).FailureMessage!.ShouldContain("Slack:TimelineReaction");
    }

    [Fact]
    public void Defaults_match_the_design()
    {
        var options = new SlackOptions();
        options.ApiBaseUrl.ShouldBe("https://slack.com/api/");
        options.CreateIncidentChannels.ShouldBeTrue();
        options.TimelineReaction.ShouldBe("pushpin");
    }

    [Fact]
    public async Task Start_up_stops_when_a_bot_token_has_no_signing_secret()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal) { ["Slack:BotToken"] = "xoxb-123" });
        builder.Services.AddSingleton<IOutbox>(new InMemoryOutbox()).AddSingleton<IDeliveryLedger>(new InMemoryDeliveryLedger());
        builder.Services.AddSlackAdapter(builder.Configuration);
        using var host = builder.Build();

        var failure = await Should.ThrowAsync<OptionsValidationException>(() => host.StartAsync());
        failure.Message.ShouldContain("Slack:SigningSecret");
    }
}
