using System.Globalization;

namespace Lifeline.Health;

/// <summary>
/// Self-health before blame, as a pure policy (Orleans' LocalSiloHealthMonitor idea): if nearly every target
/// started failing at the same moment, or the process's own timers ran late, the likelier culprit is this
/// machine or its network, so targets are held from going Down (kept Suspect) and the reason is reported.
/// </summary>
internal sealed class SelfHealthGate(SelfHealthOptions options)
{
    /// <summary>
    /// The largest group of failure onsets lying within <see cref="SelfHealthOptions.CorrelationWindow"/> of each
    /// other. <paramref name="onsets"/> is sorted in place.
    /// </summary>
    public CorrelatedFailure FindCorrelated(Span<DateTimeOffset> onsets, int activeTargets)
    {
        onsets.Sort();
        var best = 0;
        var spread = TimeSpan.Zero;
        var first = 0;
        for (var last = 0; last < onsets.Length; last++)
        {
            while (onsets[last] - onsets[first] > options.CorrelationWindow)
            {
                first++;
            }

            var size = last - first + 1;
            if (size > best || (size == best && onsets[last] - onsets[first] < spread))
            {
                best = size;
                spread = onsets[last] - onsets[first];
            }
        }

        return new CorrelatedFailure(best, activeTargets, spread);
    }

    /// <summary>
    /// The self-health report at <paramref name="now"/>. An episode keeps the <c>Since</c> of
    /// <paramref name="previous"/> while it lasts; targets are held only during its first
    /// <see cref="SelfHealthOptions.MaxHold"/>.
    /// </summary>
    /// <paramref name="callsEverywhere"/>, when set, says that calls are failing on every trunk at once (the board
    /// found it and keeps it for <see cref="SelfHealthOptions.LateTimerHold"/>).
    public SelfHealthReport Assess(SelfHealthReport previous, DateTimeOffset now, CorrelatedFailure correlated, DateTimeOffset? lateUntil, TimeSpan lateness, string? callsEverywhere = null)
    {
        if (!options.Enabled)
        {
            return previous.State == SelfHealthState.Healthy ? previous : SelfHealthReport.Healthy(now);
        }

        var inv = CultureInfo.InvariantCulture;
        string? late = null;
        if (lateUntil is { } until && now < until)
        {
            late = string.Create(inv, $"timers ran {lateness.TotalSeconds:0.0} s late");
        }

        string? together = null;
        if (IsCorrelated(correlated))
        {
            var within = Math.Max(0.1, Math.Ceiling(correlated.Spread.TotalSeconds * 10) / 10);
            var who = correlated.Failing == correlated.Active
                ? string.Create(inv, $"all {correlated.Active} targets")
                : string.Create(inv, $"{correlated.Failing} of {correlated.Active} targets");
            together = string.Create(inv, $"{who} failed within {within:0.#} s: suspecting the local network");
        }

        if (late is null && together is null && callsEverywhere is null)
        {
            return previous.State == SelfHealthState.Healthy ? previous : SelfHealthReport.Healthy(now);
        }

        var reason = string.Join("; ", new[] { together, callsEverywhere, late }.Where(r => r is not null));
        var since = previous.State == SelfHealthState.Suspect ? previous.Since : now;
        return new SelfHealthReport(SelfHealthState.Suspect, reason, since, now - since < options.MaxHold);
    }

    /// <summary>Whether a correlated group is big enough, absolutely and as a share, to blame ourselves.</summary>
    public bool IsCorrelated(CorrelatedFailure correlated) =>
        correlated.Failing >= options.MinimumTargets
        && correlated.Failing >= options.FailedShare * correlated.Active - 1e-9;
}
