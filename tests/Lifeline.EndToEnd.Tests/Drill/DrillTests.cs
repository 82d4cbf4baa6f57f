using Lifeline.EndToEnd.Tests.Proxy;
using Lifeline.Testing;

namespace Lifeline.EndToEnd.Tests.Drill;

/// <summary><c>lifeline drill</c> against a real daemon carrying real calls (sipp dialer and carriers).</summary>
[Collection(ProxyCollection.Name)]
public sealed class DrillTests
{
    private const string Token = "drill-e2e-token-51f0";

    [Fact]
    public async Task Drill_PrimaryWhileCallsFlow_CallsMoveToTheBackupNoneLostAndThePrimaryIsRestored()
    {
        using var primary = SippCarrier.Start("primary", ProxyScenario.Path("carrier-answers-at-once.xml"));
        using var backup = SippCarrier.Start("backup", ProxyScenario.Path("carrier-answers-at-once.xml"));
        using var rig = await ProxyRig.StartAsync(ProxyRig.TwoTrunks(primary, backup), [primary, backup], Token);

        // 20 calls a second for 20 s: the drill (5 s drained, then the return) runs in the middle of it.
        using var dialer = SippDialer.Start(ProxyScenario.Path("dialer.xml"), rig.ProxyPort, new SippDialerOptions { Calls = 400, Rate = 20 });
        await Task.Delay(TimeSpan.FromSeconds(3));
        using var drill = LifelineProcess.Start(
            ["drill", "primary", "--for", "5s", "--url", rig.Daemon.Url],
            environment: new Dictionary<string, string> { ["LIFELINE_TOKEN"] = Token });
        using (var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            await drill.WaitForExitAsync(limit.Token);
        }

        var calls = await dialer.WaitAsync(TimeSpan.FromMinutes(3));

        var detail = $"drill exit {drill.ExitCode}\nstdout:\n{drill.StandardOutput}\nstderr:\n{drill.StandardError}\n{calls.Describe()}{rig.Describe()}";
        drill.ExitCode.ShouldBe(0, detail);
        drill.StandardOutput.ShouldContain("calls lost:                 0", Case.Sensitive, detail);
        drill.StandardOutput.ShouldContain("calls still sent to primary: 0", Case.Sensitive, detail);
        drill.StandardOutput.ShouldMatch(@"calls moved to other trunks: [1-9]\d*", detail);
        drill.StandardOutput.ShouldContain("restored: traffic back on primary after", Case.Sensitive, detail);
        drill.StandardOutput.ShouldContain("Result: PASSED", Case.Sensitive, detail);
        calls.Failed.ShouldBe(0, detail);
        calls.Successful.ShouldBe(400, detail);
        backup.Trace().CallsReceiving("INVITE").Count.ShouldBeGreaterThan(0, detail);
        (await rig.TrunkHealthAsync("primary")).ShouldNotBe("Drained", detail);
    }

    [Fact]
    public async Task Drill_WithoutTheToken_RefusedAndNothingDrained()
    {
        using var primary = SippCarrier.Start("primary", ProxyScenario.Path("carrier-answers-at-once.xml"));
        using var backup = SippCarrier.Start("backup", ProxyScenario.Path("carrier-answers-at-once.xml"));
        using var rig = await ProxyRig.StartAsync(ProxyRig.TwoTrunks(primary, backup), [primary, backup], Token);

        using var drill = LifelineProcess.Start(
            ["drill", "primary", "--for", "5s", "--url", rig.Daemon.Url, "--token", "not-the-token"]);
        using (var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
        {
            await drill.WaitForExitAsync(limit.Token);
        }

        drill.ExitCode.ShouldBe(1, drill.StandardOutput + drill.StandardError);
        drill.StandardError.ShouldContain("a drill needs the API token");
        (await rig.TrunkHealthAsync("primary")).ShouldBe("Up");
    }
}
