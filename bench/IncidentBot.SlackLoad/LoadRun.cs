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
internal sealed record LoadResult(string Scenario, int Connections, TimeSpan Measured, long[] LatencyTicks, int Acknowledged, int Failed, int AcknowledgedOutsideWindow, TimeSpan ProcessCpu, long AllocatedBytes)
{
    public double Throughput => LatencyTicks.Length / Measured.TotalSeconds;

    /// <summary>
    /// CPU time of this whole process (server and load generator) per measured request. Unlike throughput it hardly
    /// moves when other processes share the cores, so the ratio of two scenarios' figures is a steadier comparison.
    /// </summary>
    public double CpuMicrosecondsPerRequest => LatencyTicks.Length == 0 ? double.NaN : ProcessCpu.TotalMicroseconds / LatencyTicks.Length;

    /// <summary>Managed memory allocated by the whole process per measured request (server and generator).</summary>
    public double KilobytesAllocatedPerRequest => LatencyTicks.Length == 0 ? double.NaN : AllocatedBytes / 1024.0 / LatencyTicks.Length;

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
    /// <summary>Requests built so far in this process, over every scenario and round.</summary>
    private static long _built;

    public static async Task<LoadResult> RunAsync(Uri address, Scenario scenario, int connections, TimeSpan warmUp, TimeSpan duration, CancellationToken cancellationToken)
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
        var cpu = MeasureProcessCpuAsync(warmUp, duration, cancellationToken);
        var results = await Task.WhenAll(workers);
        var (processCpu, allocated) = await cpu;

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
            processCpu,
            allocated);
    }

    /// <summary>The process's CPU time and allocations from the end of the warm-up to the end of the measured window.</summary>
    private static async Task<(TimeSpan Cpu, long Allocated)> MeasureProcessCpuAsync(TimeSpan warmUp, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var process = Process.GetCurrentProcess();
        await Task.Delay(warmUp, cancellationToken);
        process.Refresh();
        var (cpuFrom, allocatedFrom) = (process.TotalProcessorTime, GC.GetTotalAllocatedBytes());
        await Task.Delay(duration, cancellationToken);
        process.Refresh();
        return (process.TotalProcessorTime - cpuFrom, GC.GetTotalAllocatedBytes() - allocatedFrom);
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
