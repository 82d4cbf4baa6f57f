using Lifeline.Config;
using Lifeline.Routing;

namespace Lifeline.Tests.Routing;

public sealed class CallOutcomesTests
{
    private static readonly TrunkConfig Default = Trunk(StatusCodeSet.DefaultFailover);

    [Theory]
    [InlineData(200, "Answered")]
    [InlineData(202, "Answered")]
    [InlineData(408, "CarrierFailure")]
    [InlineData(500, "CarrierFailure")]
    [InlineData(502, "CarrierFailure")]
    [InlineData(503, "CarrierFailure")]
    [InlineData(504, "CarrierFailure")]
    [InlineData(401, "CarrierFailure")] // a challenge the proxy could not answer: our trunk's problem
    [InlineData(407, "CarrierFailure")]
    [InlineData(403, "CalleeResult")] // only when configured
    [InlineData(404, "CalleeResult")]
    [InlineData(480, "CalleeResult")]
    [InlineData(486, "CalleeResult")]
    [InlineData(487, "CalleeResult")]
    [InlineData(488, "CalleeResult")]
    [InlineData(600, "CalleeResult")]
    [InlineData(603, "CalleeResult")]
    [InlineData(301, "CalleeResult")] // not recursed: passed back to the dialer
    [InlineData(302, "CalleeResult")]
    [InlineData(100, "CarrierFailure")] // no final response at all
    [InlineData(183, "CarrierFailure")]
    [InlineData(0, "CarrierFailure")]
    [InlineData(799, "CarrierFailure")]
    public void Classify_DefaultFailoverCodes_GivesTheDocumentedClass(int status, string expected)
    {
        CallOutcomes.Classify(status, Default).ToString().ShouldBe(expected);
    }

    [Theory]
    [InlineData(403, "CarrierFailure")]
    [InlineData(404, "CarrierFailure")]
    [InlineData(480, "CarrierFailure")]
    [InlineData(486, "CalleeResult")]
    [InlineData(503, "CalleeResult")] // the trunk's list replaces the default, it does not add to it
    [InlineData(200, "Answered")]
    public void Classify_ConfiguredFailoverCodes_FollowsTheTrunk(int status, string expected)
    {
        var trunk = Trunk(StatusCodeSet.FromRanges([new StatusCodeRange(403, 404), new StatusCodeRange(480, 480)]));

        CallOutcomes.Classify(status, trunk).ToString().ShouldBe(expected);
    }

    private static TrunkConfig Trunk(StatusCodeSet failover) => new()
    {
        Name = "t",
        Gateways = ["sip:192.0.2.1"],
        EffectiveProbing = ProbingConfig.Default,
        EffectiveHealth = HealthConfig.Default,
        FailoverCodes = failover,
    };
}
