namespace Lifeline.Health;

/// <summary>
/// One target as a <see cref="TargetTable"/> holds it: the published fields of a <see cref="TargetHealthSnapshot"/>
/// (all but its counters) as plain values, times in UTC ticks (0 = none). About 80 bytes inline in the table's
/// chunks, where a snapshot object with its counters took about 250 on the heap for each of 100,000 gateways.
/// Readers on the hot path (routing) read these fields without allocating; <see cref="ToSnapshot"/> makes the record.
/// </summary>
internal readonly struct PublishedTarget
{
    private readonly long _since;
    private readonly long _computedSince;
    private readonly long _penaltyAt;
    private readonly long _suppressedUntil;
    private readonly long _callHoldUntil;
    private readonly long _smoothedRtt;

    public PublishedTarget(TargetHealthSnapshot snapshot)
    {
        TargetId = snapshot.TargetId;
        Health = snapshot.Health;
        Computed = snapshot.Computed;
        Operator = snapshot.Operator;
        Damped = snapshot.Damped;
        Penalty = snapshot.Penalty;
        _since = snapshot.Since.UtcTicks;
        _computedSince = snapshot.ComputedSince.UtcTicks;
        _penaltyAt = snapshot.PenaltyAt.UtcTicks;
        _suppressedUntil = snapshot.SuppressedUntil?.UtcTicks ?? 0;
        _callHoldUntil = snapshot.CallHoldUntil?.UtcTicks ?? 0;
        _smoothedRtt = snapshot.SmoothedRtt?.Ticks ?? -1;
    }

    /// <summary>The target; null in an empty slot.</summary>
    public string? TargetId { get; }

    public TargetHealth Health { get; }

    public TargetHealth Computed { get; }

    public OperatorHold Operator { get; }

    public bool Damped { get; }

    public double Penalty { get; }

    public DateTimeOffset Since => Utc(_since);

    public DateTimeOffset ComputedSince => Utc(_computedSince);

    public DateTimeOffset? CallHoldUntil => _callHoldUntil == 0 ? null : Utc(_callHoldUntil);

    /// <summary>The record readers outside the hot path use (its counters are empty: the board's <c>Capture</c> has them).</summary>
    public TargetHealthSnapshot ToSnapshot() => new()
    {
        TargetId = TargetId!,
        Health = Health,
        Since = Since,
        Computed = Computed,
        ComputedSince = ComputedSince,
        Operator = Operator,
        Penalty = Penalty,
        PenaltyAt = Utc(_penaltyAt),
        Damped = Damped,
        SuppressedUntil = _suppressedUntil == 0 ? null : Utc(_suppressedUntil),
        CallHoldUntil = CallHoldUntil,
        SmoothedRtt = _smoothedRtt < 0 ? null : TimeSpan.FromTicks(_smoothedRtt),
    };

    /// <summary>
    /// The share of new calls this target should get at <paramref name="now"/> (see
    /// <see cref="TargetHealthSnapshot.TrafficShare"/>).
    /// </summary>
    public double TrafficShare(DateTimeOffset now, RecoveryOptions recovery) => Health switch
    {
        TargetHealth.Up or TargetHealth.Suspect => 1.0,
        TargetHealth.Recovering => recovery.ShareAfter(now - ComputedSince),
        _ => 0.0,
    };

    private static DateTimeOffset Utc(long utcTicks) => new(utcTicks, TimeSpan.Zero);
}
