namespace Lifeline.Cli.Api;

/// <summary>The body of <c>GET /api/status</c>.</summary>
internal sealed record StatusResponse(DateTimeOffset At, SelfHealthStatus SelfHealth, JournalStatus Journal, IReadOnlyList<TrunkStatus> Trunks);
