using System.Diagnostics.Metrics;

namespace IncidentBot.SlackLoad;

/// <summary>
/// Listens, in the host's process, to the storage's SQLite group-commit instruments (meter <c>IncidentBot.Storage</c>)
/// so that each scenario can say how the single writer behaved: how many writes each commit carried and how long commits
/// took.
/// </summary>
internal sealed class WriterStats : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private long _groups;
    private long _writes;
    private double _commitMs;
    private double _groupMs;

    public WriterStats()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "IncidentBot.Storage")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) =>
        {
            if (instrument.Name == "incidentbot.storage.sqlite.group.size")
            {
                lock (_gate)
                {
                    _groups++;
                    _writes += value;
                }
            }
        });
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            lock (_gate)
            {
                if (instrument.Name == "incidentbot.storage.sqlite.group.commit.duration")
                {
                    _commitMs += value;
                }
                else if (instrument.Name == "incidentbot.storage.sqlite.group.duration")
                {
                    _groupMs += value;
                }
            }
        });
        _listener.Start();
    }

    /// <summary>Groups committed, the writes they carried, and the milliseconds spent in groups and in their COMMITs, since the start.</summary>
    public (long Groups, long Writes, double GroupMs, double CommitMs) Totals()
    {
        lock (_gate)
        {
            return (_groups, _writes, _groupMs, _commitMs);
        }
    }

    public void Dispose() => _listener.Dispose();
}
