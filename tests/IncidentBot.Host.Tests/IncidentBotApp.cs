using IncidentBot.TestKit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace IncidentBot.Host.Tests;

/// <summary>
/// The real host in memory, on a SQLite file of its own in a temp directory and a <see cref="FakeTimeProvider"/>.
/// The sandbox is switched on explicitly (<c>Sandbox:Enabled=true</c>): a <c>TestServer</c> has no network
/// address, and the sandbox's automatic mode stays off when it cannot see that the host listens on loopback only.
/// Pass a setting with a null value to leave it unset. The reminder scheduler is not started (see ConfigureWebHost).
/// </summary>
public sealed class IncidentBotApp : WebApplicationFactory<Program>
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "incidentbot-host-tests", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string?> _settings;

    public IncidentBotApp()
        : this(new Dictionary<string, string?>(StringComparer.Ordinal))
    {
    }

    internal IncidentBotApp(IReadOnlyDictionary<string, string?> settings)
    {
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:ConnectionString"] = $"Data Source={Path.Combine(_directory, "incidentbot.db")}",
            ["Sandbox:Enabled"] = "true",
        };
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }
    }

    public FakeTimeProvider Time { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_directory);
        builder.UseEnvironment(Environments.Development);
        foreach (var (key, value) in _settings)
        {
            if (value is not null)
            {
                builder.UseSetting(key, value);
            }
        }

        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);

            // The scheduler is built but not started: on a fake clock it would fire at random moments of real time.
            // Tests run the reminder job (or the delivery it calls) themselves, with the time they mean.
            services.ConfigureAll<QuartzHostedServiceOptions>(options => options.AutoStart = false);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(_directory))
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open only leaves a temp directory behind.
            }
        }
    }
}
