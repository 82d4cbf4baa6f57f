namespace Lifeline.Sip.Locating;

/// <summary>
/// The outcome of one SRV lookup: whether SRV records exist (<paramref name="Found"/>), whether the
/// lookup failed rather than said "none" (<paramref name="Failed"/>), and the ordered targets.
/// </summary>
internal readonly record struct SrvTargets(bool Found, bool Failed, List<SipServerTarget> Targets);
