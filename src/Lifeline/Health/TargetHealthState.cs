namespace Lifeline.Health;

/// <summary>
/// The mutable runtime health of one target: computed health, operator override, damping, detectors, streaks,
/// RTT and counters. Owned by one updater (the <see cref="HealthBoard"/>) and only touched under its lock; not
/// thread-safe. Readers use <see cref="TargetHealthSnapshot"/>.
/// </summary>
internal sealed class TargetHealthState
{
    private const int RecentSignalCount = 8;

    // 100,000 gateways each hold one of these, so times are kept as UTC ticks (0 = none) rather than nullable
    // DateTimeOffsets, the RTT estimator lives inside, and the eight recent signals are allocated only while they
    // matter: from the first failure until the target is Up again with eight successes in a row. Until then the
    // latest signal alone is kept.
    private RecentSignal[]? _recent;
    private RecentSignal _latest;
    private byte _recentNext;
    private byte _recentCount;
    private long _signals;
    private long _failures;
    private long _transitions;
    private long _downs;
    private long _heldBySelfHealth;
    private long _heldByCallOutcomes;
    private long _computedSince;
    private long _publishedSince;
    private long _callHoldUntil;
    private long _failingSince;
    private double _penalty;
    private long _penaltyAt;
    private SignalKind _successStreakKind;
    private bool _successStreakMixed;
    private bool _hasLatest;

    /// <summary>The target's RTT statistics (a mutable struct: use it through this field).</summary>
    public RttEstimator Rtt = new();

    public TargetHealthState(string targetId, HealthOptions options, DateTimeOffset now)
    {
        TargetId = targetId;
        Options = options;
        Liveness = FailureDetectors.Create(options.Probes);
        Calls = FailureDetectors.Create(options.Calls);
        _computedSince = now.UtcTicks;
        _publishedSince = now.UtcTicks;
        _penaltyAt = now.UtcTicks;
    }

    public string TargetId { get; }

    /// <summary>The target's number on its board (an index into the board's arrays); -1 when not on a board.</summary>
    public int Slot { get; set; } = -1;

    /// <summary>Listed among the targets the board's tick visits (the list drops it lazily once it is quiet).</summary>
    public bool PendingListed { get; set; }

    /// <summary>Whether the board's tick should visit it (see <c>HealthBoard.NeedsTicks</c>).</summary>
    public bool Pending { get; set; }

    /// <summary>Listed among the targets to publish with the board's next snapshot.</summary>
    public bool ChangedListed { get; set; }

    public HealthOptions Options { get; }

    /// <summary>Detector for probes, registrations and process checks (and call successes, which prove the target reachable).</summary>
    public IFailureDetector Liveness { get; }

    /// <summary>Detector for call outcomes.</summary>
    public IFailureDetector Calls { get; }

    /// <summary>Health computed from signals: Up, Suspect, Down or Recovering. Starts Up.</summary>
    public TargetHealth Computed { get; private set; } = TargetHealth.Up;

    public DateTimeOffset ComputedSince => Utc(_computedSince);

    /// <summary>The health last published (what routing and the journal saw).</summary>
    public TargetHealth Published { get; private set; } = TargetHealth.Up;

    public DateTimeOffset PublishedSince => Utc(_publishedSince);

    public OperatorHold Operator { get; set; }

    public FlapPenalty Penalty
    {
        get => new(_penalty, Utc(_penaltyAt));
        set
        {
            _penalty = value.Value;
            _penaltyAt = value.At.UtcTicks;
        }
    }

    /// <summary>Suppressed for flapping.</summary>
    public bool Damped { get; set; }

    /// <summary>Until when successful probes are ignored after a Down decided by calls.</summary>
    public DateTimeOffset? CallHoldUntil
    {
        get => _callHoldUntil == 0 ? null : Utc(_callHoldUntil);
        set => _callHoldUntil = value?.UtcTicks ?? 0;
    }

    /// <summary>Successes in a row, of any kind.</summary>
    public int SuccessStreak { get; private set; }

    /// <summary>Kind of the successes in the current streak; null when mixed.</summary>
    public SignalKind? SuccessStreakKind => SuccessStreak == 0 || _successStreakMixed ? null : _successStreakKind;

    /// <summary>Liveness failures (probes, registrations, process checks) in a row; any success ends the run.</summary>
    public int LivenessFailureStreak { get; private set; }

    /// <summary>Call failures in a row; only a call success ends the run (a trunk can answer OPTIONS and fail calls).</summary>
    public int CallFailureStreak { get; private set; }

    /// <summary>When the current run of failures began; null when the latest signal was a success.</summary>
    public DateTimeOffset? FailingSince => _failingSince == 0 ? null : Utc(_failingSince);

    /// <summary>Whether a run of failures is going on (the latest signal was a failure).</summary>
    public bool IsFailing => _failingSince != 0;

    public bool HasSignals => _signals > 0;

    /// <summary>Recent signals are kept in full (eight of them) right now; false while only the latest is.</summary>
    internal bool KeepsRecentSignals => _recent is not null;

    /// <summary>
    /// The health to publish: the operator's state if any, else Down while damped, else the computed health.
    /// </summary>
    public TargetHealth Effective => Operator switch
    {
        OperatorHold.Drained => TargetHealth.Drained,
        OperatorHold.Disabled => TargetHealth.Disabled,
        _ => Damped ? TargetHealth.Down : Computed,
    };

    public HealthCounters Counters => new()
    {
        Signals = _signals,
        Failures = _failures,
        Transitions = _transitions,
        Downs = _downs,
        HeldBySelfHealth = _heldBySelfHealth,
        HeldByCallOutcomes = _heldByCallOutcomes,
    };

    /// <summary>Records one signal: detectors, streaks, RTT, recent signals, counters. Decides nothing.</summary>
    public void Observe(in Signal signal)
    {
        _signals++;
        Remember(signal);

        if (signal.IsLiveness)
        {
            Liveness.Observe(signal);
            if (CallHoldUntil is not null && signal.IsFailure && Liveness.Verdict(signal.At) == DetectorVerdict.Failed)
            {
                // The probes failed too, by their own rule: the carrier was down, not only its calls, so when its
                // probes answer again that is news and the call hold no longer applies.
                CallHoldUntil = null;
            }
        }
        else
        {
            Calls.Observe(signal);
            if (signal.IsSuccess)
            {
                // The carrier processed a call: it is reachable, whatever the last probe said.
                Liveness.Observe(signal);
            }
        }

        if (signal.IsSuccess)
        {
            if (signal.Kind == SignalKind.Probe && signal.Rtt > TimeSpan.Zero)
            {
                Rtt.Add(signal.Rtt);
            }

            if (SuccessStreak == 0)
            {
                _successStreakKind = signal.Kind;
                _successStreakMixed = false;
            }
            else if (_successStreakKind != signal.Kind)
            {
                _successStreakMixed = true;
            }

            SuccessStreak++;
            LivenessFailureStreak = 0;
            if (signal.Kind == SignalKind.Call)
            {
                CallFailureStreak = 0;
            }

            _failingSince = 0;
            if (_recent is not null && SuccessStreak >= RecentSignalCount && Computed == TargetHealth.Up)
            {
                // Eight successes in a row at Up: nothing left to explain; the latest signal is enough until the next failure.
                _recent = null;
            }
        }
        else
        {
            _failures++;
            SuccessStreak = 0;
            if (signal.IsLiveness)
            {
                LivenessFailureStreak++;
            }
            else
            {
                CallFailureStreak++;
            }

            if (_failingSince == 0)
            {
                _failingSince = signal.At.UtcTicks;
            }
        }
    }

    /// <summary>Moves the computed health. Entering Recovering judges on fresh evidence; leaving Down ends the call hold.</summary>
    public void MoveTo(TargetHealth computed, DateTimeOffset now, DownCause cause = DownCause.None)
    {
        var from = Computed;
        Computed = computed;
        _computedSince = now.UtcTicks;
        switch (computed)
        {
            case TargetHealth.Down:
                _downs++;
                CallHoldUntil = cause == DownCause.Calls ? now + Options.Recovery.CallHoldTime : null;
                break;
            case TargetHealth.Recovering:
                Liveness.Reset();
                Calls.Reset();
                LivenessFailureStreak = 0;
                CallFailureStreak = 0;
                CallHoldUntil = null;
                break;
            default:
                if (from == TargetHealth.Down)
                {
                    CallHoldUntil = null;
                }

                break;
        }
    }

    /// <summary>
    /// Starts a fresh proof in Recovering (after damping is released, a Disabled target is enabled, or a restart):
    /// no success counts yet, the stable time and the ramp start now.
    /// </summary>
    public void StartProof(DateTimeOffset now)
    {
        MoveTo(TargetHealth.Recovering, now);
        SuccessStreak = 0;
        _successStreakMixed = false;
    }

    /// <summary>Records a published transition.</summary>
    public void Publish(TargetHealth health, DateTimeOffset now)
    {
        Published = health;
        _publishedSince = now.UtcTicks;
        _transitions++;
    }

    public void CountHeldBySelfHealth() => _heldBySelfHealth++;

    public void CountHeldByCallOutcomes() => _heldByCallOutcomes++;

    /// <summary>The share of new calls at <paramref name="now"/> (see <see cref="TargetHealthSnapshot.TrafficShare"/>).</summary>
    public double TrafficShare(DateTimeOffset now) => Effective switch
    {
        TargetHealth.Up or TargetHealth.Suspect => 1.0,
        TargetHealth.Recovering => Options.Recovery.ShareAfter(now - ComputedSince),
        _ => 0.0,
    };

    /// <summary>The most recent signals, oldest first (only the latest while the target has not failed lately).</summary>
    public Signal[] RecentSignals()
    {
        if (_recent is null)
        {
            return _hasLatest ? [_latest.ToSignal()] : [];
        }

        var result = new Signal[_recentCount];
        var start = (_recentNext - _recentCount + RecentSignalCount) % RecentSignalCount;
        for (var i = 0; i < _recentCount; i++)
        {
            result[i] = _recent[(start + i) % RecentSignalCount].ToSignal();
        }

        return result;
    }

    /// <summary>The most recent failure among the recent signals of the given family, if any.</summary>
    public Signal? LastFailure(bool liveness)
    {
        if (_recent is null)
        {
            // Only successes since the ring was last dropped (or nothing at all), apart from perhaps the latest signal.
            var latest = _latest.ToSignal();
            return _hasLatest && latest.IsFailure && latest.IsLiveness == liveness ? latest : null;
        }

        for (var i = 1; i <= _recentCount; i++)
        {
            var s = _recent[(_recentNext - i + RecentSignalCount) % RecentSignalCount].ToSignal();
            if (s.IsFailure && s.IsLiveness == liveness)
            {
                return s;
            }
        }

        return null;
    }

    private void Remember(in Signal signal)
    {
        var recent = new RecentSignal(signal);
        if (_recent is null && (signal.IsFailure || Computed != TargetHealth.Up))
        {
            // A failure, or a target proving itself: its transitions will want the evidence. The latest signal
            // (a success, if any) opens the ring.
            _recent = new RecentSignal[RecentSignalCount];
            _recentNext = 0;
            _recentCount = 0;
            if (_hasLatest)
            {
                Push(_latest);
            }
        }

        _latest = recent;
        _hasLatest = true;
        if (_recent is not null)
        {
            Push(recent);
        }
    }

    private void Push(RecentSignal recent)
    {
        _recent![_recentNext] = recent;
        _recentNext = (byte)((_recentNext + 1) % RecentSignalCount);
        _recentCount = (byte)Math.Min(_recentCount + 1, RecentSignalCount);
    }

    public TargetHealthSnapshot ToSnapshot(DateTimeOffset now)
    {
        var penalty = Options.Damping.Enabled ? FlapDamping.ValueAt(Penalty, now, Options.Damping) : 0;
        return new TargetHealthSnapshot
        {
            TargetId = TargetId,
            Health = Published,
            Since = PublishedSince,
            Computed = Computed,
            ComputedSince = ComputedSince,
            Operator = Operator,
            Penalty = penalty,
            PenaltyAt = now,
            Damped = Damped,
            SuppressedUntil = Damped ? now + FlapDamping.TimeToReuse(penalty, Options.Damping) : null,
            CallHoldUntil = CallHoldUntil,
            SmoothedRtt = Rtt.Smoothed,
            Counters = Counters,
        };
    }

    /// <summary>
    /// Rebuilds a target's state from its snapshot after a restart. A target that was Down, Recovering or damped
    /// stays out until it proves itself: Down stays Down (with its call hold), Recovering starts a fresh proof,
    /// damped stays damped while the penalty (decayed over the time Lifeline was away) is above the reuse level,
    /// and is Down otherwise. Detectors start empty; operator states persist.
    /// </summary>
    public static TargetHealthState Restore(TargetHealthSnapshot snapshot, HealthOptions options, DateTimeOffset now)
    {
        var state = new TargetHealthState(snapshot.TargetId, options, now)
        {
            Operator = snapshot.Operator,
            Penalty = new FlapPenalty(Math.Max(0, snapshot.Penalty), snapshot.PenaltyAt > now ? now : snapshot.PenaltyAt),
            CallHoldUntil = snapshot.CallHoldUntil,
        };
        var c = snapshot.Counters;
        state._signals = c.Signals;
        state._failures = c.Failures;
        state._transitions = c.Transitions;
        state._downs = c.Downs;
        state._heldBySelfHealth = c.HeldBySelfHealth;
        state._heldByCallOutcomes = c.HeldByCallOutcomes;

        var computedSince = snapshot.ComputedSince > now ? now : snapshot.ComputedSince;
        var wasDamped = snapshot.Damped || (snapshot.Health == TargetHealth.Down && snapshot.Computed != TargetHealth.Down);
        state.Damped = wasDamped && options.Damping.Enabled
            && FlapDamping.ValueAt(state.Penalty, now, options.Damping) >= options.Damping.ReuseLevel;
        if (wasDamped && !state.Damped)
        {
            state.Computed = TargetHealth.Down;
            state._computedSince = now.UtcTicks;
        }
        else if (snapshot.Computed == TargetHealth.Recovering)
        {
            state.StartProof(now);
            state.CallHoldUntil = null;
        }
        else
        {
            state.Computed = snapshot.Computed is TargetHealth.Up or TargetHealth.Suspect or TargetHealth.Down ? snapshot.Computed : TargetHealth.Down;
            state._computedSince = computedSince.UtcTicks;
        }

        state.Published = state.Effective;
        state._publishedSince = (state.Published == snapshot.Health ? (snapshot.Since > now ? now : snapshot.Since) : now).UtcTicks;
        return state;
    }

    private static DateTimeOffset Utc(long utcTicks) => new(utcTicks, TimeSpan.Zero);
}
