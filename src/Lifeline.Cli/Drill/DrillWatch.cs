namespace Lifeline.Cli.Drill;

/// <summary>
/// Reads the samples of one drill and works out what an operator wants to know: did traffic leave the drained trunk,
/// how fast, did the other trunks carry it, was any call lost, and did traffic come back after the restore. Pure:
/// samples in, a report out.
/// </summary>
internal sealed class DrillWatch
{
    private readonly string _trunk;
    private readonly TrafficSample _before;
    private TrafficSample _drainedAt;
    private TrafficSample _last;
    private TrafficSample? _drainEnd;
    private TrafficSample? _restoredAt;
    private DateTimeOffset? _lastReachedDrained;
    private DateTimeOffset? _trafficBack;

    /// <param name="trunk">The trunk drilled.</param>
    /// <param name="before">The sample read just before the drain.</param>
    public DrillWatch(string trunk, TrafficSample before)
    {
        _trunk = trunk;
        _before = before;
        _drainedAt = before;
        _last = before;
    }

    /// <summary>The trunk was drained; <paramref name="sample"/> was read right after the daemon confirmed it.</summary>
    public void Drained(TrafficSample sample)
    {
        // Calls that reached the trunk between the last read and the drain's confirmation were sent before the drain.
        _drainedAt = sample;
        _last = sample;
    }

    /// <summary>One sample while the trunk is drained.</summary>
    public void WhileDrained(TrafficSample sample)
    {
        if (sample.AttemptsOf(_trunk) > _last.AttemptsOf(_trunk))
        {
            _lastReachedDrained = sample.At;
        }

        _last = sample;
    }

    /// <summary>The trunk was enabled again; <paramref name="sample"/> was read right after.</summary>
    public void Restored(TrafficSample sample)
    {
        // Calls in this sample may already have gone to the restored trunk: it opens the return, not the drain.
        _drainEnd = _last;
        _restoredAt = sample;
        _last = sample;
    }

    /// <summary>One sample after the restore, while waiting for traffic to come back.</summary>
    public void AfterRestore(TrafficSample sample)
    {
        if (_restoredAt is not null && _trafficBack is null && sample.AttemptsOf(_trunk) > _restoredAt.AttemptsOf(_trunk))
        {
            _trafficBack = sample.At;
        }

        _last = sample;
    }

    /// <summary>Whether calls reached the trunk again after the restore.</summary>
    public bool TrafficIsBack => _trafficBack is not null;

    /// <summary>The report so far.</summary>
    public DrillReport Report()
    {
        var end = _drainEnd ?? _last;
        var drainedStart = _drainedAt.At;
        return new DrillReport(
            Trunk: _trunk,
            CallsDuringDrain: end.Received - _drainedAt.Received,
            CallsMoved: end.AttemptsExcept(_trunk) - _drainedAt.AttemptsExcept(_trunk),
            CallsToDrainedTrunk: end.AttemptsOf(_trunk) - _drainedAt.AttemptsOf(_trunk),
            CallsLost: _last.Lost - _before.Lost,
            TimeToMove: _lastReachedDrained is { } reached ? reached - drainedStart : TimeSpan.Zero,
            Drained: (_restoredAt ?? _last).At - drainedStart,
            TimeToReturn: _trafficBack is { } back && _restoredAt is not null ? back - _restoredAt.At : null,
            Restored: _restoredAt is not null,
            HealthAfter: _last.HealthByTrunk.GetValueOrDefault(_trunk) ?? "unknown");
    }
}
