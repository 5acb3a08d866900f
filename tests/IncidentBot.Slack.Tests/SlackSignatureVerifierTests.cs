using System.Text;
using System.Text.Json;
using IncidentBot.Slack.Verification;
using IncidentBot.TestKit;
using IncidentBot.TestKit.Slack;
using Microsoft.Extensions.Options;

namespace IncidentBot.Slack.Tests;

public sealed class SlackSignatureVerifierTests
{
    private static readonly JsonElement Vector = Fixtures.Json("signing-vector-slack-docs.json").RootElement;
    private static readonly string Secret = Vector.GetProperty("signing_secret").GetString()!;
    private static readonly string Timestamp = Vector.GetProperty("x_slack_request_timestamp").GetString()!;
    private static readonly string Body = Vector.GetProperty("raw_body").GetString()!;
    private static readonly string Signature = Vector.GetProperty("expected_x_slack_signature").GetString()!;
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(1531420618);

    private static SlackSignatureVerifier Verifier(DateTimeOffset now, string? secret = null) =>
        new(Options.Create(new SlackOptions { SigningSecret = secret ?? Secret, BotToken = "xoxb-1" }), new FakeTimeProvider(now));

    private static SignatureCheck Check(SlackSignatureVerifier verifier, string? timestamp, string? signature, string body) =>
        verifier.Verify(timestamp, signature, Encoding.UTF8.GetBytes(body));

    [Fact]
    public void Accepts_the_documented_vector_at_its_timestamp() =>
        Check(Verifier(SignedAt), Timestamp, Signature, Body).ShouldBe(SignatureCheck.Valid);

    [Fact]
    public void Computes_the_documented_signature() =>
        SlackSignatureVerifier.Sign(Secret, Timestamp, Encoding.UTF8.GetBytes(Body)).ShouldBe(Signature);

    [Fact]
    public void Agrees_with_the_test_kit_signer_and_the_other_published_vectors()
    {
        SlackRequestSigner.ComputeSignature(Secret, Timestamp, Body).ShouldBe(Signature);
        SlackSignatureVerifier.Sign("the-secret", "1590253817", Encoding.UTF8.GetBytes("hello, world!"))
            .ShouldBe("v0=be81dff716fe0e1d65558f82a5152430fc03e1c1876e60097c7fd337ff7b22ea");
        var json = """{"type":"url_verification","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","token":"Jhj5dZrVaK7ZwHHjRyZWjbDl"}""";
        SlackSignatureVerifier.Sign(Secret, Timestamp, Encoding.UTF8.GetBytes(json))
            .ShouldBe("v0=64c1ef3c9c51aac54b804366d520b61df1f63bcadcfb2882a67d05ae6e3f6e69");
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    [InlineData(0)]
    public void Accepts_requests_within_five_minutes_either_way(int offsetSeconds) =>
        Check(Verifier(SignedAt.AddSeconds(offsetSeconds)), Timestamp, Signature, Body).ShouldBe(SignatureCheck.Valid);

    [Fact]
    public void Rejects_request_older_than_five_minutes() =>
        Check(Verifier(SignedAt.AddSeconds(301)), Timestamp, Signature, Body).ShouldBe(SignatureCheck.Stale);

    [Fact]
    public void Rejects_request_from_more_than_five_minutes_in_the_future() =>
        Check(Verifier(SignedAt.AddSeconds(-301)), Timestamp, Signature, Body).ShouldBe(SignatureCheck.Stale);

    [Fact]
    public void Rejects_a_tampered_body() =>
        Check(Verifier(SignedAt), Timestamp, Signature, Body + "------").ShouldBe(SignatureCheck.Mismatch);

    [Fact]
    public void Rejects_a_replayed_signature_with_a_new_timestamp() =>
        Check(Verifier(SignedAt.AddSeconds(10)), "1531420628", Signature, Body).ShouldBe(SignatureCheck.Mismatch);

    [Fact]
    public void Rejects_another_secret() =>
        Check(Verifier(SignedAt, "another-secret"), Timestamp, Signature, Body).ShouldBe(SignatureCheck.Mismatch);

    [Theory]
    [InlineData(null, "v0=abc")]
    [InlineData("1531420618", null)]
    [InlineData("", "")]
    public void Rejects_missing_headers(string? timestamp, string? signature) =>
        Check(Verifier(SignedAt), timestamp, signature, Body).ShouldBe(SignatureCheck.MissingHeaders);

    [Theory]
    [InlineData("v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData("a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData("V0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    public void Rejects_a_wrong_version_prefix(string signature) =>
        Check(Verifier(SignedAt), Timestamp, signature, Body).ShouldBe(SignatureCheck.WrongVersion);

    [Theory]
    [InlineData("v0=")]
    [InlineData("v0=a2114d57")]
    [InlineData("v0=zz114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b50300")]
    public void Rejects_malformed_signatures(string signature) =>
        Check(Verifier(SignedAt), Timestamp, signature, Body).ShouldBe(SignatureCheck.Mismatch);

    [Theory]
    [InlineData("not-a-number")]
    [InlineData("-1531420618")]
    [InlineData("1531420618.5")]
    [InlineData("99999999999999999999")]
    public void Rejects_malformed_timestamps(string timestamp) =>
        Check(Verifier(SignedAt), timestamp, Signature, Body).ShouldBe(SignatureCheck.MalformedTimestamp);

    [Fact]
    public void Fails_closed_without_a_signing_secret()
    {
        var verifier = new SlackSignatureVerifier(Options.Create(new SlackOptions()), new FakeTimeProvider(SignedAt));
        Check(verifier, Timestamp, Signature, Body).ShouldBe(SignatureCheck.NotConfigured);
    }
}
