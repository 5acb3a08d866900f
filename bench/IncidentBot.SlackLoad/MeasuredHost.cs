using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IncidentBot.TestKit.Slack;

namespace IncidentBot.SlackLoad;

/// <summary>The host under load, wherever it runs: its address, what it has used so far, and what it has stored.</summary>
internal interface IMeasuredHost : IAsyncDisposable
{
    Uri Address { get; }

    /// <summary>Where it runs and on what storage, for the report's header.</summary>
    string Description { get; }

    /// <summary>Whether it shares this process with the load generator (its CPU and allocations then include the generator's).</summary>
    bool InThisProcess { get; }

    Task<HostCounters> ReadCountersAsync(CancellationToken cancellationToken);

    Task<StoredCounts> CountStoredAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The host started by this process: a fresh storage, the fake Slack Web API, <see cref="BenchHost"/> on Kestrel, and the
/// bench incident declared in <see cref="BenchHost.Channel"/>. Measured in this process, or served to a generator elsewhere.
/// </summary>
internal sealed class ServedHost : IMeasuredHost
{
    private readonly BenchStorage _storage;
    private readonly FakeSlackWebApi _slack;
    private readonly BenchHost _host;

    private ServedHost(BenchStorage storage, FakeSlackWebApi slack, BenchHost host)
    {
        (_storage, _slack, _host) = (storage, slack, host);
        Address = host.Address;
    }

    public Uri Address { get; }

    public string Description => $"in this process, with {_storage.Description}";

    public bool InThisProcess => true;

    public static async Task<ServedHost> StartAsync(IPEndPoint listen, string? postgres, CancellationToken cancellationToken)
    {
        // WebApplicationFactory finds the host's content root through MvcTestingAppManifest.json in the current directory.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        var storage = await BenchStorage.CreateAsync(postgres, cancellationToken);
        FakeSlackWebApi? slack = null;
        BenchHost? host = null;
        try
        {
            slack = await FakeSlackWebApi.StartAsync(cancellationToken);
            host = new BenchHost(storage, slack.BaseUrl, listen);
            host.StartServer();
            var served = new ServedHost(storage, slack, host);
            await DeclareAsync(served.Address, cancellationToken);
            return served;
        }
        catch
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }

            if (slack is not null)
            {
                await slack.DisposeAsync();
            }

            await storage.DisposeAsync();
            throw;
        }
    }

    public Task<HostCounters> ReadCountersAsync(CancellationToken cancellationToken) => Task.FromResult(_host.ReadCounters());

    public Task<StoredCounts> CountStoredAsync(CancellationToken cancellationToken) => _host.CountStoredAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _slack.DisposeAsync();
        await _storage.DisposeAsync();
    }

    private static async Task DeclareAsync(Uri address, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = address };
        var signer = new SlackRequestSigner(BenchHost.SigningSecret, TimeProvider.System);
        using var request = signer.Form("/slack/commands", LoadTool.Command("declare Load test sev3", "declare.bench"));
        using var response = await client.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode || !body.Contains("INC-1", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Declaring the bench incident failed: {(int)response.StatusCode} {body}");
        }
    }
}

/// <summary>
/// A host in another process, reached over HTTP: one this tool started on this machine (<c>--host process</c>: this
/// program with <c>--serve 127.0.0.1:0</c>, stopped by closing its input), or one someone started with <c>--serve</c>.
/// </summary>
internal sealed class RemoteHost : IMeasuredHost
{
    private const string ListeningOn = "Listening on ";

    private readonly HttpClient _client;
    private readonly Process? _child;

    private RemoteHost(Uri address, string description, Process? child)
    {
        Address = address;
        Description = description;
        _child = child;
        _client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
    }

    public Uri Address { get; }

    public string Description { get; }

    public bool InThisProcess => false;

    public static async Task<RemoteHost> ConnectAsync(Uri address, CancellationToken cancellationToken)
    {
        var host = new RemoteHost(address, $"at {address} (started with --serve)", child: null);
        try
        {
            await host.ReadCountersAsync(cancellationToken);
            return host;
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or TaskCanceledException)
        {
            await host.DisposeAsync();
            throw new InvalidOperationException($"No IncidentBot load host answers at {address}: start one with --serve ADDRESS:PORT and give the address it prints. ({exception.Message})", exception);
        }
    }

    /// <summary>Starts this program with <c>--serve 127.0.0.1:0</c> and waits for the address it prints.</summary>
    public static async Task<RemoteHost> StartChildAsync(string? postgres, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? throw new InvalidOperationException("This process's executable is unknown."))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            // Run as `dotnet IncidentBot.SlackLoad.dll`: the child needs the assembly too.
            start.ArgumentList.Add(typeof(RemoteHost).Assembly.Location);
        }

        foreach (var argument in postgres is null ? ["--serve", "127.0.0.1:0"] : new[] { "--serve", "127.0.0.1:0", "--postgres", postgres })
        {
            start.ArgumentList.Add(argument);
        }

        var child = Process.Start(start) ?? throw new InvalidOperationException("The host's process did not start.");
        var address = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        child.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                address.TrySetException(new InvalidOperationException("The host's process ended before it was listening."));
            }
            else if (line.Data.StartsWith(ListeningOn, StringComparison.Ordinal))
            {
                address.TrySetResult(new Uri(line.Data[ListeningOn.Length..].Split(' ')[0]));
            }
            else
            {
                Console.Error.WriteLine($"host: {line.Data}");
            }
        };
        child.BeginOutputReadLine();
        try
        {
            var listening = await address.Task.WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);
            var storage = postgres is null ? "a fresh SQLite file" : "a fresh schema in the given PostgreSQL database";
            return new RemoteHost(listening, $"in a process of its own (pid {child.Id}) on this machine, with {storage}", child);
        }
        catch
        {
            child.Kill(entireProcessTree: true);
            child.Dispose();
            throw;
        }
    }

    public async Task<HostCounters> ReadCountersAsync(CancellationToken cancellationToken) =>
        await _client.GetFromJsonAsync<HostCounters>(BenchHost.CountersPath, JsonSerializerOptions.Web, cancellationToken)
            ?? throw new JsonException($"{Address} answered {BenchHost.CountersPath} with null.");

    public async Task<StoredCounts> CountStoredAsync(CancellationToken cancellationToken) =>
        await _client.GetFromJsonAsync<StoredCounts>(BenchHost.StoredPath, JsonSerializerOptions.Web, cancellationToken)
            ?? throw new JsonException($"{Address} answered {BenchHost.StoredPath} with null.");

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        if (_child is null)
        {
            return;
        }

        // End of input stops a --serve host, which then removes its storage.
        _child.StandardInput.Close();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _child.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            _child.Kill(entireProcessTree: true);
        }

        _child.Dispose();
    }
}
