using Lifeline.Probing;

namespace Lifeline.Tests.Probing;

/// <summary>How the fake sender answers one probe: a response after a delay, a failure at once, or silence.</summary>
internal readonly record struct ProbeAnswer(TimeSpan? Delay, int Code, ProbeFailure? Failure)
{
    public static ProbeAnswer Silent => new(null, 0, null);

    public static ProbeAnswer After(TimeSpan delay, int code = 200) => new(delay, code, null);

    public static ProbeAnswer Fail(ProbeFailure failure) => new(null, 0, failure);
}
