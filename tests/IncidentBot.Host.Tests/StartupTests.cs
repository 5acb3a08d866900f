using System.Collections.Concurrent;
using System.Diagnostics;
using IncidentBot.Core;
using IncidentBot.Host.Options;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace IncidentBot.Host.Tests;

public sealed class StartupTests
{
    [Fact]
    public async Task The_host_process_stops_naming_the_key_and_value_of_an_unknown_time_zone()
    {
        var directory = Directory.CreateTempSubdirectory("incidentbot-startup-");
        try
        {
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
                WorkingDirectory = directory.FullName,
            };
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "IncidentBot.Host.dll"));
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
            start.Environment["Storage__ConnectionString"] = $"Data Source={Path.Combine(directory.FullName, "incidentbot.db")}";
            start.Environment["Incidents__TimeZone"] = "Mars/Olympus";

            using var process = Process.Start(start).ShouldNotBeNull();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException stillRunning)
            {
                process.Kill(entireProcessTree: true);
                throw new ShouldAssertException("The host kept running with Incidents:TimeZone=Mars/Olympus.", stillRunning);
            }

            var said = await output + await errors;
            process.ExitCode.ShouldNotBe(0);
            said.ShouldContain("Incidents:TimeZone 'Mars/Olympus' is not a known IANA time zone");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Start_up_under_test_fails_and_logs_the_key_and_value_of_an_unknown_time_zone()
    {
        var logged = new ConcurrentQueue<string>();
        using var app = new IncidentBotApp(new Dictionary<string, string?>(StringComparer.Ordinal) { ["Incidents:TimeZone"] = "Mars/Olympus" });
        using var observed = app.WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(logged))));

        var failure = Should.Throw<Exception>(() => observed.CreateClient());

        // The host logs why it failed before it is disposed; what the factory rethrows can be either that
        // exception or, when the disposal wins the race, an ObjectDisposedException.
        var said = string.Join(" | ", StartupFailure.Chain(failure).Select(e => e.Message).Concat(logged));
        said.ShouldContain("Incidents:TimeZone 'Mars/Olympus'", customMessage: failure.ToString());
    }

    [Fact]
    public async Task Starts_with_a_valid_iana_time_zone()
    {
        using var app = new IncidentBotApp(new Dictionary<string, string?>(StringComparer.Ordinal) { ["Incidents:TimeZone"] = "Europe/Berlin" });
        using var client = app.CreateClient();

        var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        response.IsSuccessStatusCode.ShouldBeTrue();
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("Europe/Berlin")]
    [InlineData("America/New_York")]
    public void Accepts_iana_zones(string zone) =>
        new IncidentOptionsValidator().Validate(null, new IncidentOptions { TimeZone = zone }).Succeeded.ShouldBeTrue();

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Mars/Olympus")]
    [InlineData("Pacific Standard Time")]
    public void Rejects_what_is_not_an_iana_zone(string zone)
    {
        var result = new IncidentOptionsValidator().Validate(null, new IncidentOptions { TimeZone = zone });

        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldContain("Incidents:TimeZone");
    }
}
