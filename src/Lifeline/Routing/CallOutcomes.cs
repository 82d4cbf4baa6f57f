using Lifeline.Config;

namespace Lifeline.Routing;

/// <summary>
/// How a carrier's final response is judged (docs/failover.md, "Outcome classes"). Pure: the same status and trunk
/// always give the same class.
/// </summary>
internal static class CallOutcomes
{
    /// <summary>
    /// The class of a final response <paramref name="status"/> from a gateway of <paramref name="trunk"/>:
    /// 2xx <see cref="OutcomeClass.Answered"/>; a code in the trunk's <c>failover_codes</c> (default 408, 500, 502,
    /// 503, 504), or a 401/407 challenge that reached the caller unanswered, <see cref="OutcomeClass.CarrierFailure"/>;
    /// every other 3xx–6xx <see cref="OutcomeClass.CalleeResult"/> (the proxy does not recurse on redirects, so a
    /// 3xx goes back to the dialer as the callee's answer). A code outside 200–699 is no valid final response: the
    /// carrier's fault.
    /// </summary>
    public static OutcomeClass Classify(int status, TrunkConfig trunk)
    {
        if (status is < 200 or > 699)
        {
            return OutcomeClass.CarrierFailure;
        }

        if (status < 300)
        {
            return OutcomeClass.Answered;
        }

        // The proxy answers a trunk's challenge with its auth credentials; a challenge that still comes back means the
        // trunk will not take calls from us (no or wrong credentials), which says nothing about the callee.
        if (status is 401 or 407 || trunk.FailoverCodes.Contains(status))
        {
            return OutcomeClass.CarrierFailure;
        }

        return OutcomeClass.CalleeResult;
    }
}
