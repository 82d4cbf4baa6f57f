namespace Lifeline.Cli.Api;

/// <summary>One trunk's calls through the proxy in <c>GET /api/status</c>.</summary>
/// <param name="Active">Calls holding one of its slots now (ringing or answered).</param>
/// <param name="Attempts">Calls sent to it since start.</param>
/// <param name="Answered">Attempts it answered.</param>
/// <param name="Failed">Attempts that failed by the carrier's fault (failover code, no response, transport error).</param>
/// <param name="Overflowed">Calls that skipped it because it was at its limits.</param>
internal sealed record TrunkCallsStatus(int Active, long Attempts, long Answered, long Failed, long Overflowed);
