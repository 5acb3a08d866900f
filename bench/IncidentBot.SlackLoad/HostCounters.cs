using System.Diagnostics;

namespace IncidentBot.SlackLoad;

/// <summary>
/// What a host process has used since it started: CPU time, managed allocations, and its SQLite single writer (commits,
/// the writes they carried, time spent in groups and in COMMITs; zeros on PostgreSQL). Read at two moments and
/// subtracted, it says what a scenario cost.
/// </summary>
internal sealed record HostCounters(double CpuMicroseconds, long AllocatedBytes, long Groups, long Writes, double GroupMilliseconds, double CommitMilliseconds)
{
    public static HostCounters OfThisProcess(WriterStats writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var usage = ProcessUsage.OfThisProcess();
        var (groups, writes, groupMs, commitMs) = writer.Totals();
        return new HostCounters(usage.Cpu.TotalMicroseconds, usage.AllocatedBytes, groups, writes, groupMs, commitMs);
    }

    public HostCounters Since(HostCounters earlier) => new(
        CpuMicroseconds - earlier.CpuMicroseconds,
        AllocatedBytes - earlier.AllocatedBytes,
        Groups - earlier.Groups,
        Writes - earlier.Writes,
        GroupMilliseconds - earlier.GroupMilliseconds,
        CommitMilliseconds - earlier.CommitMilliseconds);
}

/// <summary>CPU time and managed allocations of one process so far.</summary>
internal sealed record ProcessUsage(TimeSpan Cpu, long AllocatedBytes)
{
    public static ProcessUsage OfThisProcess()
    {
        using var process = Process.GetCurrentProcess();
        return new ProcessUsage(process.TotalProcessorTime, GC.GetTotalAllocatedBytes());
    }
}

/// <summary>
/// What a scenario's measured window used: <see cref="Cpu"/> and <see cref="AllocatedBytes"/> of the host and the load
/// generator together, and <see cref="HostCpu"/> of the host alone when it runs in a process of its own (unknown when
/// the two share this process).
/// </summary>
internal sealed record MeasuredUsage(TimeSpan Cpu, long AllocatedBytes, TimeSpan? HostCpu)
{
    public MeasuredUsage Since(MeasuredUsage earlier) => new(Cpu - earlier.Cpu, AllocatedBytes - earlier.AllocatedBytes, HostCpu - earlier.HostCpu);
}

/// <summary>The bench incident's timeline entries from slash commands (notes) and from channel messages, withdrawn ones included.</summary>
internal sealed record StoredCounts(long Notes, long Messages);
