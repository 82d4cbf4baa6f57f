using Lifeline.Config;
using Lifeline.Routing;

namespace Lifeline.Proxy;

/// <summary>How the proxy judges a carrier's final response: the trunk's <c>failover_codes</c> are carrier failures.</summary>
internal static class ProxyOutcomes
{
    public static OutcomeClass Classify(int status, TrunkConfig trunk) => status switch
    {
        < 300 => OutcomeClass.Answered,
        _ when trunk.FailoverCodes.Contains(status) => OutcomeClass.CarrierFailure,
        _ => OutcomeClass.CalleeResult,
    };
}
