using System.Diagnostics.Metrics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Lifeline.Health;
using Lifeline.Journal;
using Lifeline.Sip.Transports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lifeline.Probing;

/// <summary>
/// Keeps every target probed on time: one table of targets, three priority queues keyed by due time (probes to
/// start, probe deadlines, CRLF keepalives), a token bucket for the global rate cap, and one caller — the
/// <see cref="ProbingService"/> loop — running <see cref="RunDue"/> every tick. No task or timer per target.
/// </summary>
/// <remarks>
/// <para>Timing follows <see cref="HealthMath.NextProbeStart"/>: a target's next probe starts at
/// <c>max(previous start + interval for its health now, previous completion)</c>, so probes to one target never
/// overlap, and the interval shortens as soon as a miss makes it Suspect. The first probe of a new target is
/// jittered over one interval, so 100,000 targets added at once are spread evenly.</para>
/// <para>When the rate cap binds, due probes wait in due order (the longest-waiting first) and are counted late
/// once they start more than <see cref="ProbingOptions.LateAfter"/> after they were due; nothing is dropped.</para>
/// <para>A probe ends exactly once: by <see cref="Answered"/>, <see cref="Failed"/> or its deadline, whichever
/// comes first under the lock; later reports carry a token that no longer matches and are ignored.</para>
/// <para>Signals are reported outside the lock, then the next probe is scheduled with the interval the board gives
/// after that signal.</para>
/// </remarks>
internal sealed partial class ProbeScheduler
{
    private const int TokenBatch = 64;

    /// <summary>Targets whose minute rows the sweep writes per tick: 25,000 a second, within the journal's queue.</summary>
    private const int SweepSlice = 250;

    /// <summary>How far into a minute the sweep of the previous one starts: most probes of that minute have ended.</summary>
    private static readonly TimeSpan SweepDelay = TimeSpan.FromSeconds(2);

    private readonly Lock _lock = new();
    private readonly HealthBoard _board;
    private readonly ProbeSignalSink _signals;
    private readonly TimeProvider _time;
    private readonly ProbingOptions _options;
    private readonly Func<ProbeMinute, bool>? _journal;
    private readonly ILogger _logger;
    private readonly Random _random;
    private readonly long _origin;
    private readonly Dictionary<string, ProbeTarget> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProbeTrunkCounters> _trunks = new(StringComparer.Ordinal);
    private readonly Dictionary<SipEndPoint, ProbeTarget> _tcpOwners = [];
    private readonly Stack<int> _freeSlots = new();
    private readonly PriorityQueue<ScheduledItem, long> _due = new();
    private readonly PriorityQueue<ScheduledItem, long> _deadlines = new();
    private readonly PriorityQueue<ScheduledItem, long> _keepAlives = new();
    private readonly List<(ProbeTarget Target, ProbeTicket Ticket)> _starting = [];
    private readonly List<(ProbeTarget Target, ulong Token)> _expired = [];

    // The minute sweep (see SweepMinutesNeedsLock): targets in id order, the minute being swept, the cursor (-1 when
    // idle) and the rows of this tick's slice.
    private ProbeTarget[]? _idOrder;
    private long _sweptMinute = long.MinValue;
    private int _sweepNext = -1;
    private readonly List<ProbeMinute> _swept = [];
    private readonly List<ProbeTarget> _pinging = [];
    private readonly ulong[] _tokens = new ulong[TokenBatch];
    private readonly double _ratePerTick;
    private readonly double _bucketCapacity;
    private readonly long _tickTicks;
    private readonly long _lateAfterTicks;
    private ProbeTarget?[] _slots = new ProbeTarget?[256];
    private int _slotCount;
    private int _nextToken = TokenBatch;
    private double _bucket;
    private long _refilledTicks;
    private long _lastRunTicks = -1;
    private long _lastLatenessReport;
    private TimeSpan _worstLateness;
    private bool _deadlinesDeferred;
    private long _plannedRunTicks = long.MaxValue;
    private long _plannedWait = -1;
    private IProbeSender? _sender;
    private ProbeMetrics? _metrics;
    private int _inFlight;
    private long _sent;
    private long _answered;
    private long _timedOut;
    private long _failed;
    private long _late;
    private long _lagTicks;

    public ProbeScheduler(
        HealthBoard board,
        ProbeSignalSink signals,
        TimeProvider time,
        ProbingOptions options,
        Func<ProbeMinute, bool>? journal = null,
        IMeterFactory? meters = null,
        ILogger? logger = null,
        Random? random = null)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid probing options: " + string.Join("; ", errors), nameof(options));
        }

        _board = board;
        _signals = signals;
        _time = time;
        _options = options;
        _journal = journal;
        _logger = logger ?? NullLogger.Instance;
        _random = random ?? new Random();
        _origin = time.GetTimestamp();
        _tickTicks = options.Tick.Ticks;
        _lateAfterTicks = options.LateAfter.Ticks;
        _ratePerTick = options.MaxRate / TimeSpan.TicksPerSecond;

        // Two ticks' worth of probes (at least two) may go at once, so a tick that comes a little early loses no
        // token to the ceiling; over any second the cap holds within that.
        _bucketCapacity = Math.Max(2, 2 * options.MaxRate * options.Tick.TotalSeconds);
        _bucket = _bucketCapacity;
        _metrics = meters is null ? null : new ProbeMetrics(meters, this, options.PerTargetMetricsLimit);
    }

    public ProbingOptions Options => _options;

    public TimeProvider TimeProvider => _time;

    /// <summary>Targets being probed.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byId.Count;
            }
        }
    }

    /// <summary>Probes out now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Probes started since creation.</summary>
    public long ProbesSent => Interlocked.Read(ref _sent);

    /// <summary>Probes that got a response (alive or not).</summary>
    public long ProbesAnswered => Interlocked.Read(ref _answered);

    /// <summary>Probes that got no response in time.</summary>
    public long ProbesTimedOut => Interlocked.Read(ref _timedOut);

    /// <summary>Probes that failed at once (refused, unreachable, connection closed, lookup failed).</summary>
    public long ProbesFailed => Interlocked.Read(ref _failed);

    /// <summary>Probes started more than <see cref="ProbingOptions.LateAfter"/> after they were due (the rate cap bound, or the loop stalled).</summary>
    public long LateProbes => Interlocked.Read(ref _late);

    /// <summary>How far behind the scheduler was at its last tick: now minus the due time of the oldest probe still waiting for a token.</summary>
    public TimeSpan Lag => TimeSpan.FromTicks(Interlocked.Read(ref _lagTicks));

    /// <summary>Connects the sender; must be called once before <see cref="RunDue"/>.</summary>
    public void Attach(IProbeSender sender) => _sender = sender;

    /// <summary>
    /// Told, under the scheduler's lock so plans are never applied out of order, how long from now the loop should
    /// next run: after each <see cref="RunDue"/>, and whenever something becomes due before the planned run (an answer
    /// scheduling the next probe, a new target). The service sets its timer's period with it. Must not block.
    /// </summary>
    public Action<TimeSpan>? PlanNextRun { get; set; }

    /// <summary>
    /// Starts probing a target, its first probe jittered over one interval. A target with the same id and spec is
    /// left as it is (false); with another spec it is replaced. Returns false with an error when the gateway cannot
    /// be probed (not a sip: URI, TLS).
    /// </summary>
    public bool Add(ProbeTargetSpec spec, out string? error)
    {
        if (!ProbeGateway.TryCreate(spec.Gateway, spec.Settings, out var gateway, out error))
        {
            return false;
        }

        var interval = _board.ProbeIntervalFor(spec.Id);
        ProbeTarget? replaced = null;
        lock (_lock)
        {
            if (_byId.TryGetValue(spec.Id, out var existing))
            {
                if (existing.Spec == spec)
                {
                    return false;
                }

                replaced = existing;
                RemoveNeedsLock(existing);
            }

            var now = NowTicks();
            if (!_trunks.TryGetValue(spec.Trunk, out var counters))
            {
                counters = new ProbeTrunkCounters(spec.Trunk);
                _trunks.Add(spec.Trunk, counters);
            }

            var target = new ProbeTarget(AllocateSlotNeedsLock(), spec, gateway!, counters) { NeedsResolve = gateway!.Address is null };
            _slots[target.Index] = target;
            _byId.Add(spec.Id, target);
            _idOrder = null;
            if (target.IsTcp)
            {
                _tcpOwners.TryAdd(target.EndPoint, target);
            }

            var first = interval == Timeout.InfiniteTimeSpan ? _options.DisabledRecheck : interval;
            ScheduleNeedsLock(target, now + Jitter(first), parked: interval == Timeout.InfiniteTimeSpan);

            // CRLF pings only on TCP; a domain gateway's transport is known once it is resolved (see Resolved).
            if (target.IsTcp)
            {
                ScheduleFirstPingNeedsLock(target, now);
            }
        }

        if (replaced is not null)
        {
            Forget(replaced);
        }

        return true;
    }

    /// <summary>Stops probing a target; its answers still on the way are ignored. Its minute statistics go to the journal.</summary>
    public bool Remove(string targetId)
    {
        ProbeTarget? target;
        lock (_lock)
        {
            if (!_byId.TryGetValue(targetId, out target))
            {
                return false;
            }

            RemoveNeedsLock(target);
        }

        Forget(target);
        return true;
    }

    /// <summary>The target with this id, if probed.</summary>
    public ProbeTarget? Find(string targetId)
    {
        lock (_lock)
        {
            return _byId.GetValueOrDefault(targetId);
        }
    }

    /// <summary>
    /// The target's health changed outside the prober (calls failed): if its next probe is due later than its
    /// interval for the new health allows, it moves earlier. Probes in flight are not touched.
    /// </summary>
    public void Reschedule(string targetId)
    {
        var interval = _board.ProbeIntervalFor(targetId);
        if (interval == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        lock (_lock)
        {
            if (_byId.TryGetValue(targetId, out var target) && target.State == ProbeState.Waiting)
            {
                var due = Math.Max(target.StartTicks + interval.Ticks, NowTicks());
                if (due < target.DueTicks || target.Parked)
                {
                    ScheduleNeedsLock(target, due, parked: false);
                }
            }
        }

    }

    /// <summary>
    /// One tick: expires probes past their deadline, starts the due probes the rate cap allows, sends due CRLF
    /// pings and judges missing pongs, and reports how late this tick ran (self-health). Returns how long the loop
    /// may sleep before the next tick: one <see cref="ProbingOptions.Tick"/> while there is work, up to a second
    /// when nothing is due sooner (a few gateways should not cost a hundred wake-ups a second). Anything that makes
    /// work due sooner than that tells <see cref="PlanNextRun"/>.
    /// </summary>
    public TimeSpan RunDue()
    {
        var sender = _sender ?? throw new InvalidOperationException("no probe sender attached");
        var now = NowTicks();
        var lateness = MeasureLateness(now);
        lock (_lock)
        {
            RefillNeedsLock(now);

            // After a stall, answers may be waiting unread in socket buffers: give them one tick before judging.
            if (lateness.Ticks < Math.Max(4 * _tickTicks, TimeSpan.TicksPerMillisecond * 50) || _deadlinesDeferred)
            {
                _deadlinesDeferred = false;
                ExpireNeedsLock(now);
            }
            else
            {
                _deadlinesDeferred = true;
            }

            StartDueNeedsLock(now);
            KeepAlivesNeedsLock(now);
            SweepMinutesNeedsLock();

            // Until the wait is known, anything scheduled is picked up by this run or the next tick.
            _plannedRunTicks = now + _tickTicks;
        }

        foreach (var (target, token) in _expired)
        {
            Complete(target, token, Signal.ProbeTimedOut(_time.GetUtcNow(), TimeSpan.FromTicks(target.TimeoutTicks)), answered: false, failure: ProbeFailure.Timeout);
        }

        _expired.Clear();
        foreach (var (target, ticket) in _starting)
        {
            sender.SendProbe(target, ticket);
        }

        _starting.Clear();
        foreach (var target in _pinging)
        {
            sender.SendKeepAlive(target);
        }

        _pinging.Clear();
        foreach (var row in _swept)
        {
            _journal?.Invoke(row);
        }

        _swept.Clear();
        _metrics?.RecordTick(lateness, Lag);
        lock (_lock)
        {
            var wait = NextWaitNeedsLock(now);
            if (_sweepNext >= 0)
            {
                wait = Math.Min(wait, _tickTicks);
            }

            _plannedRunTicks = now + wait;
            PlanNeedsLock(wait);
            return TimeSpan.FromTicks(wait);
        }
    }

    /// <summary>A response arrived for the probe with this token; <paramref name="timestamp"/> is when it was read.</summary>
    public void Answered(int index, ulong token, long timestamp, int statusCode)
    {
        ProbeTarget? target;
        TimeSpan rtt;
        lock (_lock)
        {
            target = InFlightNeedsLock(index, token);
            if (target is null)
            {
                return;
            }

            rtt = _time.GetElapsedTime(target.StartTimestamp, timestamp);
            if (rtt < TimeSpan.Zero)
            {
                rtt = TimeSpan.Zero;
            }
        }

        var alive = target.Spec.Settings.AliveCodes.Contains(statusCode);
        var at = _time.GetUtcNow();
        var signal = alive ? Signal.ProbeAnswered(at, rtt, statusCode) : Signal.ProbeRejected(at, rtt, statusCode);
        _metrics?.RecordRtt(target.Spec.Trunk, rtt);
        Complete(target, token, signal, answered: true, failure: default);
    }

    /// <summary>The probe with this token failed without waiting for its deadline (refused, unreachable, lookup failed …).</summary>
    public void Failed(int index, ulong token, ProbeFailure failure)
    {
        ProbeTarget? target;
        lock (_lock)
        {
            target = InFlightNeedsLock(index, token);
            if (target is null)
            {
                return;
            }
        }

        var signal = failure == ProbeFailure.Timeout
            ? Signal.ProbeTimedOut(_time.GetUtcNow(), TimeSpan.FromTicks(target.TimeoutTicks))
            : Signal.ProbeTransportError(_time.GetUtcNow());
        Complete(target, token, signal, answered: false, failure);
    }

    /// <summary>
    /// The probe's gateway was looked up (RFC 3263) and the probe is about to be sent: the deadline, which allowed
    /// for the lookup, becomes the probe's own timeout from now. False when the probe already ended.
    /// </summary>
    public bool Resolved(int index, ulong token, SipEndPoint endPoint)
    {
        var timeout = _board.ProbeTimeoutFor(IdOf(index));
        lock (_lock)
        {
            var target = SlotNeedsLock(index);
            if (target is null || target.State != ProbeState.InFlight || target.Token != token)
            {
                return false;
            }

            var now = NowTicks();
            if (target.IsTcp && _tcpOwners.TryGetValue(target.EndPoint, out var owner) && owner == target)
            {
                _tcpOwners.Remove(target.EndPoint);
            }

            var wasTcp = target.IsTcp;
            target.EndPoint = endPoint;
            target.NeedsResolve = false;
            target.ResolvedTicks = now;
            if (target.IsTcp)
            {
                _tcpOwners.TryAdd(endPoint, target);
                if (!wasTcp)
                {
                    ScheduleFirstPingNeedsLock(target, now);
                }
            }

            target.StartTimestamp = _time.GetTimestamp();
            target.TimeoutTicks = timeout.Ticks;
            target.Version++;
            _deadlines.Enqueue(new ScheduledItem(target.Index, target.Version), now + timeout.Ticks);
            NoteDueNeedsLock(now + timeout.Ticks);
        }

        return true;
    }

    /// <summary>A CRLF pong came back on the connection to <paramref name="remote"/>.</summary>
    public void PongReceived(SipEndPoint remote, long timestamp)
    {
        ProbeTarget? target;
        TimeSpan rtt;
        lock (_lock)
        {
            if (!_tcpOwners.TryGetValue(remote, out target) || !target.PingOutstanding)
            {
                return;
            }

            rtt = _time.GetElapsedTime(target.PingTimestamp, timestamp);
            target.PingOutstanding = false;
            Interlocked.Increment(ref target.Counters.PongsReceived);
            var interval = target.Spec.Settings.CrlfKeepalive ?? TimeSpan.FromSeconds(30);
            target.KeepAliveVersion++;
            var next = Math.Max(target.PingTicks + interval.Ticks, NowTicks());
            _keepAlives.Enqueue(new ScheduledItem(target.Index, target.KeepAliveVersion), next);
            NoteDueNeedsLock(next);
        }

        _metrics?.RecordPongRtt(target.Spec.Trunk, rtt);
        LogPong(_logger, target.Id, rtt.TotalMilliseconds);
    }

    /// <summary>A TCP connection closed: a probe out on it to <paramref name="remote"/> has failed.</summary>
    public void ConnectionClosed(SipEndPoint remote)
    {
        ProbeTarget? target;
        ulong token;
        lock (_lock)
        {
            if (!_tcpOwners.TryGetValue(remote, out target) || target.State != ProbeState.InFlight)
            {
                return;
            }

            token = target.Token;
        }

        Failed(target.Index, token, ProbeFailure.ConnectionClosed);
    }

    /// <summary>Writes every target's minute in progress to the journal (on stop).</summary>
    public void FlushStatistics()
    {
        List<ProbeMinute> rows = [];
        lock (_lock)
        {
            foreach (var target in _byId.Values)
            {
                if (target.Minute.Flush(target.Id) is { } row)
                {
                    rows.Add(row);
                }
            }
        }

        foreach (var row in rows)
        {
            _journal?.Invoke(row);
        }
    }

    /// <summary>Per-trunk counters, for the metrics.</summary>
    public ProbeTrunkCounters[] TrunkCounters()
    {
        lock (_lock)
        {
            return [.. _trunks.Values];
        }
    }

    /// <summary>Every target (a copy), for per-target metrics of small installations.</summary>
    public ProbeTarget[] Targets()
    {
        lock (_lock)
        {
            return [.. _byId.Values];
        }
    }

    private long NowTicks() => _time.GetElapsedTime(_origin).Ticks;

    /// <summary>
    /// The board's probe interval for a target, remembered with the board's snapshot version: while nothing on the
    /// board changes (the steady state), no lookup among 100,000 targets is needed.
    /// </summary>
    private TimeSpan IntervalOf(ProbeTarget target)
    {
        var version = _board.Current.Version;
        if (target.IntervalVersion != version)
        {
            target.Interval = _board.ProbeIntervalAt(BoardSlot(target));
            target.IntervalVersion = version;
        }

        return target.Interval;
    }

    /// <summary>
    /// The target's slot on the board, looked up once it exists (the board may learn of a target only from its first
    /// signal); -1 until then, which the board's slot-taking methods treat as "the board's defaults".
    /// </summary>
    private int BoardSlot(ProbeTarget target)
    {
        var slot = target.BoardSlot;
        if (slot < 0)
        {
            slot = _board.SlotOf(target.Id);
            target.BoardSlot = slot;
        }

        return slot;
    }

    /// <summary>
    /// Writes every target's statistics of the minute that just ended, <see cref="SweepDelay"/> into the next minute,
    /// in target id order, <see cref="SweepSlice"/> targets a tick. The journal keys its per-minute rows by (minute,
    /// target id): rows in that order append to the end of the table, where rows written as each target's next probe
    /// happened to start landed all over the minute's pages (at 100,000 gateways most of the table's pages were
    /// rewritten through the WAL every second, and read back from disk). A target whose next probe starts before the
    /// sweep reaches it flushes its row then, as before; one with a probe of the old minute still in flight is left
    /// to flush when that probe ends.
    /// </summary>
    private void SweepMinutesNeedsLock()
    {
        if (_journal is null)
        {
            return;
        }

        var utc = _time.GetUtcNow().UtcTicks;
        var minute = utc / TimeSpan.TicksPerMinute;
        if (_sweepNext < 0)
        {
            if (minute <= _sweptMinute || utc - (minute * TimeSpan.TicksPerMinute) < SweepDelay.Ticks)
            {
                return;
            }

            _sweptMinute = minute;
            _sweepNext = 0;
        }

        if (_idOrder is null)
        {
            _idOrder = [.. _byId.Values];
            Array.Sort(_idOrder, static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        }

        var end = Math.Min(_idOrder.Length, _sweepNext + SweepSlice);
        for (var i = _sweepNext; i < end; i++)
        {
            var target = _idOrder[i];
            if (target.State == ProbeState.InFlight && target.StartedAt.UtcTicks / TimeSpan.TicksPerMinute < minute)
            {
                continue;
            }

            if (target.Minute.FlushBefore(minute, target.Id) is { } row)
            {
                _swept.Add(row);
            }
        }

        _sweepNext = end >= _idOrder.Length ? -1 : end;
    }

    private long Jitter(TimeSpan interval) => (long)(_random.NextDouble() * interval.Ticks);

    private string IdOf(int index)
    {
        lock (_lock)
        {
            return SlotNeedsLock(index)?.Id ?? string.Empty;
        }
    }

    private TimeSpan MeasureLateness(long now)
    {
        var lateness = TimeSpan.Zero;
        if (_lastRunTicks >= 0)
        {
            long planned;
            lock (_lock)
            {
                planned = _plannedRunTicks;
            }

            lateness = TimeSpan.FromTicks(Math.Max(0, now - Math.Min(planned, _lastRunTicks + TimeSpan.TicksPerSecond)));
        }

        _lastRunTicks = now;
        if (lateness > _worstLateness)
        {
            _worstLateness = lateness;
        }

        // Once a second, or at once when it is bad: the board suspects itself rather than every carrier.
        if (now - _lastLatenessReport >= TimeSpan.TicksPerSecond || lateness >= _board.Options.SelfHealth.LateTimerThreshold)
        {
            _board.ReportTimerLateness(_worstLateness);
            if (_worstLateness >= _board.Options.SelfHealth.LateTimerThreshold)
            {
                LogLateTicks(_logger, _worstLateness.TotalMilliseconds);
            }

            _worstLateness = TimeSpan.Zero;
            _lastLatenessReport = now;
        }

        return lateness;
    }

    private void RefillNeedsLock(long now)
    {
        var elapsed = now - _refilledTicks;
        _refilledTicks = now;
        _bucket = Math.Min(_bucketCapacity, _bucket + (elapsed * _ratePerTick));
    }

    private void ExpireNeedsLock(long now)
    {
        while (_deadlines.TryPeek(out var item, out var deadline) && deadline <= now)
        {
            _deadlines.Dequeue();
            var target = SlotNeedsLock(item.Index);
            if (target is null || target.Version != item.Version || target.State != ProbeState.InFlight)
            {
                continue;
            }

            // From here an answer arriving late no longer counts: the deadline won.
            target.State = ProbeState.Completing;
            target.Version++;
            _inFlight--;
            _expired.Add((target, target.Token));
        }
    }

    private void StartDueNeedsLock(long now)
    {
        long lag = 0;
        while (_due.TryPeek(out var item, out var due) && due <= now)
        {
            var target = SlotNeedsLock(item.Index);
            if (target is null || target.Version != item.Version || target.State != ProbeState.Waiting)
            {
                _due.Dequeue();
                continue;
            }

            // Disabled since it was scheduled (or still): park it, and look again later; no token is used.
            var interval = IntervalOf(target);
            if (interval == Timeout.InfiniteTimeSpan)
            {
                _due.Dequeue();
                ScheduleNeedsLock(target, now + _options.DisabledRecheck.Ticks, parked: true);
                continue;
            }

            if (target.Parked)
            {
                // Enabled again: probe now, in turn.
                _due.Dequeue();
                ScheduleNeedsLock(target, now, parked: false);
                continue;
            }

            if (_bucket < 1)
            {
                lag = now - due;
                break;
            }

            _due.Dequeue();
            _bucket -= 1;
            StartNeedsLock(target, now, due);
        }

        Interlocked.Exchange(ref _lagTicks, lag);
    }

    private void StartNeedsLock(ProbeTarget target, long now, long due)
    {
        if (now - due > _lateAfterTicks)
        {
            Interlocked.Increment(ref _late);
        }

        if (target.Gateway.Address is null && now - target.ResolvedTicks >= _options.ResolveInterval.Ticks)
        {
            target.NeedsResolve = true;
        }

        target.State = ProbeState.InFlight;
        target.Version++;
        target.Token = NextTokenNeedsLock();
        target.CSeq++;
        target.StartTicks = now;
        target.StartTimestamp = _time.GetTimestamp();
        target.StartedAt = _time.GetUtcNow();
        _inFlight++;
        Interlocked.Increment(ref _sent);
        Interlocked.Increment(ref target.Counters.Sent);
        target.Sent++;
        var timeout = _board.ProbeTimeoutAt(BoardSlot(target)).Ticks;
        target.TimeoutTicks = timeout;
        if (target.NeedsResolve)
        {
            timeout += _options.ResolveTimeout.Ticks;
        }

        _deadlines.Enqueue(new ScheduledItem(target.Index, target.Version), now + timeout);
        _starting.Add((target, new ProbeTicket(target.Index, target.Token, target.CSeq)));
    }

    private void KeepAlivesNeedsLock(long now)
    {
        while (_keepAlives.TryPeek(out var item, out var due) && due <= now)
        {
            _keepAlives.Dequeue();
            var target = SlotNeedsLock(item.Index);
            if (target is null || target.KeepAliveVersion != item.Version || target.Spec.Settings.CrlfKeepalive is not { } interval)
            {
                continue;
            }

            target.KeepAliveVersion++;
            if (target.PingOutstanding)
            {
                // RFC 5626 section 4.4.1: no pong in time means the flow failed; the OPTIONS on it will tell the board.
                target.PingOutstanding = false;
                Interlocked.Increment(ref target.Counters.PongsLost);
                LogPongLost(_logger, target.Id);
                _keepAlives.Enqueue(new ScheduledItem(target.Index, target.KeepAliveVersion), Math.Max(target.PingTicks + interval.Ticks, now));
                continue;
            }

            if (!target.IsTcp)
            {
                // Resolved to UDP since: no more pings (a new TCP resolution schedules them again).
                continue;
            }

            if (!_tcpOwners.TryGetValue(target.EndPoint, out var owner) || owner != target)
            {
                // Another target pings this connection: look again an interval later.
                _keepAlives.Enqueue(new ScheduledItem(target.Index, target.KeepAliveVersion), now + interval.Ticks);
                continue;
            }

            target.PingOutstanding = true;
            target.PingTicks = now;
            target.PingTimestamp = _time.GetTimestamp();
            Interlocked.Increment(ref target.Counters.PingsSent);
            _keepAlives.Enqueue(new ScheduledItem(target.Index, target.KeepAliveVersion), now + _options.PongTimeout.Ticks);
            _pinging.Add(target);
        }
    }

    private ProbeTarget? InFlightNeedsLock(int index, ulong token)
    {
        var target = SlotNeedsLock(index);
        if (target is null || target.State != ProbeState.InFlight || target.Token != token)
        {
            return null;
        }

        target.State = ProbeState.Completing;
        target.Version++;
        _inFlight--;
        return target;
    }

    private void Complete(ProbeTarget target, ulong token, in Signal signal, bool answered, ProbeFailure failure)
    {
        ProbeMinute? row;
        lock (_lock)
        {
            // Only the path that moved the probe from InFlight to Completing (answer, failure or deadline) gets here.
            if (target.State != ProbeState.Completing || target.Token != token)
            {
                return;
            }

            var alive = signal.IsSuccess;
            target.LastAnswered = alive;
            target.LastFailure = answered ? null : failure;
            if (answered)
            {
                Interlocked.Increment(ref _answered);
                Interlocked.Increment(ref target.Counters.Answered);
                target.Answered++;
            }
            else
            {
                target.Lost++;
                if (failure == ProbeFailure.Timeout)
                {
                    Interlocked.Increment(ref _timedOut);
                    Interlocked.Increment(ref target.Counters.TimedOut);
                }
                else
                {
                    Interlocked.Increment(ref _failed);
                    Interlocked.Increment(ref target.Counters.Failed);
                }
            }

            if (!alive && target.Gateway.Address is null)
            {
                // The domain may point elsewhere now: look it up again before the next probe, and prefer another of
                // its servers if it has several (RFC 3263 failover).
                target.NeedsResolve = true;
                target.FailedEndPoint = target.EndPoint;
            }

            row = target.Minute.Record(target.Id, target.StartedAt, answered, signal.Rtt);
        }

        if (!answered)
        {
            LogProbeFailed(_logger, target.Id, failure, signal.Rtt.TotalMilliseconds);
        }

        _signals(target.Id, BoardSlot(target), signal);
        if (row is not null)
        {
            _journal?.Invoke(row);
        }

        // The interval for the health the signal just produced: a first miss makes it Suspect, and faster.
        var interval = IntervalOf(target);
        lock (_lock)
        {
            if (target.State != ProbeState.Completing || target.Token != token)
            {
                return;
            }

            var now = NowTicks();
            if (interval == Timeout.InfiniteTimeSpan)
            {
                ScheduleNeedsLock(target, now + _options.DisabledRecheck.Ticks, parked: true);
            }
            else
            {
                ScheduleNeedsLock(target, Math.Max(target.StartTicks + interval.Ticks, now), parked: false);
            }
        }

    }

    private long NextWaitNeedsLock(long now)
    {
        // A backlog (the cap binds) or anything in flight: tick on. Otherwise sleep until the first due entry
        // (stale entries only make it wake early), at most a second.
        if (_inFlight > 0 || (_due.TryPeek(out _, out var due) && due <= now))
        {
            return _tickTicks;
        }

        var next = now + TimeSpan.TicksPerSecond;
        if (_due.TryPeek(out _, out due))
        {
            next = Math.Min(next, due);
        }

        if (_deadlines.TryPeek(out _, out var deadline))
        {
            next = Math.Min(next, deadline);
        }

        if (_keepAlives.TryPeek(out _, out var ping))
        {
            next = Math.Min(next, ping);
        }

        return Math.Max(_tickTicks, next - now);
    }

    /// <summary>Notes an entry due at <paramref name="due"/>: if the loop plans to run later than that, it runs sooner.</summary>
    private void NoteDueNeedsLock(long due)
    {
        if (due < _plannedRunTicks)
        {
            var now = NowTicks();
            _plannedRunTicks = Math.Max(due, now + _tickTicks);
            PlanNeedsLock(_plannedRunTicks - now);
            _plannedWait = -1;
        }
    }

    private void PlanNeedsLock(long wait)
    {
        // In the steady state of a busy scheduler the plan is one tick every time: leave the timer alone.
        if (wait != _plannedWait)
        {
            _plannedWait = wait;
            PlanNextRun?.Invoke(TimeSpan.FromTicks(wait));
        }
    }

    private void ScheduleFirstPingNeedsLock(ProbeTarget target, long now)
    {
        if (target.Spec.Settings.CrlfKeepalive is { } interval)
        {
            target.KeepAliveVersion++;
            target.PingOutstanding = false;
            var due = now + Jitter(interval);
            _keepAlives.Enqueue(new ScheduledItem(target.Index, target.KeepAliveVersion), due);
            NoteDueNeedsLock(due);
        }
    }

    private void ScheduleNeedsLock(ProbeTarget target, long due, bool parked)
    {
        target.State = ProbeState.Waiting;
        target.Parked = parked;
        target.Version++;
        target.DueTicks = due;
        _due.Enqueue(new ScheduledItem(target.Index, target.Version), due);
        NoteDueNeedsLock(due);
    }

    private void RemoveNeedsLock(ProbeTarget target)
    {
        if (target.State == ProbeState.InFlight)
        {
            _inFlight--;
        }

        _byId.Remove(target.Id);
        _idOrder = null;
        if (target.IsTcp && _tcpOwners.TryGetValue(target.EndPoint, out var owner) && owner == target)
        {
            _tcpOwners.Remove(target.EndPoint);
        }

        target.State = ProbeState.Removed;
        target.Version++;
        target.KeepAliveVersion++;
        _slots[target.Index] = null;
        _freeSlots.Push(target.Index);
    }

    private void Forget(ProbeTarget target)
    {
        ProbeMinute? row;
        lock (_lock)
        {
            row = target.Minute.Flush(target.Id);
        }

        if (row is not null)
        {
            _journal?.Invoke(row);
        }

        _sender?.Forget(target);
    }

    private int AllocateSlotNeedsLock()
    {
        if (_freeSlots.TryPop(out var index))
        {
            return index;
        }

        if (_slotCount == _slots.Length)
        {
            Array.Resize(ref _slots, _slots.Length * 2);
        }

        return _slotCount++;
    }

    private ProbeTarget? SlotNeedsLock(int index) => (uint)index < (uint)_slotCount ? _slots[index] : null;

    private ulong NextTokenNeedsLock()
    {
        while (true)
        {
            if (_nextToken == TokenBatch)
            {
                // Unpredictable tokens: a forged "200 OK" must guess 64 random bits to keep a dead gateway alive.
                RandomNumberGenerator.Fill(MemoryMarshal.AsBytes(_tokens.AsSpan()));
                _nextToken = 0;
            }

            var token = _tokens[_nextToken++];
            if (token != 0)
            {
                return token;
            }
        }
    }
}
