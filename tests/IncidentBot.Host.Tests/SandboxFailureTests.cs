using System.Net;
using System.Reflection;
using IncidentBot.Core.Ports;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IncidentBot.Host.Tests;

/// <summary>When the incident store is down, the sandbox answers plainly and the person's own message stands.</summary>
public sealed class SandboxFailureTests : IDisposable
{
    private readonly IncidentBotApp _app = new();
    private readonly SandboxClient _sandbox;

    public SandboxFailureTests()
    {
        var factory = _app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IIncidentStore>();
            services.AddSingleton(DispatchProxy.Create<IIncidentStore, UnavailableStore>());
        }));
        _sandbox = new SandboxClient(factory.CreateClient());
    }

    [Fact]
    public async Task A_failing_command_never_shows_a_stack_trace_or_half_a_reply()
    {
        var response = await _sandbox.RunCommandAsync("alice", "outage", "/incident declare Database is down sev1");

        var body = await response.Content.ReadAsStringAsync();
        body.ShouldNotContain("   at ");
        body.ShouldNotContain("Exception");
        if (response.StatusCode == HttpStatusCode.InternalServerError)
        {
            body.ShouldContain("Command failed");
            (await _sandbox.ChannelsAsync()).ShouldNotContain(c => c == "outage");
        }
    }

    [Fact]
    public async Task A_message_stands_when_the_bot_cannot_capture_it()
    {
        var posted = await _sandbox.PostedAsync("alice", "outage-chat", "is the DB down for everyone?");

        posted.Capture.ShouldBe("failed");
        (await _sandbox.MessagesAsync("outage-chat", "bob")).Messages.ShouldContain(m => m.Text == "is the DB down for everyone?");
    }

    public void Dispose()
    {
        _sandbox.Http.Dispose();
        _app.Dispose();
    }

    /// <summary>An incident store whose every call fails, as during a database outage.</summary>
    public class UnavailableStore : DispatchProxy
    {
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            throw new InvalidOperationException("The database is unreachable.");
    }
}
