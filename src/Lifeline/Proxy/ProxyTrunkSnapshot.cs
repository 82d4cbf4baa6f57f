namespace Lifeline.Proxy;

/// <summary>Call counts of one trunk at one moment.</summary>
/// <param name="Trunk">The trunk's name.</param>
/// <param name="Active">Calls holding one of its slots now (ringing or answered).</param>
/// <param name="Attempts">Calls sent to it (an authenticated resend is not a new attempt).</param>
/// <param name="Answered">Attempts it answered (2xx).</param>
/// <param name="Failed">Attempts that failed by the carrier's fault (failover code, no response, transport error).</param>
/// <param name="Overflowed">Calls that skipped it because it was at its limits.</param>
internal readonly record struct ProxyTrunkSnapshot(string Trunk, int Active, long Attempts, long Answered, long Failed, long Overflowed);
