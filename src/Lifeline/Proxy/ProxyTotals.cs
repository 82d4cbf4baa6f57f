namespace Lifeline.Proxy;

/// <summary>Proxy-wide call counts at one moment.</summary>
/// <param name="Received">Initial INVITEs accepted from allowed sources.</param>
/// <param name="Answered">Calls answered (2xx forwarded to the dialer).</param>
/// <param name="Failed">Calls answered 503 after every trunk of their plan failed.</param>
/// <param name="Refused">Calls answered 503 at once: no usable trunk (empty plan, or every trunk at its limits).</param>
/// <param name="Forbidden">Requests refused with 403 because their source is not in <c>proxy.allow</c>.</param>
/// <param name="Failovers">Times a call moved on to its next attempt after a carrier failure.</param>
internal readonly record struct ProxyTotals(long Received, long Answered, long Failed, long Refused, long Forbidden, long Failovers);
