using System.Globalization;

namespace Lifeline.Health;

/// <summary>
/// The health state machine, as a pure policy: given a target's state, the signal just observed (null on a
/// clock tick) and the time, it decides the next computed health and why. It mutates nothing; the
/// <see cref="HealthBoard"/> applies the decision, adds damping and operator overrides and asks the self-health gate.
/// <list type="bullet">
/// <item>Up → Suspect when either detector is no longer Healthy (the first missed probe or carrier failure).</item>
/// <item>Suspect → Down when either detector says Failed (calls: a failure ratio with a minimum volume), or after
/// <see cref="HealthOptions.CallDownAfter"/> carrier-failed calls in a row.</item>
/// <item>Suspect → Up when both detectors are Healthy again.</item>
/// <item>Down → Recovering on a success, except that after a Down decided by calls only an answered call ends
/// the call hold early; probes alone wait for <see cref="RecoveryOptions.CallHoldTime"/>. An answer to a call
/// placed before the Down does not count.</item>
/// <item>Recovering → Up after <see cref="RecoveryOptions.Successes"/> successes in a row and
/// <see cref="RecoveryOptions.StableTime"/>; Recovering → Down after <see cref="RecoveryOptions.RelapseAfter"/>
/// probe failures in a row or as many call failures in a row, or when a detector (judging only what happened
/// since Recovering began) says Failed.</item>
/// </list>
/// Up never goes straight to Down, nor Down straight to Up.
/// </summary>
internal sealed class HealthRules
{
    /// <summary>The name recorded as deciding detector for fail-back decisions.</summary>
    public const string Recovery = "recovery";

    public HealthDecision Decide(TargetHealthState state, Signal? current, DateTimeOffset now) => state.Computed switch
    {
        TargetHealth.Up => DecideUp(state, current, now),
        TargetHealth.Suspect => DecideSuspect(state, current, now),
        TargetHealth.Down => DecideDown(state, current, now),
        TargetHealth.Recovering => DecideRecovering(state, now),
        _ => HealthDecision.Stay,
    };

    private static HealthDecision DecideUp(TargetHealthState state, Signal? current, DateTimeOffset now)
    {
        if (state.Liveness.Verdict(now) != DetectorVerdict.Healthy)
        {
            var reason = current is { IsFailure: true, IsLiveness: true } c ? c.Describe() : state.Liveness.Explain(now);
            return HealthDecision.Move(TargetHealth.Suspect, reason, state.Liveness.Name);
        }

        if (state.Calls.Verdict(now) != DetectorVerdict.Healthy)
        {
            var reason = current is { IsFailure: true, IsLiveness: false } c ? c.Describe() : state.Calls.Explain(now);
            return HealthDecision.Move(TargetHealth.Suspect, reason, state.Calls.Name);
        }

        return HealthDecision.Stay;
    }

    private static HealthDecision DecideSuspect(TargetHealthState state, Signal? current, DateTimeOffset now)
    {
        var liveness = state.Liveness.Verdict(now);
        if (liveness == DetectorVerdict.Failed)
        {
            return HealthDecision.Move(TargetHealth.Down, state.Liveness.Explain(now), state.Liveness.Name, DownCause.Liveness);
        }

        // Calls outrank probes only against probes that pass: a trunk that answers OPTIONS but fails calls is held
        // Down against its probes; a trunk that fails both is simply silent, and its probes may bring it back.
        var callCause = liveness == DetectorVerdict.Healthy ? DownCause.Calls : DownCause.Liveness;
        var calls = state.Calls.Verdict(now);
        if (calls == DetectorVerdict.Failed)
        {
            return HealthDecision.Move(TargetHealth.Down, state.Calls.Explain(now), state.Calls.Name, callCause);
        }

        if (state.Options.CallDownAfter > 0 && state.CallFailureStreak >= state.Options.CallDownAfter)
        {
            var n = state.CallFailureStreak;
            var last = state.LastFailure(liveness: false);
            var reason = string.Create(CultureInfo.InvariantCulture, $"{n} calls in a row failed by the carrier (last: {last?.Describe()})");
            return HealthDecision.Move(TargetHealth.Down, reason, FailureDetectors.Consecutive, callCause);
        }

        if (liveness == DetectorVerdict.Healthy && calls == DetectorVerdict.Healthy)
        {
            var reason = current is { IsSuccess: true } c ? c.Describe() : "earlier failures left the window";
            var detector = current is { IsLiveness: false } ? state.Calls.Name : state.Liveness.Name;
            return HealthDecision.Move(TargetHealth.Up, reason, detector);
        }

        return HealthDecision.Stay;
    }

    private static HealthDecision DecideDown(TargetHealthState state, Signal? current, DateTimeOffset now)
    {
        if (current is not { IsSuccess: true } success)
        {
            return HealthDecision.Stay;
        }

        if (state.CallHoldUntil is { } holdUntil && now < holdUntil && success.Kind != SignalKind.Call)
        {
            return HealthDecision.HeldByCalls;
        }

        if (success.Kind == SignalKind.Call && success.At - success.Rtt < state.ComputedSince)
        {
            // The answer to a call placed before the Down: evidence the Down already weighed, not news. (Under load,
            // calls in flight answer in the same milliseconds as the failures that took the target Down; counting
            // them bounced it Down → Recovering → Down until damping took it out of service.)
            return HealthDecision.Stay;
        }

        var down = HealthText.Duration(now - state.ComputedSince);
        var detector = success.IsLiveness ? state.Liveness.Name : state.Calls.Name;
        return HealthDecision.Move(TargetHealth.Recovering, string.Create(CultureInfo.InvariantCulture, $"{success.Describe()} after {down} down"), detector);
    }

    private static HealthDecision DecideRecovering(TargetHealthState state, DateTimeOffset now)
    {
        // Each target's own rules: trunks may differ.
        var recovery = state.Options.Recovery;
        var inv = CultureInfo.InvariantCulture;

        // The detectors were reset when Recovering began, so this is the verdict on the canary share of calls
        // (or on the probes) since then: half of them failing is a relapse even if never three in a row.
        if (state.Calls.Verdict(now) == DetectorVerdict.Failed)
        {
            return HealthDecision.Move(TargetHealth.Down, state.Calls.Explain(now) + " while recovering", state.Calls.Name, DownCause.Calls);
        }

        if (state.Liveness.Verdict(now) == DetectorVerdict.Failed)
        {
            return HealthDecision.Move(TargetHealth.Down, state.Liveness.Explain(now) + " while recovering", state.Liveness.Name, DownCause.Liveness);
        }

        if (state.LivenessFailureStreak >= recovery.RelapseAfter)
        {
            var n = state.LivenessFailureStreak;
            var last = state.LastFailure(liveness: true);
            var reason = string.Create(inv, $"{n} {HealthText.Noun(last?.Kind, n)} in a row failed while recovering (last: {last?.Describe()})");
            return HealthDecision.Move(TargetHealth.Down, reason, Recovery, DownCause.Liveness);
        }

        if (state.CallFailureStreak >= recovery.RelapseAfter)
        {
            var n = state.CallFailureStreak;
            var last = state.LastFailure(liveness: false);
            var reason = string.Create(inv, $"{n} calls in a row failed while recovering (last: {last?.Describe()})");
            return HealthDecision.Move(TargetHealth.Down, reason, Recovery, DownCause.Calls);
        }

        var stable = now - state.ComputedSince;
        if (state.SuccessStreak >= recovery.Successes && stable >= recovery.StableTime)
        {
            var n = state.SuccessStreak;
            var what = state.SuccessStreakKind switch
            {
                SignalKind.Probe => n == 1 ? "probe answered" : "probes answered",
                SignalKind.Call => n == 1 ? "call succeeded" : "calls succeeded",
                SignalKind.Registration => n == 1 ? "registration accepted" : "registrations accepted",
                SignalKind.Process => n == 1 ? "process check passed" : "process checks passed",
                _ => "successes in a row",
            };
            return HealthDecision.Move(TargetHealth.Up, string.Create(inv, $"{n} {what}, stable for {HealthText.Duration(stable)}"), Recovery);
        }

        return HealthDecision.Stay;
    }
}
