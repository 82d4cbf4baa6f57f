using System.Globalization;

namespace Lifeline.Health;

/// <summary>
/// One observation about a target: a probe answered or missed, a call outcome, a registration result,
/// a process check. Signals flow one way, into the <see cref="HealthBoard"/>; producers (probers, the proxy,
/// the watchdog) create them with the factory methods.
/// </summary>
/// <param name="Kind">Where the signal comes from.</param>
/// <param name="Outcome">What it says about the target.</param>
/// <param name="At">When it was observed.</param>
/// <param name="Rtt">Round-trip time of an answered probe, or how long was waited for a timed-out one; zero when unknown.</param>
/// <param name="Code">SIP status code when there was one (200, 503 …), otherwise 0.</param>
internal readonly record struct Signal(SignalKind Kind, SignalOutcome Outcome, DateTimeOffset At, TimeSpan Rtt = default, int Code = 0)
{
    /// <summary>The target answered, or proved itself alive (a callee result proves the carrier processed the call).</summary>
    public bool IsSuccess => Outcome is SignalOutcome.Success or SignalOutcome.CalleeResult;

    /// <summary>The target failed to answer or answered with a failure.</summary>
    public bool IsFailure => !IsSuccess;

    /// <summary>Probes, registrations and process checks tell whether the target is reachable at all.</summary>
    public bool IsLiveness => Kind != SignalKind.Call;

    /// <summary>A probe (OPTIONS or CRLF) answered, with its round-trip time and status code.</summary>
    public static Signal ProbeAnswered(DateTimeOffset at, TimeSpan rtt, int code = 200) => new(SignalKind.Probe, SignalOutcome.Success, at, rtt, code);

    /// <summary>A probe that a policy judges a failure even though it was answered (e.g. a configured 503-is-down rule).</summary>
    public static Signal ProbeRejected(DateTimeOffset at, TimeSpan rtt, int code) => new(SignalKind.Probe, SignalOutcome.Failed, at, rtt, code);

    /// <summary>A probe got no answer within its timeout.</summary>
    public static Signal ProbeTimedOut(DateTimeOffset at, TimeSpan waited) => new(SignalKind.Probe, SignalOutcome.Timeout, at, waited);

    /// <summary>A probe could not be sent or was refused by the transport.</summary>
    public static Signal ProbeTransportError(DateTimeOffset at) => new(SignalKind.Probe, SignalOutcome.TransportError, at);

    /// <summary>
    /// A call through the target was answered (2xx); <paramref name="took"/> (kept as <see cref="Rtt"/>) is how long
    /// ago its INVITE was sent, so the board can tell an answer to a call placed before a Down from news.
    /// </summary>
    public static Signal CallAnswered(DateTimeOffset at, int code = 200, TimeSpan took = default) => new(SignalKind.Call, SignalOutcome.Success, at, took, code);

    /// <summary>A call ended with a callee result (busy, no answer, not found …): the carrier did its job. <paramref name="took"/> as for <see cref="CallAnswered"/>.</summary>
    public static Signal CallCalleeResult(DateTimeOffset at, int code, TimeSpan took = default) => new(SignalKind.Call, SignalOutcome.CalleeResult, at, took, code);

    /// <summary>A call failed by the carrier's fault (503, 500, 502, 504 …).</summary>
    public static Signal CallCarrierFailure(DateTimeOffset at, int code) => new(SignalKind.Call, SignalOutcome.Failed, at, default, code);

    /// <summary>A call got no response from the carrier in time (a silent trunk under traffic).</summary>
    public static Signal CallTimedOut(DateTimeOffset at, TimeSpan waited) => new(SignalKind.Call, SignalOutcome.Timeout, at, waited);

    /// <summary>A registration refresh accepted or rejected (with its status code, 0 when there was no response).</summary>
    public static Signal Registration(DateTimeOffset at, bool accepted, int code = 0) =>
        new(SignalKind.Registration, accepted ? SignalOutcome.Success : code == 0 ? SignalOutcome.Timeout : SignalOutcome.Failed, at, default, code);

    /// <summary>A process check passed or failed.</summary>
    public static Signal ProcessCheck(DateTimeOffset at, bool passed) => new(SignalKind.Process, passed ? SignalOutcome.Success : SignalOutcome.Failed, at);

    /// <summary>The signal as part of an operator's sentence: "probe timed out after 200 ms", "call failed: 503".</summary>
    public string Describe() => Kind switch
    {
        SignalKind.Probe => Outcome switch
        {
            SignalOutcome.Success => Invariant($"probe answered in {Ms(Rtt)}"),
            SignalOutcome.Timeout => Invariant($"probe timed out after {Ms(Rtt)}"),
            SignalOutcome.TransportError => "probe transport error",
            _ => Invariant($"probe answered {Code}, judged a failure"),
        },
        SignalKind.Call => Outcome switch
        {
            SignalOutcome.Success => "call answered",
            SignalOutcome.CalleeResult => Invariant($"call ended with callee result {Code}"),
            SignalOutcome.Timeout => Invariant($"call got no response in {Ms(Rtt)}"),
            SignalOutcome.TransportError => "call transport error",
            _ => Invariant($"call failed: {Code}"),
        },
        SignalKind.Registration => Outcome switch
        {
            SignalOutcome.Success => "registration accepted",
            SignalOutcome.Timeout => "registration got no response",
            SignalOutcome.TransportError => "registration transport error",
            _ => Invariant($"registration rejected: {Code}"),
        },
        _ => IsSuccess ? "process check passed" : "process check failed",
    };

    /// <summary>Short form of the failure for lists of reasons: "timeout", "503", "transport error".</summary>
    public string FailureLabel() => Outcome switch
    {
        SignalOutcome.Timeout => "timeout",
        SignalOutcome.TransportError => "transport error",
        SignalOutcome.Failed when Code != 0 => Code.ToString(CultureInfo.InvariantCulture),
        SignalOutcome.Failed => "failed",
        _ => "ok",
    };

    internal static string Ms(TimeSpan t) => Invariant($"{t.TotalMilliseconds:0} ms");

    private static string Invariant(FormattableString s) => FormattableString.Invariant(s);
}
