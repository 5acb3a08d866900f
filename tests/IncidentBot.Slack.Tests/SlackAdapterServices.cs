using IncidentBot.Core.Ports;
using IncidentBot.Slack.Outbound;
using IncidentBot.TestKit;
using IncidentBot.TestKit.Slack;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IncidentBot.Slack.Tests;

/// <summary>The Slack adapter alone, as the host registers it, on in-memory stores and the fake Web API.</summary>
internal static class SlackAdapterServices
{
    public static ServiceProvider Create(FakeSlackWebApi slack, TimeProvider clock, IOutbox outbox, SlackOutboxTimings? timings = null)
    {
        ArgumentNullException.ThrowIfNull(slack);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Slack:BotToken"] = "xoxb-test",
            ["Slack:SigningSecret"] = "secret",
            ["Slack:ApiBaseUrl"] = slack.BaseUrl.AbsoluteUri,
        }).Build();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.ClearProviders())
            .AddSingleton(clock)
            .AddSingleton(outbox)
            .AddSingleton<IDeliveryLedger>(new InMemoryDeliveryLedger());
        if (timings is not null)
        {
            services.AddSingleton(timings);
        }

        return services.AddSlackAdapter(configuration).BuildServiceProvider();
    }

    /// <summary>The outbox worker the adapter registered (it is not started).</summary>
    public static SlackOutboxWorker Worker(this ServiceProvider services) =>
        services.GetServices<IHostedService>().OfType<SlackOutboxWorker>().Single();
}
