using System.Buffers;
using System.Collections.Frozen;
using Lifeline.Config;
using Lifeline.Health;
using Lifeline.Monitoring;

namespace Lifeline.Routing;

/// <summary>
/// The route planner (docs/failover.md, "How a route plan is made"): normalizes the dialed number, picks the trunks
/// (a pin, else least cost then priority), orders each trunk's gateways by health, and reads the health board's
/// snapshot once per plan without a lock. Built once per configuration; thread-safe. A plan allocates its result and
/// nothing else.
/// </summary>
internal sealed class RoutePlanner : IRoutePlanner
{
    private const int StackLimit = 128;

    // Deferred attempts carry their tier in the high bits: Recovering gateways not picked for this call first, then
    // (only while Lifeline suspects itself) Down ones.
    private const int DownTier = 1 << 30;

    private readonly RouteTrunk[] _trunks;
    private readonly RouteGateway[] _gateways;
    private readonly int[] _gatewayStart;
    private readonly int[] _trunkOfGateway;
    private readonly int[] _staticRank;
    private readonly int[] _byStaticRank;
    private readonly bool[] _hasRates;
    private readonly bool _anyRates;
    private readonly RateTrie _rates;
    private readonly NumberNormalizer _normalizer;
    private readonly ResolvedPin[] _pins;
    private readonly string[] _disabledTrunks;
    private readonly FrozenDictionary<string, int> _gatewayIndex;
    private readonly int[] _rotation;
    private readonly long[] _timeoutTicks;
    private readonly long[] _timeoutRefreshAt;
    private readonly long _timeoutRefresh;
    private readonly HealthBoard _board;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly RoutePlannerOptions _options;
    private GatewayHealthView? _view;

    /// <summary>
    /// Builds a planner. <paramref name="random"/> decides which calls a Recovering gateway gets (seed it in tests);
    /// it must be thread-safe if plans are made on several threads (<see cref="Random.Shared"/> is). On a configuration
    /// reload, pass the <paramref name="previous"/> planner: a trunk that keeps its name and limits keeps its
    /// <see cref="TrunkLoad"/>, so calls in progress still count against its limits.
    /// </summary>
    public RoutePlanner(LifelineConfig config, HealthBoard board, TimeProvider timeProvider, Random random, RoutePlannerOptions? options = null, RoutePlanner? previous = null)
    {
        _board = board;
        _time = timeProvider;
        _random = random;
        _options = options ?? new RoutePlannerOptions();
        _timeoutRefresh = Math.Max(1, (long)(_options.TimeoutRefresh.TotalSeconds * timeProvider.TimestampFrequency));

        var trunks = new List<RouteTrunk>();
        var disabled = new List<string>();
        var gateways = new List<RouteGateway>();
        var starts = new List<int>();
        foreach (var trunk in config.Trunks)
        {
            if (!trunk.Enabled)
            {
                disabled.Add(trunk.Name);
                continue;
            }

            var own = new RouteGateway[trunk.Gateways.Count];
            for (var g = 0; g < own.Length; g++)
            {
                own[g] = new RouteGateway(MonitoredTarget.IdOf(trunk.Name, trunk.Gateways[g]), trunk.Gateways[g]);
            }

            starts.Add(gateways.Count);
            gateways.AddRange(own);
            var load = previous?.FindTrunk(trunk.Name)?.Load is { } kept && kept.MaxCalls == trunk.Limits.MaxCalls && kept.MaxCps == trunk.Limits.MaxCps
                ? kept
                : new TrunkLoad(trunk.Limits.MaxCalls, trunk.Limits.MaxCps, timeProvider);
            trunks.Add(new RouteTrunk(trunk, own, load));
        }

        starts.Add(gateways.Count);
        _trunks = [.. trunks];
        _gateways = [.. gateways];
        _gatewayStart = [.. starts];
        _trunkOfGateway = new int[_gateways.Length];
        for (var t = 0; t < _trunks.Length; t++)
        {
            Array.Fill(_trunkOfGateway, t, _gatewayStart[t], _gatewayStart[t + 1] - _gatewayStart[t]);
        }
        _disabledTrunks = [.. disabled];

        // Priority, then configuration order: the tie-breaker after cost, and the whole order when cost says nothing.
        _byStaticRank = new int[_trunks.Length];
        for (var i = 0; i < _byStaticRank.Length; i++)
        {
            _byStaticRank[i] = i;
        }

        Array.Sort(_byStaticRank, (a, b) => _trunks[a].Config.Priority != _trunks[b].Config.Priority
            ? _trunks[a].Config.Priority.CompareTo(_trunks[b].Config.Priority)
            : a.CompareTo(b));
        _staticRank = new int[_trunks.Length];
        for (var rank = 0; rank < _byStaticRank.Length; rank++)
        {
            _staticRank[_byStaticRank[rank]] = rank;
        }

        _hasRates = [.. _trunks.Select(t => !t.Config.Rates.IsEmpty)];
        _anyRates = _hasRates.Contains(true);
        _rates = RateTrie.Build([.. _trunks.Select(t => t.Config.Rates.Prefixes)]);
        _normalizer = new NumberNormalizer(config.Proxy?.Normalize ?? []);
        _pins = ResolvePins(config.Proxy?.Routes ?? []);

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _gateways.Length; i++)
        {
            index[_gateways[i].TargetId] = i;
        }

        _gatewayIndex = index.ToFrozenDictionary(StringComparer.Ordinal);
        _rotation = new int[_trunks.Length];
        _timeoutTicks = new long[_gateways.Length];
        _timeoutRefreshAt = new long[_gateways.Length];
        Array.Fill(_timeoutRefreshAt, long.MinValue);
    }

    /// <summary>The enabled trunks, in configuration order, with their live load.</summary>
    public IReadOnlyList<RouteTrunk> Trunks => _trunks;

    /// <summary>
    /// The planner for a loaded configuration, deciding Recovering shares with <see cref="Random.Shared"/>; on a reload,
    /// <paramref name="previous"/> hands over the trunks' live load (see the constructor).
    /// </summary>
    public static RoutePlanner Create(LifelineConfig config, HealthBoard board, TimeProvider timeProvider, RoutePlanner? previous = null) =>
        new(config, board, timeProvider, Random.Shared, previous: previous);

    /// <summary>An enabled trunk by name; null when absent or disabled.</summary>
    public RouteTrunk? FindTrunk(string name)
    {
        foreach (var trunk in _trunks)
        {
            if (trunk.Name == name)
            {
                return trunk;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public RoutePlan Plan(string dialed)
    {
        var number = _normalizer.Normalize(dialed);
        if (number.Text.Length == 0)
        {
            return new RoutePlan(dialed, string.Empty, [], "nothing dialed: the Request-URI has no number");
        }

        var view = CurrentView();
        var n = _trunks.Length;
        int[]? rentedTrunks = null;
        int[]? rentedGateways = null;
        try
        {
            Span<int> trunkSpace = n <= StackLimit ? stackalloc int[n * 2] : (rentedTrunks = ArrayPool<int>.Shared.Rent(n * 2));
            var order = trunkSpace[..n];
            var ranks = trunkSpace.Slice(n, n);
            var pin = FindPin(number.Text);
            var priced = number.IsNumber && _anyRates;
            if (priced)
            {
                _rates.Match(number.Text, ranks);
            }

            var count = pin is not null ? PinnedOrder(pin, order) : priced ? CostOrder(ranks, order) : StaticOrder(order);
            var total = _gateways.Length;
            Span<int> gatewaySpace = total <= StackLimit ? stackalloc int[total * 2] : (rentedGateways = ArrayPool<int>.Shared.Rent(total * 2));
            var main = gatewaySpace[..total];
            var deferred = gatewaySpace.Slice(total, total);
            var (mainCount, deferredCount) = Order(view, order[..count], main, deferred);
            if (mainCount + deferredCount == 0)
            {
                return new RoutePlan(dialed, number.Text, [], Explain(view, number, pin, priced ? ranks : default));
            }

            var attempts = new RouteAttempt[mainCount + deferredCount];
            var at = 0;
            foreach (var g in main[..mainCount])
            {
                attempts[at++] = Attempt(g, priced ? ranks : default);
            }

            // Recovering gateways left out of this call's share, then Down ones (self-suspect only): last resorts.
            foreach (var d in deferred[..deferredCount])
            {
                if ((d & DownTier) == 0)
                {
                    attempts[at++] = Attempt(d, priced ? ranks : default);
                }
            }

            foreach (var d in deferred[..deferredCount])
            {
                if ((d & DownTier) != 0)
                {
                    attempts[at++] = Attempt(d & ~DownTier, priced ? ranks : default);
                }
            }

            return new RoutePlan(dialed, number.Text, attempts, null);
        }
        finally
        {
            if (rentedTrunks is not null)
            {
                ArrayPool<int>.Shared.Return(rentedTrunks);
            }

            if (rentedGateways is not null)
            {
                ArrayPool<int>.Shared.Return(rentedGateways);
            }
        }
    }

    /// <inheritdoc />
    public TimeSpan FirstResponseTimeout(RouteAttempt attempt)
    {
        var setting = attempt.Trunk.Config.InviteTimeout;
        if (!setting.IsAuto)
        {
            return setting.Fixed;
        }

        var id = attempt.Gateway.TargetId;
        if (!_gatewayIndex.TryGetValue(id, out var i))
        {
            return BoundFirstResponse(_board.ProbeTimeoutFor(id));
        }

        // The board computes the probe timeout under its lock; reusing it for a second keeps calls off that lock.
        var now = _time.GetTimestamp();
        if (now < Volatile.Read(ref _timeoutRefreshAt[i]))
        {
            return TimeSpan.FromTicks(Volatile.Read(ref _timeoutTicks[i]));
        }

        var timeout = BoundFirstResponse(_board.ProbeTimeoutFor(id));
        Volatile.Write(ref _timeoutTicks[i], timeout.Ticks);
        Volatile.Write(ref _timeoutRefreshAt[i], now + _timeoutRefresh);
        return timeout;
    }

    private TimeSpan BoundFirstResponse(TimeSpan probeTimeout)
    {
        var value = probeTimeout + _options.ResponseAllowance;
        return value < _options.MinFirstResponse ? _options.MinFirstResponse
            : value > _options.MaxFirstResponse ? _options.MaxFirstResponse
            : value;
    }

    private GatewayHealthView CurrentView()
    {
        var snapshot = _board.Current;
        var view = Volatile.Read(ref _view);
        if (view is null || !ReferenceEquals(view.Snapshot, snapshot))
        {
            // Two threads may build the same view at once; either result is right.
            view = GatewayHealthView.Build(snapshot, _gateways);
            Volatile.Write(ref _view, view);
        }

        return view;
    }

    private RouteAttempt Attempt(int gateway, ReadOnlySpan<int> ranks)
    {
        var t = _trunkOfGateway[gateway];
        var rate = !ranks.IsEmpty && _hasRates[t] && ranks[t] >= 0 ? _rates.RateOf(ranks[t]) : (decimal?)null;
        return new RouteAttempt(_trunks[t], _gateways[gateway]) { Rate = rate };
    }

    private ResolvedPin? FindPin(string text)
    {
        // Sorted longest prefix first, so the first match is the longest.
        foreach (var pin in _pins)
        {
            if (pin.Matches(text))
            {
                return pin;
            }
        }

        return null;
    }

    private static int PinnedOrder(ResolvedPin pin, Span<int> order)
    {
        pin.Trunks.CopyTo(order);
        return pin.Trunks.Length;
    }

    private int StaticOrder(Span<int> order)
    {
        _byStaticRank.CopyTo(order);
        return _byStaticRank.Length;
    }

    /// <summary>Trunks with a rate, cheapest first, then trunks without a rate table; a trunk whose table has no match for the number is left out.</summary>
    private int CostOrder(ReadOnlySpan<int> ranks, Span<int> order)
    {
        var count = 0;
        for (var t = 0; t < _trunks.Length; t++)
        {
            int rank;
            if (_hasRates[t])
            {
                if (ranks[t] < 0)
                {
                    continue;
                }

                rank = ranks[t];
            }
            else
            {
                rank = int.MaxValue;
            }

            // Insertion sort on (rate rank, static rank): a handful of trunks, no allocation, stable by construction.
            var key = ((long)rank << 32) | (uint)_staticRank[t];
            var at = count++;
            while (at > 0 && Key(order[at - 1], ranks) > key)
            {
                order[at] = order[at - 1];
                at--;
            }

            order[at] = t;
        }

        return count;
    }

    /// <summary>
    /// A gateway Down by its calls alone, still answering its probes (in its call hold, not damped): a last resort
    /// for a call every other gateway has failed. Its Down was often a burst of lost datagrams (the same burst that
    /// failed this call elsewhere); if it really fails calls, the call ends as it would have, one attempt later.
    /// </summary>
    private bool CallHeld(GatewayHealthView view, int g, DateTimeOffset now) =>
        view.Snapshot.Targets.TryGetPublished(_gateways[g].TargetId, out var target) && target.CallHoldUntil is { } until && until > now && !target.Damped;

    private long Key(int t, ReadOnlySpan<int> ranks) => ((long)(_hasRates[t] ? ranks[t] : int.MaxValue) << 32) | (uint)_staticRank[t];

    /// <summary>
    /// Per trunk, in the given order: its Up gateways and the Recovering ones picked for this call (in turn, starting
    /// one further on each call), then its Suspect ones. Recovering gateways not picked, and Down ones while Lifeline
    /// suspects itself or while their calls hold them Down, are deferred. Full trunks are skipped.
    /// </summary>
    private (int Main, int Deferred) Order(GatewayHealthView view, ReadOnlySpan<int> trunks, Span<int> main, Span<int> deferred)
    {
        var health = view.Health;
        var selfSuspect = view.Snapshot.SelfHealth.State == SelfHealthState.Suspect;
        var now = default(DateTimeOffset?);
        var mainCount = 0;
        var deferredCount = 0;
        foreach (var t in trunks)
        {
            if (_trunks[t].Load.IsFull)
            {
                continue;
            }

            var from = _gatewayStart[t];
            var length = _gatewayStart[t + 1] - from;
            if (length == 0)
            {
                continue;
            }

            var offset = length == 1 ? 0 : (int)((uint)(Interlocked.Increment(ref _rotation[t]) - 1) % (uint)length);
            var suspects = 0;
            for (var k = 0; k < length; k++)
            {
                var g = from + ((offset + k) % length);
                switch (health[g])
                {
                    case TargetHealth.Up:
                        main[mainCount++] = g;
                        break;
                    case TargetHealth.Suspect:
                        suspects++;
                        break;
                    case TargetHealth.Recovering:
                        now ??= _time.GetUtcNow();
                        if (_random.NextDouble() < view.Snapshot.TrafficShare(_gateways[g].TargetId, now.Value))
                        {
                            main[mainCount++] = g;
                        }
                        else
                        {
                            deferred[deferredCount++] = g;
                        }

                        break;
                    case TargetHealth.Down when selfSuspect || CallHeld(view, g, now ??= _time.GetUtcNow()):
                        deferred[deferredCount++] = g | DownTier;
                        break;
                    default:
                        break;
                }
            }

            for (var k = 0; suspects > 0 && k < length; k++)
            {
                var g = from + ((offset + k) % length);
                if (health[g] == TargetHealth.Suspect)
                {
                    main[mainCount++] = g;
                    suspects--;
                }
            }
        }

        return (mainCount, deferredCount);
    }

    private ResolvedPin[] ResolvePins(IReadOnlyList<RoutePin> pins)
    {
        var resolved = new List<ResolvedPin>(pins.Count);
        foreach (var pin in pins)
        {
            var prefix = pin.Prefix.TrimStart('+');
            if (prefix.Length == 0)
            {
                continue;
            }

            var indices = new List<int>(pin.Trunks.Count);
            foreach (var name in pin.Trunks)
            {
                for (var t = 0; t < _trunks.Length; t++)
                {
                    if (_trunks[t].Name == name && !indices.Contains(t))
                    {
                        indices.Add(t);
                    }
                }
            }

            resolved.Add(new ResolvedPin(prefix, [.. indices], pin.Trunks, pin.Length));
        }

        // Longest prefix first, an exact-length pin before an any-length one of the same prefix; otherwise
        // configuration order (a stable sort).
        return [.. resolved.OrderByDescending(p => p.Prefix.Length).ThenBy(p => p.Length is null)];
    }

    /// <summary>The refusal reason, in operator words. Only on the refusal path, so it may allocate.</summary>
    private string Explain(GatewayHealthView view, NormalizedNumber number, ResolvedPin? pin, ReadOnlySpan<int> ranks)
    {
        var num = number.Text;
        if (_trunks.Length == 0)
        {
            return $"no trunk for {num}: every trunk is disabled in the configuration";
        }

        var parts = new List<string>();
        string head;
        IEnumerable<int> candidates;
        if (pin is not null)
        {
            head = $"no usable trunk for {num} (pinned by route {pin.Prefix} to {string.Join(", ", pin.Names)})";
            candidates = pin.Trunks;
            foreach (var name in pin.Names)
            {
                if (Array.IndexOf(_disabledTrunks, name) >= 0)
                {
                    parts.Add($"{name} disabled in configuration");
                }
            }
        }
        else if (!ranks.IsEmpty)
        {
            var list = new List<int>();
            for (var t = 0; t < _trunks.Length; t++)
            {
                if (!_hasRates[t] || ranks[t] >= 0)
                {
                    list.Add(t);
                }
            }

            if (list.Count == 0)
            {
                return $"no trunk has a rate for {num}";
            }

            head = $"no usable trunk for {num}";
            candidates = list;
        }
        else
        {
            head = $"no usable trunk for {num}";
            candidates = _byStaticRank;
        }

        foreach (var t in candidates)
        {
            parts.Add(_trunks[t].Name + " " + TrunkState(view, t));
        }

        return parts.Count == 0 ? head : head + ": " + string.Join(", ", parts);
    }

    private string TrunkState(GatewayHealthView view, int t)
    {
        var load = _trunks[t].Load;
        if (load.IsAtCallLimit)
        {
            return $"at max_calls ({load.Active} of {load.MaxCalls})";
        }

        if (load.IsAtRateLimit)
        {
            return FormattableString.Invariant($"at max_cps ({load.MaxCps}/s)");
        }

        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var states = new List<string>();
        for (var g = _gatewayStart[t]; g < _gatewayStart[t + 1]; g++)
        {
            var state = view.Health[g].ToString();
            if (view.Health[g] == TargetHealth.Down && view.Snapshot.Targets.TryGetPublished(_gateways[g].TargetId, out var target) && target.Damped)
            {
                state = "Down (damped for flapping)";
            }

            if (counts.TryGetValue(state, out var c))
            {
                counts[state] = c + 1;
            }
            else
            {
                counts[state] = 1;
                states.Add(state);
            }
        }

        if (states.Count == 1)
        {
            return states[0];
        }

        return string.Join(", ", states.Select(s => $"{counts[s]} {s}"));
    }
}
