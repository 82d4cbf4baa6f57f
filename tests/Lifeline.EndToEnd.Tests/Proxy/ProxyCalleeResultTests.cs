using Lifeline.Testing;

namespace Lifeline.EndToEnd.Tests.Proxy;

/// <summary>
/// Callee results (486 Busy Here, 603 Decline) are never the carrier's fault: Lifeline passes them back to the
/// dialer at once, tries no other trunk, and the trunk stays Up.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class ProxyCalleeResultTests
{
    private const int Calls = 12;

    // "At once": the carrier's answer reaches the dialer well within the failover goal's bound on added delay.
    private static readonly TimeSpan PassBackBound = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData("callee-busy-486.xml", "dialer-expects-busy-486.xml", 486)]
    [InlineData("callee-declines-603.xml", "dialer-expects-decline-603.xml", 603)]
    public async Task CalleeResult_FromThePrimary_PassedBackAtOnceWithoutFailoverAndTheTrunkStaysUp(string carrierScenario, string dialerScenario, int code)
    {
        using var primary = SippCarrier.Start("primary", ProxyScenario.Path(carrierScenario));
        using var backup = SippCarrier.Start("backup", ProxyScenario.Path("carrier-answers.xml"));
        using var rig = await ProxyRig.StartAsync(ProxyRig.TwoTrunks(primary, backup), [primary, backup]);

        // More calls than the call-failure detector's minimum volume (10): were they counted as failures, the trunk would go Down.
        var result = await SippDialer.RunAsync(ProxyScenario.Path(dialerScenario), rig.ProxyPort, new SippDialerOptions { Calls = Calls, Rate = 10 }, TimeSpan.FromMinutes(3));

        var detail = result.Describe() + rig.Describe();
        result.Successful.ShouldBe(Calls, $"every call ended with {code} at the dialer\n{detail}");
        var calls = result.Trace.CallsSending("INVITE");
        primary.Trace().CallsReceiving("INVITE").ShouldBe(calls, ignoreOrder: true, detail);
        backup.Trace().CallsReceiving("INVITE").ShouldBeEmpty($"{code} is a callee result: no other trunk is tried\n{detail}");

        var sentByCarrier = primary.Trace().Lines.Where(l => l.Sent && l.StatusCode == code).GroupBy(l => l.CallId).ToDictionary(g => g.Key, g => g.First().At);
        foreach (var (callId, final) in result.Trace.FinalResponses("INVITE"))
        {
            final.StatusCode.ShouldBe(code, callId);
            (final.At - sentByCarrier[callId]).ShouldBeLessThan(PassBackBound, $"{callId}: the carrier's {code} took this long to reach the dialer");
        }

        (await rig.TrunkHealthAsync("primary")).ShouldBe("Up", detail);
        var transitions = await rig.TransitionsAsync(primary);
        transitions.ShouldNotContain(t => t.EndsWith("->Suspect", StringComparison.Ordinal) || t.EndsWith("->Down", StringComparison.Ordinal), $"{code} says nothing against the carrier: {string.Join(", ", transitions)}");
    }
}
