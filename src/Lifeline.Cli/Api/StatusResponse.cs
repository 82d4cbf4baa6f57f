namespace Lifeline.Cli.Api;

/// <summary>The body of <c>GET /api/status</c>.</summary>
/// <remarks><see cref="Proxy"/> is null (left out) when the configuration has no <c>proxy:</c>.</remarks>
internal sealed record StatusResponse(DateTimeOffset At, SelfHealthStatus SelfHealth, JournalStatus Journal, IReadOnlyList<TrunkStatus> Trunks, ProxyStatus? Proxy = null);
