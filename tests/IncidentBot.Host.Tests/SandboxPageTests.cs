using System.Net;

namespace IncidentBot.Host.Tests;

public sealed class SandboxPageTests(IncidentBotApp app) : IClassFixture<IncidentBotApp>
{
    [Fact]
    public async Task Serves_the_chat_page_at_the_root()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync(new Uri("/", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("IncidentBot sandbox");
        html.ShouldContain("/sandbox/assets/sandbox.js");
        html.ShouldContain("/sandbox/assets/sandbox.css");
    }

    [Fact]
    public async Task Page_forbids_inline_script_and_foreign_content()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync(new Uri("/", UriKind.Relative));

        var policy = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        policy.ShouldContain("script-src 'self'");
        policy.ShouldNotContain("unsafe-inline");
        response.Headers.GetValues("X-Content-Type-Options").ShouldContain(v => v == "nosniff");
    }

    [Theory]
    [InlineData("sandbox.js", "text/javascript")]
    [InlineData("sandbox.css", "text/css")]
    public async Task Serves_the_page_assets(string file, string mediaType)
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync(new Uri($"/sandbox/assets/{file}", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(mediaType);
        (await response.Content.ReadAsStringAsync()).Length.ShouldBeGreaterThan(100);
    }

    [Fact]
    public async Task Unknown_assets_are_404()
    {
        using var client = app.CreateClient();

        (await client.GetAsync(new Uri("/sandbox/assets/nope.js", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Page_script_never_puts_peoples_text_into_html()
    {
        using var client = app.CreateClient();

        var script = await client.GetStringAsync(new Uri("/sandbox/assets/sandbox.js", UriKind.Relative));

        // The one innerHTML is the bot's server-rendered Markdown; everything else goes through textContent.
        script.Split("innerHTML").Length.ShouldBe(2);
        script.ShouldContain("markdown.innerHTML = message.html");
    }
}
