namespace Lifeline.Tests.Routing;

/// <summary>The worked example of docs/failover.md, "How a route plan is made": the table there is what the planner does.</summary>
public sealed class FailoverDocExampleTests
{
    private const string Yaml = """
        proxy:
          allow: [ 10.0.0.0/24 ]
          normalize:
            - { match: "9", length: 11, strip: 1, prepend: "+1" }   # 9 + NANP 10 digits
            - { match: "1", length: 11, prepend: "+" }
            - { match: "", length: 10, prepend: "+1" }
            - { match: "011", strip: 3, prepend: "+" }               # international
          routes:
            - { prefix: "911", length: 3, trunks: [ local, primary ] }  # emergency calls: these trunks only
        trunks:
          - name: primary
            gateways: [ "sip:198.51.100.10:5060", "sip:198.51.100.11:5060" ]
            priority: 1
            rates: { "1": 0.0090, "1212": 0.0070, "44": 0.0150 }
          - name: budget
            gateways: [ "sip:203.0.113.20:5060" ]
            priority: 2
            rates: { "1": 0.0060, "1212": 0.0110 }
          - name: local
            gateways: [ "sip:192.0.2.30:5060" ]
            priority: 5                                              # no rates: carries anything, after priced trunks
        """;

    [Theory]
    [InlineData("95551234567", "15551234567", "budget primary primary local")]
    [InlineData("2125550100", "12125550100", "primary primary budget local")]
    [InlineData("011442079460000", "442079460000", "primary primary local")]
    [InlineData("+33612345678", "33612345678", "local")]
    [InlineData("911", "911", "local primary primary")]
    [InlineData("alice", "alice", "primary primary budget local")]
    public void Plan_DocumentedExample_GivesTheDocumentedPlan(string dialed, string normalized, string trunks)
    {
        var h = new RoutingHarness(Yaml);

        var plan = h.Planner.Plan(dialed);

        plan.Normalized.ShouldBe(normalized);
        string.Join(' ', plan.Attempts.Select(a => a.Trunk.Name)).ShouldBe(trunks);
    }

    [Fact]
    public void Plan_DocumentedExample_PrimaryGatewaysTakeTurns()
    {
        var h = new RoutingHarness(Yaml);

        h.Gateways("15551234567")[1].ShouldBe("sip:198.51.100.10:5060");
        h.Gateways("15551234567")[1].ShouldBe("sip:198.51.100.11:5060");
    }

    [Fact]
    public void Plan_DocumentedExample_OutOfServiceCases()
    {
        var h = new RoutingHarness(Yaml);
        h.Down("primary", 0);
        h.Drain("budget");

        h.Gateways("95551234567").ShouldBe(["sip:198.51.100.11:5060", "sip:192.0.2.30:5060"]);

        h.Down("primary", 1);
        h.Down("local");

        h.Planner.Plan("95551234567").Refusal.ShouldBe("no usable trunk for 15551234567: primary Down, budget Drained, local Down");
    }
}
