using System.Globalization;

namespace Lifeline.Health;

/// <summary>
/// The updater of target health: it holds every target's <see cref="TargetHealthState"/>, applies signals to them
/// under one lock, runs the <see cref="HealthRules"/>, flap damping, operator overrides and the
/// <see cref="SelfHealthGate"/>, returns the resulting <see cref="Transition"/>s, and publishes an immutable
/// <see cref="HealthBoardSnapshot"/> (swapped with <see cref="Volatile.Write{T}(ref T, T)"/>) that readers such as the
/// proxy use without a lock. Time comes only from the <see cref="TimeProvider"/>; no I/O happens here.
/// Time-based rules (phi, stable time, damping release, window expiry, self-health) need <see cref="Tick"/> to be
/// called regularly, e.g. once a second.
/// Every target follows the board's <see cref="HealthOptions"/> unless it was tracked with its own
/// (<see cref="Track(string, HealthOptions)"/>: each trunk has its own rules); the self-health gate is board-wide.
/// </summary>
internal sealed class HealthBoard
{
    private static readonly Transition[] NoTransitions = [];

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly HealthOptions _options;
    private readonly HealthRules _rules;
    private readonly SelfHealthGate _gate;
    private readonly List<TargetHealthState> _changed = [];
    private IReadOnlyDictionary<string, RecoveryOptions>? _targetRecovery;

    // Every watched target has a slot: a number given once by the table's index (the published snapshot uses the
    // same numbers), so the board's own state is arrays indexed by slot rather than dictionaries keyed by id, and
    // the prober, which learns each target's slot once, reaches it without hashing a string per probe.
    private TargetHealthState?[] _states = [];
    private string?[] _ids = [];
    private HealthOptions?[] _slotOptions = [];
    private int _count;

    // Targets whose rules can still move with time alone (see NeedsTicks); Tick visits only these, so a tick over
    // 100,000 quiet Up targets costs nothing. A state is listed when it becomes pending and dropped by the next tick
    // that finds it quiet (or no longer on the board); _pendingCount counts those that are pending now.
    private readonly List<TargetHealthState> _pending = [];
    private readonly List<TargetHealthState> _ticking = [];
    private int _pendingCount;
    private readonly List<string> _removed = [];
    private readonly List<TargetHealthSnapshot> _publishing = [];
    private TargetTable _table = TargetTable.CreateEmpty();
    private bool _recoveryDirty;
    private DateTimeOffset[] _onsets = new DateTimeOffset[16];
    private HealthBoardSnapshot _snapshot;
    private SelfHealthReport _selfHealth;
    private CorrelatedFailure _correlated;
    private bool _gateDirty;
    private bool _selfHealthChanged;
    private DateTimeOffset? _lateUntil;
    private TimeSpan _lateness;
    private DateTimeOffset? _callsEverywhereUntil;
    private string? _callsEverywhere;
    private long _version;

    /// <summary>Creates a board. <paramref name="options"/> must be valid (see <see cref="HealthOptions.Validate"/>).</summary>
    public HealthBoard(HealthOptions options, TimeProvider timeProvider)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid health options: " + string.Join("; ", errors), nameof(options));
        }

        _options = options;
        _time = timeProvider;
        _rules = new HealthRules();
        _gate = new SelfHealthGate(options.SelfHealth);
        var now = timeProvider.GetUtcNow();
        _selfHealth = SelfHealthReport.Healthy(now);
        _snapshot = new HealthBoardSnapshot(_table, _selfHealth, options.Recovery, 0, now);
    }

    public HealthOptions Options => _options;

    /// <summary>The latest published snapshot; lock-free.</summary>
    public HealthBoardSnapshot Current => Volatile.Read(ref _snapshot);

    /// <summary>Lifeline's judgement of itself, as last published.</summary>
    public SelfHealthReport SelfHealth => Current.SelfHealth;

    /// <summary>Starts watching a target (Up until signals say otherwise). No-op if already watched.</summary>
    public void Track(string targetId)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            GetOrAdd_NeedsLock(targetId, now);
            PublishIfChanged_NeedsLock(now);
        }
    }

    /// <summary>
    /// Starts watching a target with its own rules (its trunk's), or changes the rules of a watched one: it keeps
    /// its published health, operator state and damping, and its detectors start afresh under the new rules.
    /// The self-health rules stay the board's. <paramref name="options"/> must be valid. To watch many targets, use
    /// <see cref="TrackAll"/>: one publish for all of them.
    /// </summary>
    public void Track(string targetId, HealthOptions options) => TrackAll([(targetId, options)]);

    /// <summary>
    /// <see cref="Track(string, HealthOptions)"/> for many targets at once, published once: the daemon registers
    /// every gateway of its configuration this way (100,000 targets in well under a second, where one call each
    /// would republish the board every time). Every options instance must be valid; nothing is tracked otherwise.
    /// </summary>
    public void TrackAll(IEnumerable<(string TargetId, HealthOptions Options)> targets)
    {
        var list = targets as IReadOnlyCollection<(string TargetId, HealthOptions Options)> ?? [.. targets];
        var valid = new HashSet<HealthOptions>(ReferenceEqualityComparer.Instance);
        foreach (var (targetId, options) in list)
        {
            if (!valid.Add(options))
            {
                continue;
            }

            var errors = options.Validate();
            if (errors.Count > 0)
            {
                throw new ArgumentException("invalid health options for " + targetId + ": " + string.Join("; ", errors), nameof(targets));
            }
        }

        lock (_lock)
        {
            var now = _time.GetUtcNow();
            foreach (var (targetId, options) in list)
            {
                var slot = Reserve_NeedsLock(targetId);
                _slotOptions[slot] = options;
                _recoveryDirty = true;
                if (_states[slot] is { } existing && !ReferenceEquals(existing.Options, options))
                {
                    Replace_NeedsLock(existing, TargetHealthState.Restore(existing.ToSnapshot(now), options, now));
                    _gateDirty = true;
                }

                GetOrAdd_NeedsLock(targetId, now);
            }

            PublishIfChanged_NeedsLock(now);
        }
    }

    /// <summary>The rules a target follows: its own if tracked with them, else the board's; lock-free.</summary>
    public HealthOptions OptionsFor(string targetId) => OptionsAt(SlotOf(targetId));

    /// <summary>
    /// The target's slot: a number that stays the target's for the board's life (also after it is untracked and
    /// tracked again), for the slot-taking overloads that hot paths use; -1 when the board never saw it. Lock-free.
    /// </summary>
    public int SlotOf(string targetId) => Volatile.Read(ref _table).SlotOf(targetId);

    /// <summary>The rules the target in a slot follows (the board's for -1 or a target without its own); lock-free.</summary>
    public HealthOptions OptionsAt(int slot)
    {
        var options = Volatile.Read(ref _slotOptions);
        return (uint)slot < (uint)options.Length && options[slot] is { } own ? own : _options;
    }

    /// <summary>Stops watching a target (removed from config).</summary>
    public bool Untrack(string targetId) => UntrackAll([targetId]) > 0;

    /// <summary>Stops watching many targets at once, published once; returns how many were watched.</summary>
    public int UntrackAll(IEnumerable<string> targetIds)
    {
        lock (_lock)
        {
            var removed = 0;
            foreach (var targetId in targetIds)
            {
                var slot = _table.SlotOf(targetId);
                if (slot < 0 || _states[slot] is not { } state)
                {
                    continue;
                }

                _states[slot] = null;
                _count--;
                SetPending_NeedsLock(state, false);
                _removed.Add(targetId);
                _gateDirty = true;
                removed++;
            }

            PublishIfChanged_NeedsLock(_time.GetUtcNow());
            return removed;
        }
    }

    /// <summary>
    /// Applies one signal about a target (watching it from now on if it was not) and returns the transitions it
    /// caused, in order (usually none; Up → Suspect → Down can happen at once).
    /// </summary>
    public IReadOnlyList<Transition> Apply(string targetId, in Signal signal)
    {
        List<Transition>? output = null;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            Apply_NeedsLock(GetOrAdd_NeedsLock(targetId, now), signal, now, ref output);
        }

        return output ?? (IReadOnlyList<Transition>)NoTransitions;
    }

    /// <summary>
    /// <see cref="Apply(string, in Signal)"/> for the target in a slot (<see cref="SlotOf"/>), without looking its
    /// id up: the prober's path, once per probe. A slot the board never gave out is ignored.
    /// </summary>
    public IReadOnlyList<Transition> Apply(int slot, in Signal signal)
    {
        List<Transition>? output = null;
        lock (_lock)
        {
            if ((uint)slot >= (uint)_ids.Length || _ids[slot] is not { } targetId)
            {
                return NoTransitions;
            }

            var now = _time.GetUtcNow();
            Apply_NeedsLock(_states[slot] ?? GetOrAdd_NeedsLock(targetId, now), signal, now, ref output);
        }

        return output ?? (IReadOnlyList<Transition>)NoTransitions;
    }

    private void Apply_NeedsLock(TargetHealthState state, in Signal signal, DateTimeOffset now, ref List<Transition>? output)
    {
        ReleaseDamping_NeedsLock(state, now, ref output);
        var wasFailing = state.IsFailing;
        var hadSignals = state.HasSignals;
        state.Observe(signal);
        if (wasFailing != state.IsFailing || !hadSignals)
        {
            _gateDirty = true;
        }

        RunRules_NeedsLock(state, signal, now, ref output);
        UpdatePending_NeedsLock(state);
        PublishIfChanged_NeedsLock(now);
    }

    /// <summary>
    /// Re-evaluates against the clock every target whose rules can move with time alone: phi rising, failures
    /// leaving a window, stable time reached, damping released; then the self-health gate. A quiet target (Up or
    /// Down, not damped, detectors that cannot change without a signal) is skipped: evaluating it would decide
    /// nothing, so a tick costs O(pending), not O(watched). Call it regularly (about once a second).
    /// </summary>
    public IReadOnlyList<Transition> Tick()
    {
        List<Transition>? output = null;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            _ticking.AddRange(_pending);
            _pending.Clear();
            foreach (var state in _ticking)
            {
                state.PendingListed = false;
                if (!state.Pending)
                {
                    // Quiet since it was listed, or no longer on the board.
                    continue;
                }

                ReleaseDamping_NeedsLock(state, now, ref output);
                RunRules_NeedsLock(state, null, now, ref output);
                UpdatePending_NeedsLock(state);
                if (state.Pending && !state.PendingListed)
                {
                    state.PendingListed = true;
                    _pending.Add(state);
                }
            }

            _ticking.Clear();

            RefreshSelfHealth_NeedsLock(now);
            PublishIfChanged_NeedsLock(now);
        }

        return output ?? (IReadOnlyList<Transition>)NoTransitions;
    }

    /// <summary>Targets the next <see cref="Tick"/> will evaluate (those whose rules can move with time alone).</summary>
    public int PendingCount
    {
        get
        {
            lock (_lock)
            {
                return _pendingCount;
            }
        }
    }

    /// <summary>Operator: no new calls to the target; probes go on.</summary>
    public IReadOnlyList<Transition> Drain(string targetId, string? note = null) => Hold(targetId, OperatorHold.Drained, note);

    /// <summary>Operator: no calls and no probes.</summary>
    public IReadOnlyList<Transition> Disable(string targetId, string? note = null) => Hold(targetId, OperatorHold.Disabled, note);

    /// <summary>
    /// Operator: release a Drained or Disabled target. A drained target returns to its computed health (it was
    /// probed all along, so Up means Up); a disabled one was not probed and proves itself in Recovering (or stays
    /// Down if it was Down or damped).
    /// </summary>
    public IReadOnlyList<Transition> Enable(string targetId, string? note = null)
    {
        List<Transition>? output = null;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var state = GetOrAdd_NeedsLock(targetId, now);
            if (state.Operator == OperatorHold.None)
            {
                PublishIfChanged_NeedsLock(now);
                return NoTransitions;
            }

            ReleaseDamping_NeedsLock(state, now, ref output);
            var was = state.Operator;
            state.Operator = OperatorHold.None;
            var reason = "enabled by operator" + (note is null ? string.Empty : ": " + note);
            if (was == OperatorHold.Disabled && !state.Damped && state.Computed != TargetHealth.Down)
            {
                state.StartProof(now);
                reason += "; not probed while disabled, proving itself";
            }
            else if (state.Damped)
            {
                reason += "; still damped for flapping";
            }
            else if (state.Computed == TargetHealth.Down)
            {
                reason += "; still down";
            }

            _gateDirty = true;
            MarkChanged_NeedsLock(state);
            Publish_NeedsLock(state, now, reason, "operator", ref output);
            UpdatePending_NeedsLock(state);
            PublishIfChanged_NeedsLock(now);
        }

        return output ?? (IReadOnlyList<Transition>)NoTransitions;
    }

    /// <summary>
    /// The scheduler reports how late its timers fired; at or above <see cref="SelfHealthOptions.LateTimerThreshold"/>
    /// Lifeline suspects itself for <see cref="SelfHealthOptions.LateTimerHold"/>. Returns the resulting report.
    /// </summary>
    public SelfHealthReport ReportTimerLateness(TimeSpan lateness)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (lateness >= _options.SelfHealth.LateTimerThreshold)
            {
                var until = now + _options.SelfHealth.LateTimerHold;
                _lateUntil = _lateUntil is { } existing && existing > until ? existing : until;
                _lateness = lateness;
            }

            RefreshSelfHealth_NeedsLock(now);
            PublishIfChanged_NeedsLock(now);
            return _selfHealth;
        }
    }

    /// <summary>The probe interval the scheduler should use for a target now (infinite when Disabled); lock-free.</summary>
    public TimeSpan ProbeIntervalFor(string targetId) => ProbeIntervalAt(SlotOf(targetId));

    /// <summary><see cref="ProbeIntervalFor"/> for the target in a slot; lock-free.</summary>
    public TimeSpan ProbeIntervalAt(int slot)
    {
        if (!Current.Targets.TryGetPublished(slot, out var target))
        {
            return OptionsAt(slot).Intervals.Up;
        }

        return target.Operator == OperatorHold.Disabled ? Timeout.InfiniteTimeSpan : OptionsAt(slot).ProbeIntervalFor(target.Computed);
    }

    /// <summary>The adaptive probe timeout for a target; lock-free.</summary>
    public TimeSpan ProbeTimeoutFor(string targetId) => ProbeTimeoutAt(SlotOf(targetId));

    /// <summary>
    /// <see cref="ProbeTimeoutFor"/> for the target in a slot; lock-free (an answer being applied at the same moment
    /// may or may not count yet: the estimate moves by an eighth of a sample at most).
    /// </summary>
    public TimeSpan ProbeTimeoutAt(int slot)
    {
        var states = Volatile.Read(ref _states);
        return (uint)slot < (uint)states.Length && states[slot] is { } state
            ? state.Rtt.ProbeTimeout(state.Options.Timeout)
            : new RttEstimator().ProbeTimeout(OptionsAt(slot).Timeout);
    }

    /// <summary>RTT percentiles of a target's recent probe answers (takes the lock).</summary>
    public RttPercentiles RttPercentilesFor(string targetId)
    {
        lock (_lock)
        {
            return StateOf_NeedsLock(targetId) is { } state ? state.Rtt.Percentiles() : default;
        }
    }

    /// <summary>The share of new calls for a target now; lock-free.</summary>
    public double TrafficShare(string targetId) => Current.TrafficShare(targetId, _time.GetUtcNow());

    /// <summary>Fresh snapshots of every target, for the journal to persist.</summary>
    public IReadOnlyList<TargetHealthSnapshot> Capture()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var result = new List<TargetHealthSnapshot>(_count);
            foreach (var state in _states)
            {
                if (state is not null)
                {
                    result.Add(state.ToSnapshot(now));
                }
            }

            return result;
        }
    }

    /// <summary>Fresh snapshots of some targets (unknown ones are left out), for the journal to persist.</summary>
    public IReadOnlyList<TargetHealthSnapshot> Capture(IReadOnlyList<string> targetIds)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var result = new List<TargetHealthSnapshot>(targetIds.Count);
            foreach (var id in targetIds)
            {
                if (StateOf_NeedsLock(id) is { } state)
                {
                    result.Add(state.ToSnapshot(now));
                }
            }

            return result;
        }
    }

    /// <summary>
    /// Restores targets from persisted snapshots after a restart (see <see cref="TargetHealthState.Restore"/>),
    /// replacing any current state of the same targets. Emits no transitions: the journal already holds them.
    /// </summary>
    public void Restore(IEnumerable<TargetHealthSnapshot> snapshots)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            foreach (var snapshot in snapshots)
            {
                var slot = Reserve_NeedsLock(snapshot.TargetId);
                var state = TargetHealthState.Restore(snapshot, OptionsAt(slot), now);
                if (_states[slot] is { } old)
                {
                    Replace_NeedsLock(old, state);
                }
                else
                {
                    Add_NeedsLock(slot, state);
                }
            }

            _gateDirty = true;
            PublishIfChanged_NeedsLock(now);
        }
    }

    private IReadOnlyList<Transition> Hold(string targetId, OperatorHold hold, string? note)
    {
        List<Transition>? output = null;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var state = GetOrAdd_NeedsLock(targetId, now);
            if (state.Operator != hold)
            {
                ReleaseDamping_NeedsLock(state, now, ref output);
                state.Operator = hold;
                _gateDirty = true;
                MarkChanged_NeedsLock(state);
                var reason = (hold == OperatorHold.Drained ? "drained by operator" : "disabled by operator") + (note is null ? string.Empty : ": " + note);
                Publish_NeedsLock(state, now, reason, "operator", ref output);
                UpdatePending_NeedsLock(state);
            }

            PublishIfChanged_NeedsLock(now);
        }

        return output ?? (IReadOnlyList<Transition>)NoTransitions;
    }

    private TargetHealthState GetOrAdd_NeedsLock(string targetId, DateTimeOffset now)
    {
        var slot = Reserve_NeedsLock(targetId);
        if (_states[slot] is not { } state)
        {
            state = new TargetHealthState(_ids[slot]!, OptionsAt(slot), now);
            Add_NeedsLock(slot, state);
            _gateDirty = true;
        }

        return state;
    }

    private TargetHealthState? StateOf_NeedsLock(string targetId)
    {
        var slot = _table.SlotOf(targetId);
        return slot >= 0 && slot < _states.Length ? _states[slot] : null;
    }

    // The target's slot, with room for it in every per-slot array (grown by doubling, swapped in whole so that
    // lock-free readers see either array).
    private int Reserve_NeedsLock(string targetId)
    {
        var slot = _table.Reserve(targetId);
        if (slot >= _states.Length)
        {
            var size = Math.Max(slot + 1, Math.Max(16, _states.Length * 2));
            var states = _states;
            var ids = _ids;
            var options = _slotOptions;
            Array.Resize(ref states, size);
            Array.Resize(ref ids, size);
            Array.Resize(ref options, size);
            Volatile.Write(ref _ids, ids);
            Volatile.Write(ref _slotOptions, options);
            Volatile.Write(ref _states, states);
        }

        _ids[slot] ??= targetId;
        return slot;
    }

    // A new state in an empty slot: published with the next snapshot, visited by the next tick.
    private void Add_NeedsLock(int slot, TargetHealthState state)
    {
        state.Slot = slot;
        _states[slot] = state;
        _count++;
        SetPending_NeedsLock(state, true);
        MarkChanged_NeedsLock(state);
    }

    // A rebuilt state (new rules, restored from the journal) in place of the old one.
    private void Replace_NeedsLock(TargetHealthState old, TargetHealthState state)
    {
        SetPending_NeedsLock(old, false);
        state.Slot = old.Slot;
        _states[old.Slot] = state;
        SetPending_NeedsLock(state, true);
        MarkChanged_NeedsLock(state);
    }

    private void RunRules_NeedsLock(TargetHealthState state, Signal? current, DateTimeOffset now, ref List<Transition>? output)
    {
        // A signal can carry a target through more than one state at once (Up → Suspect → Down when a detector
        // is already Failed); each step is its own transition. Four steps bound the loop.
        for (var step = 0; step < 4; step++)
        {
            var decision = _rules.Decide(state, current, now);
            if (decision.HeldByCallOutcomes)
            {
                state.CountHeldByCallOutcomes();
                return;
            }

            if (!decision.Changes)
            {
                return;
            }

            if (decision.To == TargetHealth.Down && (SelfHealthHolds_NeedsLock(now) || CallsFailEverywhereHolds_NeedsLock(state, decision, now)))
            {
                state.CountHeldBySelfHealth();
                return;
            }

            var reason = decision.Reason;
            if (decision.To == TargetHealth.Down || state.Computed == TargetHealth.Down)
            {
                _gateDirty = true;
            }

            state.MoveTo(decision.To, now, decision.Cause);
            MarkChanged_NeedsLock(state);
            if (decision.To == TargetHealth.Down && state.Options.Damping.Enabled)
            {
                var damping = state.Options.Damping;
                state.Penalty = FlapDamping.AddFlap(state.Penalty, now, damping);
                if (!state.Damped && state.Penalty.Value >= damping.SuppressLevel)
                {
                    state.Damped = true;
                    reason += string.Create(
                        CultureInfo.InvariantCulture,
                        $"; damped: penalty {state.Penalty.Value:0} reached suppress level {damping.SuppressLevel:0}, out of service until it decays below {damping.ReuseLevel:0} (at least {HealthText.Duration(FlapDamping.TimeToReuse(state.Penalty.Value, damping))})");
                }
            }

            Publish_NeedsLock(state, now, reason, decision.Detector, ref output);
        }
    }

    private void ReleaseDamping_NeedsLock(TargetHealthState state, DateTimeOffset now, ref List<Transition>? output)
    {
        if (!state.Damped)
        {
            return;
        }

        var damping = state.Options.Damping;
        var value = FlapDamping.ValueAt(state.Penalty, now, damping);
        if (value >= damping.ReuseLevel)
        {
            return;
        }

        state.Damped = false;
        MarkChanged_NeedsLock(state);
        var reason = string.Create(CultureInfo.InvariantCulture, $"damping released: penalty {value:0} below reuse level {damping.ReuseLevel:0}");
        if (state.Computed != TargetHealth.Down)
        {
            // Whatever it did while suppressed, it earns full traffic again only by proving itself.
            state.StartProof(now);
            reason += "; proving itself";
        }

        Publish_NeedsLock(state, now, reason, "damping", ref output);
    }

    private static void Publish_NeedsLock(TargetHealthState state, DateTimeOffset now, string reason, string detector, ref List<Transition>? output)
    {
        var to = state.Effective;
        if (to == state.Published)
        {
            return;
        }

        var from = state.Published;
        state.Publish(to, now);
        var penalty = state.Options.Damping.Enabled ? FlapDamping.ValueAt(state.Penalty, now, state.Options.Damping) : 0;
        var evidence = new TransitionEvidence(state.RecentSignals(), state.Rtt.Smoothed, Math.Round(penalty, 1), detector);
        (output ??= []).Add(new Transition(state.TargetId, from, to, now, reason, evidence));
    }

    private bool SelfHealthHolds_NeedsLock(DateTimeOffset now)
    {
        RefreshSelfHealth_NeedsLock(now);
        return _selfHealth is { State: SelfHealthState.Suspect, Holding: true };
    }

    /// <summary>
    /// Calls failing on every trunk at once: a Down decided by calls alone (the carrier still answers its probes) is
    /// held when every other target in service is failing calls too — its last call failed by the carrier within
    /// <see cref="SelfHealthOptions.CorrelationWindow"/>, or it went Down (and maybe already Recovering) within that window. Several carriers
    /// swallowing INVITEs in the same seconds is likelier this machine dropping datagrams under load (or its uplink)
    /// than their fault, and taking the last trunks Down would turn delayed calls into refused ones. Lifeline then
    /// suspects itself for <see cref="SelfHealthOptions.LateTimerHold"/>, within <see cref="SelfHealthOptions.MaxHold"/>.
    /// </summary>
    private bool CallsFailEverywhereHolds_NeedsLock(TargetHealthState deciding, HealthDecision decision, DateTimeOffset now)
    {
        if (decision.Cause != DownCause.Calls || !_options.SelfHealth.Enabled)
        {
            return false;
        }

        var window = _options.SelfHealth.CorrelationWindow;
        var failing = 0;
        foreach (var other in _states)
        {
            if (other is null || ReferenceEquals(other, deciding) || other.Operator != OperatorHold.None || other.Damped)
            {
                continue;
            }

            if (other.Computed == TargetHealth.Down || (other.Computed == TargetHealth.Recovering && now - other.ComputedSince <= window))
            {
                // Down (or back from Down) within the window, it failed too. Down for longer, it takes no calls: it
                // neither confirms nor refutes.
                if (now - other.ComputedSince <= window)
                {
                    failing++;
                }

                continue;
            }

            if (other.CallFailureStreak == 0 || other.LastFailure(liveness: false) is not { } last || now - last.At > window)
            {
                return false;
            }

            failing++;
        }

        if (failing == 0)
        {
            return false;
        }

        var until = now + _options.SelfHealth.LateTimerHold;
        _callsEverywhereUntil = _callsEverywhereUntil is { } existing && existing > until ? existing : until;
        _callsEverywhere = string.Create(CultureInfo.InvariantCulture, $"calls failed on all {failing + 1} gateways in service within {window.TotalSeconds:0.#} s: suspecting this machine (overload) or its network");
        RefreshSelfHealth_NeedsLock(now);
        return _selfHealth is { State: SelfHealthState.Suspect, Holding: true };
    }

    private void RefreshSelfHealth_NeedsLock(DateTimeOffset now)
    {
        if (_gateDirty)
        {
            _correlated = FindCorrelated_NeedsLock();
            _gateDirty = false;
        }

        var callsEverywhere = _callsEverywhereUntil is { } until && now < until ? _callsEverywhere : null;
        var report = _gate.Assess(_selfHealth, now, _correlated, _lateUntil, _lateness, callsEverywhere);
        if (report != _selfHealth)
        {
            _selfHealth = report;
            _selfHealthChanged = true;
        }
    }

    private CorrelatedFailure FindCorrelated_NeedsLock()
    {
        if (_onsets.Length < _count)
        {
            _onsets = new DateTimeOffset[Math.Max(_count, _onsets.Length * 2)];
        }

        var active = 0;
        var failing = 0;
        foreach (var state in _states)
        {
            if (state is null || !state.HasSignals || state.Operator == OperatorHold.Disabled)
            {
                continue;
            }

            active++;

            // Targets already Down are not at risk; the question is whether the ones about to go Down fell together.
            if (state.FailingSince is { } onset && state.Computed != TargetHealth.Down)
            {
                _onsets[failing++] = onset;
            }
        }

        return _gate.FindCorrelated(_onsets.AsSpan(0, failing), active);
    }

    private void MarkChanged_NeedsLock(TargetHealthState state)
    {
        if (!state.ChangedListed)
        {
            state.ChangedListed = true;
            _changed.Add(state);
        }
    }

    private void UpdatePending_NeedsLock(TargetHealthState state) => SetPending_NeedsLock(state, NeedsTicks(state));

    private void SetPending_NeedsLock(TargetHealthState state, bool pending)
    {
        if (state.Pending == pending)
        {
            return;
        }

        state.Pending = pending;
        _pendingCount += pending ? 1 : -1;
        if (pending && !state.PendingListed)
        {
            state.PendingListed = true;
            _pending.Add(state);
        }
    }

    /// <summary>
    /// Whether <see cref="HealthRules.Decide"/> on a clock tick (no signal) or a damping release could still change
    /// this target: damped (the penalty decays); Suspect or Recovering (windows, stable time); Up with a detector
    /// whose verdict moves with time. Down waits for a signal (<see cref="HealthRules"/> moves it only on a success).
    /// </summary>
    internal static bool NeedsTicks(TargetHealthState state) =>
        state.Damped
        || state.Computed is TargetHealth.Suspect or TargetHealth.Recovering
        || (state.Computed == TargetHealth.Up && (state.Liveness.ChangesWithTime || state.Calls.ChangesWithTime));

    private void PublishIfChanged_NeedsLock(DateTimeOffset now)
    {
        if (_changed.Count == 0 && _removed.Count == 0 && !_selfHealthChanged && !_recoveryDirty)
        {
            return;
        }

        // Only what changed is copied (see TargetTable): a transition among 100,000 targets costs a few kilobytes.
        foreach (var state in _changed)
        {
            state.ChangedListed = false;
            if (ReferenceEquals(_states[state.Slot], state))
            {
                // Not replaced or removed since it changed.
                _publishing.Add(state.ToSnapshot(now));
            }
        }

        Volatile.Write(ref _table, _table.With(_publishing, _removed));
        if (_recoveryDirty)
        {
            _targetRecovery = TargetRecovery_NeedsLock();
            _recoveryDirty = false;
        }

        _publishing.Clear();
        _changed.Clear();
        _removed.Clear();
        _selfHealthChanged = false;
        Volatile.Write(ref _snapshot, new HealthBoardSnapshot(_table, _selfHealth, _options.Recovery, ++_version, now, _targetRecovery));
    }

    // Once per publish that changed some target's rules, and only targets whose ramp differs from the board's.
    private Dictionary<string, RecoveryOptions>? TargetRecovery_NeedsLock()
    {
        Dictionary<string, RecoveryOptions>? recovery = null;
        RecoveryOptions? same = null;
        for (var slot = 0; slot < _slotOptions.Length; slot++)
        {
            if (_slotOptions[slot] is not { } options || _ids[slot] is not { } id)
            {
                continue;
            }

            var own = options.Recovery;
            if (ReferenceEquals(own, same) || ReferenceEquals(own, _options.Recovery))
            {
                continue;
            }

            if (SameRamp(own, _options.Recovery))
            {
                // Targets of one trunk share their options: compare each instance once.
                same = own;
                continue;
            }

            (recovery ??= new Dictionary<string, RecoveryOptions>(StringComparer.Ordinal))[id] = own;
        }

        return recovery;
    }

    private static bool SameRamp(RecoveryOptions a, RecoveryOptions b) =>
        a.RampSteps.AsSpan().SequenceEqual(b.RampSteps) && a == (b with { RampSteps = a.RampSteps });
}
