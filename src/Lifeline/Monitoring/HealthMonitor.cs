using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Lifeline.Health;
using Lifeline.Journal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lifeline.Monitoring;

/// <summary>
/// The daemon's owner of health: it tracks every watched gateway on a <see cref="HealthBoard"/> with its trunk's
/// rules, takes signals from any producer (<see cref="Report"/>), ticks the board, and carries every decision to
/// the edges — one log line and one journal row per transition, the target's state saved for a restart, metrics.
/// Operator changes (<see cref="ChangeAsync"/>) go the same way and complete once they are on disk.
/// </summary>
/// <remarks>
/// <para>Deciding is synchronous and cheap (the board's lock); recording is not, so decisions are queued, in the order
/// the board took them, to one background loop that writes the journal. Producers never wait for SQLite.</para>
/// <para>For producers (the prober, the proxy): take the targets from <see cref="Catalog"/>
/// (<see cref="TargetCatalog.Watched"/>: id, gateway URI, the trunk's probing settings), ask <see cref="Board"/> for
/// <see cref="HealthBoard.ProbeIntervalFor"/> and <see cref="HealthBoard.ProbeTimeoutFor"/>, hand results to
/// <see cref="Report"/> (or through <see cref="ISignalSink"/>), and add instruments to the meter named
/// <see cref="HealthMetrics.MeterName"/>. Start producing after this service has started (register hosted services
/// after it): <see cref="StartAsync"/> restores saved states, which replaces what was reported before.</para>
/// </remarks>
internal sealed partial class HealthMonitor : BackgroundService, ISignalSink
{
    /// <summary>The journal target id of Lifeline's own health (self-health changes are journaled as transitions of it).</summary>
    public const string SelfTargetId = "self";

    /// <summary>The journal target kind of <see cref="SelfTargetId"/>.</summary>
    public const string SelfKind = "self";

    private readonly Lock _order = new();
    private readonly Channel<MonitorWork> _work = Channel.CreateUnbounded<MonitorWork>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, LastTransition> _last = new(StringComparer.Ordinal);
    private readonly TargetCatalog _catalog;
    private readonly MonitoredTarget?[] _watchedBySlot;
    private readonly JournalWriter _writer;
    private readonly JournalReader _reader;
    private readonly TimeProvider _time;
    private readonly HealthMonitorOptions _options;
    private readonly ILogger _logger;
    private readonly HealthMetrics _metrics;
    private SelfHealthReport _selfHealth;
    private long _savedVersion = -1;
    private volatile bool _running;
    private int _stopped;
    private Task? _workLoop;
    private long _lastLatenessTicks;
    private long _ticks;

    public HealthMonitor(
        TargetCatalog catalog,
        JournalWriter writer,
        JournalReader reader,
        TimeProvider time,
        IMeterFactory meterFactory,
        ILogger<HealthMonitor> logger,
        HealthMonitorOptions? options = null)
    {
        _catalog = catalog;
        _writer = writer;
        _reader = reader;
        _time = time;
        _logger = logger;
        _options = options ?? new HealthMonitorOptions();
        Board = new HealthBoard(catalog.Defaults, time);

        // In one publish: tracking 100,000 gateways one by one republished the board each time (quadratic).
        var tracked = new List<(string, HealthOptions)>(catalog.Watched.Count);
        foreach (var target in catalog.Watched)
        {
            tracked.Add((target.Id, target.Options));
        }

        Board.TrackAll(tracked);
        _watchedBySlot = new MonitoredTarget?[catalog.Watched.Count];
        foreach (var target in catalog.Watched)
        {
            var slot = Board.SlotOf(target.Id);
            if ((uint)slot < (uint)_watchedBySlot.Length)
            {
                _watchedBySlot[slot] = target;
            }
        }

        _selfHealth = Board.SelfHealth;
        _metrics = new HealthMetrics(meterFactory, this, _options.PerTargetMetricsLimit);
    }

    /// <summary>
    /// Raised with the target id after every transition the board decides, whatever caused it (call outcomes, an
    /// operator's drain, disable or enable, time-based rules, probes), outside the monitor's lock and before the
    /// journal has it. The daemon hands it to the prober (<c>ProbingService.HealthChanged</c>) so that the probe
    /// interval follows the new health at once: a gateway made Suspect by failing calls is probed at the fast pace
    /// from now, not after its current Up interval. Handlers must be quick and must not throw.
    /// </summary>
    public event Action<string>? HealthChanged;

    /// <summary>The health board: the immutable snapshot for readers, probe intervals and timeouts for the prober.</summary>
    public HealthBoard Board { get; }

    /// <summary>The configured trunks and gateways.</summary>
    public TargetCatalog Catalog => _catalog;

    /// <summary>The journal writer (its failures count against the process's own health).</summary>
    public JournalWriter Writer => _writer;

    /// <summary>True while the periodic loop runs (between start and stop).</summary>
    public bool IsRunning => _running;

    /// <summary>Periodic ticks run since start.</summary>
    public long Ticks => Interlocked.Read(ref _ticks);

    /// <summary>How late the last periodic tick ran.</summary>
    public TimeSpan LastTickLateness => TimeSpan.FromTicks(Interlocked.Read(ref _lastLatenessTicks));

    /// <summary>A target's latest transition (restored from the journal at start); null when it never changed.</summary>
    public LastTransition? LastTransitionOf(string targetId) => _last.GetValueOrDefault(targetId);

    /// <inheritdoc />
    public bool Report(string targetId, in Signal signal) => Report(targetId, -1, signal);

    /// <inheritdoc />
    public bool Report(string targetId, int slot, in Signal signal)
    {
        // The prober knows each target's slot: a watched target is found by it without hashing its id. The catalog
        // is immutable and every watched target was tracked in the constructor, so the slot's target stays the same.
        var bySlot = (uint)slot < (uint)_watchedBySlot.Length ? _watchedBySlot[slot] : null;
        if (bySlot is null || !string.Equals(bySlot.Id, targetId, StringComparison.Ordinal))
        {
            slot = -1;
        }

        bool counts;
        if (slot >= 0)
        {
            counts = TargetCatalog.Counts(bySlot!, signal);
        }
        else if (!_catalog.Takes(targetId, signal, out counts))
        {
            return false;
        }

        if (!counts)
        {
            return true;
        }

        IReadOnlyList<Transition> transitions;
        lock (_order)
        {
            transitions = slot >= 0 ? Board.Apply(slot, signal) : Board.Apply(targetId, signal);
            if (transitions.Count > 0)
            {
                Enqueue(new MonitorWork(transitions));
            }
        }

        RaiseHealthChanged(transitions);
        return true;
    }

    /// <summary>
    /// An operator's drain, disable or enable of one gateway, journaled as an operator action by
    /// <paramref name="actor"/> (e.g. <c>api 127.0.0.1</c>). Completes once the action, the transition it caused and
    /// the target's new state are committed to the journal, so a change that succeeded survives a kill.
    /// </summary>
    public async Task<OperatorChangeResult> ChangeAsync(string targetId, OperatorCommand command, string actor, string? note, CancellationToken cancellationToken = default)
    {
        var target = _catalog.Find(targetId);
        if (target is null)
        {
            return new OperatorChangeResult(targetId, OperatorChangeStatus.Unknown, null, "no gateway " + targetId + " in the configuration");
        }

        if (!target.Trunk.Enabled)
        {
            return new OperatorChangeResult(targetId, OperatorChangeStatus.NotWatched, null, "trunk " + target.Trunk.Name + " is disabled in the configuration (enabled: false)");
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        IReadOnlyList<Transition> transitions;
        lock (_order)
        {
            if (!_running)
            {
                return new OperatorChangeResult(targetId, OperatorChangeStatus.Failed, Board.Current.HealthOf(targetId), "Lifeline is not running (starting or stopping)");
            }

            transitions = command switch
            {
                OperatorCommand.Drain => Board.Drain(targetId, note),
                OperatorCommand.Disable => Board.Disable(targetId, note),
                _ => Board.Enable(targetId, note),
            };
            var verb = Verb(command);
            var detail = transitions.Count > 0
                ? note
                : Join(note, "no change: already " + (Board.Current.HealthOf(targetId)?.ToString() ?? "unknown"));
            // The action and the transition it caused share one time, so events list them together.
            var at = transitions.Count > 0 ? transitions[0].At : _time.GetUtcNow();
            var action = new JournalOperatorAction(at, actor, verb, targetId, detail);
            Enqueue(new MonitorWork(transitions, action, done));
        }

        RaiseHealthChanged(transitions);
        var health = Board.Current.HealthOf(targetId);
        LogOperatorChange(_logger, Verb(command), targetId, actor, note ?? "none", health?.ToString() ?? "unknown");
        try
        {
            await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            return new OperatorChangeResult(targetId, OperatorChangeStatus.Failed, health, "the journal could not record the change: " + ex.Message);
        }

        return new OperatorChangeResult(targetId, transitions.Count > 0 ? OperatorChangeStatus.Changed : OperatorChangeStatus.Unchanged, health);
    }

    /// <summary>
    /// Completes once everything decided before the call (transitions, operator actions, target states) is committed
    /// to the journal. Throws <see cref="IOException"/> when the journal cannot write, or when the monitor is not running.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_order)
        {
            if (!_running || !Enqueue(new MonitorWork([], Done: done)))
            {
                throw new IOException("the health monitor is not running");
            }
        }

        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The same change for every gateway of a trunk, in configuration order.</summary>
    public async Task<IReadOnlyList<OperatorChangeResult>?> ChangeTrunkAsync(string trunkName, OperatorCommand command, string actor, string? note, CancellationToken cancellationToken = default)
    {
        var trunk = _catalog.FindTrunk(trunkName);
        if (trunk is null)
        {
            return null;
        }

        var results = new List<OperatorChangeResult>(trunk.Gateways.Count);
        var trunkNote = Join("trunk " + trunk.Name, note);
        foreach (var gateway in trunk.Gateways)
        {
            results.Add(await ChangeAsync(gateway.Id, command, actor, trunkNote, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>Restores saved target states and last transitions from the journal, then starts the loops.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var restored = RestoreFromJournal();
        _running = true;
        _workLoop = Task.Run(WorkLoopAsync, CancellationToken.None);
        var disabledTrunks = 0;
        foreach (var trunk in _catalog.Trunks)
        {
            disabledTrunks += trunk.Watched ? 0 : 1;
        }

        LogStarted(_logger, _catalog.Watched.Count, _catalog.Trunks.Count - disabledTrunks, disabledTrunks, restored);
        return base.StartAsync(cancellationToken);
    }

    /// <summary>
    /// Stops the periodic loop, then records what is still queued, saves every target's state and waits until the
    /// journal has committed it all. Done here rather than at the end of <see cref="ExecuteAsync"/>, which may never
    /// run at all when the host stops right after starting.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (Interlocked.Exchange(ref _stopped, 1) != 0 || _workLoop is null)
        {
            return;
        }

        lock (_order)
        {
            _running = false;
            Enqueue(new MonitorWork([], SaveAllStates: true));
            _work.Writer.TryComplete();
        }

        await _workLoop.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            LogStopped(_logger, Board.Current.Targets.Count);
        }
        catch (IOException ex)
        {
            LogJournalFailed(_logger, "the final target states", ex);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await TickLoopAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task TickLoopAsync(CancellationToken stoppingToken)
    {
        var period = _options.TickInterval;
        var last = _time.GetTimestamp();
        using var timer = new PeriodicTimer(period, _time);
        var lastSummary = _time.GetUtcNow();
        var lastSnapshot = lastSummary;
        var saveNext = -1;
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            // A tick that comes late means the process (GC, CPU starvation, a paused VM) or the machine stalled:
            // probes in flight were judged unfairly, so the board suspects itself before it blames carriers.
            var stamp = _time.GetTimestamp();
            var lateness = _time.GetElapsedTime(last, stamp) - period;
            last = stamp;
            if (lateness < TimeSpan.Zero)
            {
                lateness = TimeSpan.Zero;
            }

            Interlocked.Exchange(ref _lastLatenessTicks, lateness.Ticks);
            _metrics.RecordTickLateness(lateness);
            var threshold = Board.Options.SelfHealth.LateTimerThreshold;
            if (lateness >= threshold)
            {
                LogLateTimers(_logger, HealthText.Duration(lateness), HealthText.Duration(threshold));
            }

            IReadOnlyList<Transition> transitions;
            lock (_order)
            {
                Board.ReportTimerLateness(lateness);
                transitions = Board.Tick();
                var self = Board.SelfHealth;
                var selfChanged = self.State != _selfHealth.State;
                if (transitions.Count > 0 || selfChanged)
                {
                    Enqueue(new MonitorWork(transitions, SelfHealthFrom: selfChanged ? _selfHealth : null, SelfHealthTo: selfChanged ? self : null));
                }

                _selfHealth = self;
            }

            RaiseHealthChanged(transitions);
            Interlocked.Increment(ref _ticks);
            var now = _time.GetUtcNow();
            if (saveNext < 0 && now - lastSnapshot >= _options.SnapshotInterval && Board.Current.Version != Interlocked.Read(ref _savedVersion))
            {
                lastSnapshot = now;
                saveNext = 0;
                Interlocked.Exchange(ref _savedVersion, Board.Current.Version);
            }

            if (saveNext >= 0)
            {
                // Spread over the interval: 100,000 states written at once would stall the journal (and probe
                // minutes behind it) for tens of seconds; a slice a tick is a steady trickle.
                var watched = _catalog.Watched.Count;
                var slice = Math.Max(1, (int)Math.Ceiling(watched * (period / _options.SnapshotInterval)));
                var end = Math.Min(watched, saveNext + slice);
                Enqueue(new MonitorWork([], SaveFrom: saveNext, SaveTo: end));
                saveNext = end >= watched ? -1 : end;
            }

            if (now - lastSummary >= _options.SummaryInterval)
            {
                lastSummary = now;
                LogSummaryNow();
            }
        }
    }

    private async Task WorkLoopAsync()
    {
        var reader = _work.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var work))
            {
                try
                {
                    await ProcessAsync(work).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or ChannelClosedException)
                {
                    LogJournalFailed(_logger, "a health change", ex);
                    work.Done?.TrySetException(ex as IOException ?? new IOException(ex.Message, ex));
                }
            }
        }
    }

    private async Task ProcessAsync(MonitorWork work)
    {
        if (work.Action is { } action)
        {
            await _writer.AppendOperatorActionAsync(action).ConfigureAwait(false);
        }

        foreach (var transition in work.Transitions)
        {
            await RecordTransitionAsync(transition).ConfigureAwait(false);
        }

        if (work.SelfHealthFrom is { } from && work.SelfHealthTo is { } to)
        {
            await RecordSelfHealthAsync(from, to).ConfigureAwait(false);
        }

        if (work.SaveTo > work.SaveFrom)
        {
            var watched = _catalog.Watched;
            var ids = new string[work.SaveTo - work.SaveFrom];
            for (var i = 0; i < ids.Length; i++)
            {
                ids[i] = watched[work.SaveFrom + i].Id;
            }

            foreach (var snapshot in Board.Capture(ids))
            {
                await SaveStateAsync(snapshot).ConfigureAwait(false);
            }
        }

        if (work.SaveAllStates)
        {
            var version = Board.Current.Version;
            foreach (var snapshot in Board.Capture())
            {
                await SaveStateAsync(snapshot).ConfigureAwait(false);
            }

            Interlocked.Exchange(ref _savedVersion, version);
        }

        if (work.Done is { } done)
        {
            await _writer.FlushAsync().ConfigureAwait(false);
            done.TrySetResult();
        }
    }

    private async Task RecordTransitionAsync(Transition transition)
    {
        var trunk = _catalog.Find(transition.TargetId)?.Trunk.Name ?? string.Empty;
        var from = transition.From.ToString();
        var to = transition.To.ToString();
        if (transition.IsSuspicionOnly)
        {
            // Up ↔ Suspect keeps the target in service; on a lossy link it happens every few minutes per gateway.
            LogSuspicion(_logger, transition.TargetId, from, to, transition.Reason, trunk, transition.Evidence.Detector);
        }
        else
        {
            LogTransition(_logger, transition.TargetId, from, to, transition.Reason, trunk, transition.Evidence.Detector);
        }

        _metrics.RecordTransition(transition, trunk);
        _last[transition.TargetId] = new LastTransition(transition.At, from, to, transition.Reason);
        var evidence = JsonSerializer.Serialize(JournalEvidence.From(transition.Evidence), MonitoringJsonContext.Default.JournalEvidence);
        await _writer.AppendTransitionAsync(new JournalTransition(transition.At, transition.TargetId, MonitoredTarget.GatewayKind, from, to, transition.Reason, evidence)).ConfigureAwait(false);
        foreach (var snapshot in Board.Capture([transition.TargetId]))
        {
            await SaveStateAsync(snapshot).ConfigureAwait(false);
        }
    }

    private async Task RecordSelfHealthAsync(SelfHealthReport from, SelfHealthReport to)
    {
        var now = _time.GetUtcNow();
        string reason;
        if (to.State == SelfHealthState.Suspect)
        {
            reason = to.Reason;
            LogSelfSuspect(_logger, to.Reason);
        }
        else
        {
            var lasted = HealthText.Duration(now - from.Since);
            reason = "no sign of a local problem any more, after " + lasted;
            LogSelfHealthy(_logger, lasted);
        }

        _last[SelfTargetId] = new LastTransition(now, from.State.ToString(), to.State.ToString(), reason);
        await _writer.AppendTransitionAsync(new JournalTransition(now, SelfTargetId, SelfKind, from.State.ToString(), to.State.ToString(), reason)).ConfigureAwait(false);
    }

    private ValueTask SaveStateAsync(TargetHealthSnapshot snapshot)
    {
        var json = JsonSerializer.Serialize(snapshot, MonitoringJsonContext.Default.TargetHealthSnapshot);
        return _writer.SaveTargetStateAsync(new TargetStateRow(snapshot.TargetId, json, _time.GetUtcNow()));
    }

    private int RestoreFromJournal()
    {
        var snapshots = new List<TargetHealthSnapshot>();
        foreach (var row in _reader.ReadTargetStates())
        {
            var target = _catalog.Find(row.TargetId);
            if (target is null)
            {
                // Removed from the configuration: its state would only come back to haunt a new gateway of the same name.
                _ = _writer.RemoveTargetStateAsync(row.TargetId);
                continue;
            }

            if (!target.Trunk.Enabled)
            {
                continue;
            }

            try
            {
                var snapshot = JsonSerializer.Deserialize(row.StateJson, MonitoringJsonContext.Default.TargetHealthSnapshot);
                if (snapshot is not null && snapshot.TargetId == row.TargetId)
                {
                    snapshots.Add(snapshot);
                }
            }
            catch (JsonException ex)
            {
                LogRestoreSkipped(_logger, row.TargetId, ex.Message);
            }
        }

        Board.Restore(snapshots);

        // Only targets whose saved state counts a transition have one in the journal (a state is saved with each):
        // one query per gateway would keep 100,000 gateways from starting for minutes.
        foreach (var snapshot in snapshots)
        {
            if (snapshot.Counters.Transitions == 0)
            {
                continue;
            }

            var page = _reader.ReadTransitions(snapshot.TargetId, limit: 1);
            if (page.Items.Count > 0)
            {
                var t = page.Items[0];
                _last[snapshot.TargetId] = new LastTransition(t.At, t.FromState, t.ToState, t.Reason);
            }
        }

        return snapshots.Count;
    }

    private void LogSummaryNow()
    {
        Span<int> counts = stackalloc int[6];
        var current = Board.Current;
        current.Targets.CountByHealth(counts);

        var self = current.SelfHealth.State == SelfHealthState.Healthy ? "Healthy" : "Suspect: " + current.SelfHealth.Reason;
        LogSummary(
            _logger,
            current.Targets.Count,
            counts[(int)TargetHealth.Up],
            counts[(int)TargetHealth.Suspect],
            counts[(int)TargetHealth.Down],
            counts[(int)TargetHealth.Recovering],
            counts[(int)TargetHealth.Drained],
            counts[(int)TargetHealth.Disabled],
            self);
    }

    private void RaiseHealthChanged(IReadOnlyList<Transition> transitions)
    {
        if (transitions.Count == 0 || HealthChanged is not { } handler)
        {
            return;
        }

        // Up → Suspect → Down in one signal is two transitions of one target: tell once.
        for (var i = 0; i < transitions.Count; i++)
        {
            if (i == 0 || transitions[i].TargetId != transitions[i - 1].TargetId)
            {
                handler(transitions[i].TargetId);
            }
        }
    }

    private bool Enqueue(MonitorWork work) => _work.Writer.TryWrite(work);

    private static string Verb(OperatorCommand command) => command switch
    {
        OperatorCommand.Drain => "drain",
        OperatorCommand.Disable => "disable",
        _ => "enable",
    };

    private static string? Join(string? first, string? second) =>
        string.IsNullOrEmpty(first) ? second : string.IsNullOrEmpty(second) ? first : string.Create(CultureInfo.InvariantCulture, $"{first}: {second}");
}
