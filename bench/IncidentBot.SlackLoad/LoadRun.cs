using System.Diagnostics;
using System.Net;
using IncidentBot.TestKit.Slack;

namespace IncidentBot.SlackLoad;

/// <summary>What one request of a scenario is: where it goes and its body (it is signed when sent).</summary>
internal sealed record LoadRequest(string Path, string Body, string ContentType);

/// <summary>
/// A scenario: builds the request with the given number (unique in the process, rising in the order requests are sent, as
/// Slack's trigger ids and message timestamps do), and checks its answer.
/// </summary>
internal sealed record Scenario(string Name, Func<long, LoadRequest> Build, Func<HttpStatusCode, ReadOnlyMemory<byte>, bool> IsAcknowledged);

/// <summary>What a run measured: requests acknowledged in the measured window, their latencies, and every failure.</summary>
internal sealed record LoadResult(string Scenario, int Connections, TimeSpan Measured, long[] LatencyTicks, int Acknowledged, int Failed, int AcknowledgedOutsideWindow, MeasuredUsage Usage)
{
    public double Throughput => LatencyTicks.Length / Measured.TotalSeconds;

    /// <summary>
    /// CPU time of the host and the load generator together per measured request. Unlike throughput it hardly moves when
    /// other processes share the cores, so the ratio of two scenarios' figures is a steadier comparison.
    /// </summary>
    public double CpuMicrosecondsPerRequest => LatencyTicks.Length == 0 ? double.NaN : Usage.Cpu.TotalMicroseconds / LatencyTicks.Length;

    /// <summary>CPU time of the host alone per measured request, when it runs in a process of its own.</summary>
    public double? HostCpuMicrosecondsPerRequest => LatencyTicks.Length == 0 ? null : Usage.HostCpu?.TotalMicroseconds / LatencyTicks.Length;

    /// <summary>Managed memory allocated by the host and the generator together per measured request.</summary>
    public double KilobytesAllocatedPerRequest => LatencyTicks.Length == 0 ? double.NaN : Usage.AllocatedBytes / 1024.0 / LatencyTicks.Length;

    public double Percentile(double p)
    {
        if (LatencyTicks.Length == 0)
        {
            return double.NaN;
        }

        var index = (int)Math.Ceiling(p / 100 * LatencyTicks.Length) - 1;
        return LatencyTicks[Math.Clamp(index, 0, LatencyTicks.Length - 1)] * 1000.0 / Stopwatch.Frequency;
    }
}

/// <summary>
/// N connections, each sending its next signed request as soon as the previous one was answered (closed loop), for a
/// warm-up and then a measured window. Latency is from just before sending to the whole answer read.
/// </summary>
internal static class LoadRun
{
    /// <summary>
    /// The number of the last request built, over every scenario and round. It starts from this run's start time (a
    /// thousand numbers a millisecond since 2026, far more than are sent), so that a later run against the same
    /// <c>--serve</c> host sends new trigger ids and event ids, not retries of the earlier run's.
    /// </summary>
    private static long _built = (TimeProvider.System.GetUtcNow() - new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)).Ticks / TimeSpan.TicksPerMillisecond * 1000;

    /// <summary>
    /// Runs <paramref name="scenario"/>; <paramref name="readUsage"/> says what the host and the generator have used so
    /// far, and is read at the end of the warm-up and at the end of the measured window.
    /// </summary>
    public static async Task<LoadResult> RunAsync(
        Uri address, Scenario scenario, int connections, TimeSpan warmUp, TimeSpan duration, Func<CancellationToken, Task<MeasuredUsage>> readUsage, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var client = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        var signer = new SlackRequestSigner(BenchHost.SigningSecret, TimeProvider.System);

        var started = Stopwatch.GetTimestamp();
        var measureFrom = started + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        var stopAt = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, connections)
            .Select(_ => Task.Run(() => WorkAsync(client, signer, scenario, measureFrom, stopAt, cancellationToken), cancellationToken))
            .ToArray();
        var usage = MeasureUsageAsync(warmUp, duration, readUsage, cancellationToken);
        var results = await Task.WhenAll(workers);

        var latencies = results.SelectMany(r => r.Latencies).ToArray();
        Array.Sort(latencies);
        return new LoadResult(
            scenario.Name,
            connections,
            duration,
            latencies,
            results.Sum(r => r.Latencies.Count),
            results.Sum(r => r.Failed),
            results.Sum(r => r.AcknowledgedOutsideWindow),
            await usage);
    }

    /// <summary>What the host and the generator used from the end of the warm-up to the end of the measured window.</summary>
    private static async Task<MeasuredUsage> MeasureUsageAsync(
        TimeSpan warmUp, TimeSpan duration, Func<CancellationToken, Task<MeasuredUsage>> readUsage, CancellationToken cancellationToken)
    {
        await Task.Delay(warmUp, cancellationToken);
        var from = await readUsage(cancellationToken);
        await Task.Delay(duration, cancellationToken);
        return (await readUsage(cancellationToken)).Since(from);
    }

    private static async Task<WorkerResult> WorkAsync(
        HttpClient client, SlackRequestSigner signer, Scenario scenario, long measureFrom, long stopAt, CancellationToken cancellationToken)
    {
        var result = new WorkerResult();

        // The answer is read into one buffer per connection and checked as UTF-8, so that the generator, which shares
        // the cores with the server, spends as little on a command's answer as on the bare endpoint's empty one.
        var answer = new byte[64 * 1024];
        while (true)
        {
            var before = Stopwatch.GetTimestamp();
            if (before >= stopAt)
            {
                return result;
            }

            var next = scenario.Build(Interlocked.Increment(ref _built));
            using var request = signer.Create(next.Path, next.Body, next.ContentType);
            bool acknowledged;
            try
            {
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                await using var content = await response.Content.ReadAsStreamAsync(cancellationToken);
                var length = 0;
                for (int read; length < answer.Length && (read = await content.ReadAsync(answer.AsMemory(length), cancellationToken)) > 0;)
                {
                    length += read;
                }

                acknowledged = scenario.IsAcknowledged(response.StatusCode, answer.AsMemory(0, length));
            }
            catch (HttpRequestException)
            {
                acknowledged = false;
            }

            var after = Stopwatch.GetTimestamp();
            if (!acknowledged)
            {
                result.Failed++;
            }
            else if (before >= measureFrom && after <= stopAt)
            {
                result.Latencies.Add(after - before);
            }
            else
            {
                result.AcknowledgedOutsideWindow++;
            }
        }
    }

    private sealed class WorkerResult
    {
        public List<long> Latencies { get; } = new(capacity: 1 << 14);

        public int Failed { get; set; }

        public int AcknowledgedOutsideWindow { get; set; }
    }
}
