namespace Lifeline.Cli.Api;

/// <summary>The proxy's call totals in <c>GET /api/status</c> (absent when the configuration has no <c>proxy:</c>).</summary>
/// <param name="Received">Calls received from allowed dialers since start.</param>
/// <param name="Answered">Calls answered.</param>
/// <param name="Failed">Calls answered 503 after every trunk of their plan failed.</param>
/// <param name="Refused">Calls answered 503 at once: no usable trunk.</param>
/// <param name="Forbidden">Requests refused with 403: source not in <c>proxy.allow</c>.</param>
/// <param name="Failovers">Times a call moved on to its next trunk.</param>
internal sealed record ProxyStatus(long Received, long Answered, long Failed, long Refused, long Forbidden, long Failovers);
