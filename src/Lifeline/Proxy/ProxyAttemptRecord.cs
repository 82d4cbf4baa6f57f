namespace Lifeline.Proxy;

/// <summary>One attempt of a call, for its call record.</summary>
/// <param name="Trunk">The trunk tried.</param>
/// <param name="Gateway">The gateway URI tried (empty for an overflow: the trunk was full, nothing was sent).</param>
/// <param name="Outcome">answered, callee, failed, timeout, transport-error, overflow, cancelled, unusable.</param>
/// <param name="Code">The carrier's final status code, 0 when there was none.</param>
/// <param name="Started">When the attempt started, from the call's arrival.</param>
/// <param name="Ended">When the attempt ended, from the call's arrival.</param>
internal readonly record struct ProxyAttemptRecord(string Trunk, string Gateway, string Outcome, int Code, TimeSpan Started, TimeSpan Ended);
