using System.Diagnostics.Metrics;

namespace IncidentBot.SlackLoad;

/// <summary>
/// Listens to the storage's SQLite group-commit instruments (meter <c>IncidentBot.Storage</c>) so that each scenario can
/// say how the single writer behaved: how many writes each commit carried and how long commits took.
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

    /// <summary>Groups, average writes per group, average group time and average commit time since the last call.</summary>
    public (long Groups, double WritesPerGroup, double GroupMs, double CommitMs) TakeSnapshot()
    {
        lock (_gate)
        {
            var snapshot = _groups == 0
                ? (0L, 0.0, 0.0, 0.0)
                : (_groups, (double)_writes / _groups, _groupMs / _groups, _commitMs / _groups);
            (_groups, _writes, _commitMs, _groupMs) = (0, 0, 0, 0);
            return snapshot;
        }
    }

    public void Dispose() => _listener.Dispose();
}
