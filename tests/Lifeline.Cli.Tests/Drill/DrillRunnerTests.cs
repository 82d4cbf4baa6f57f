using Lifeline.Cli.Drill;

namespace Lifeline.Cli.Tests.Drill;

public sealed class DrillRunnerTests
{
    private static readonly DrillSettings Short = new("primary", TimeSpan.FromMilliseconds(600), TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2));

    [Fact]
    public async Task Run_TrafficMoves_PassesAndRestores()
    {
        var api = new SimulatedDrillApi("primary", "backup");

        var (code, output, _) = await RunAsync(api);

        code.ShouldBe(0);
        api.Changes.ShouldBe(["drain primary", "enable primary"]);
        output.ShouldContain("calls still sent to primary: 0");
        output.ShouldContain("calls lost:                 0");
        output.ShouldContain("time to move:               at once");
        output.ShouldMatch(@"calls moved to other trunks: [1-9]\d*");
        output.ShouldContain("restored: traffic back on primary after");
        output.ShouldContain("Result: PASSED");
    }

    [Fact]
    public async Task Run_DrainIgnored_FailsNamingTheCallsStillSent()
    {
        var api = new SimulatedDrillApi("primary", "backup") { IgnoreDrain = true };

        var (code, output, _) = await RunAsync(api);

        code.ShouldBe(DrillRunner.Failed);
        output.ShouldMatch(@"calls still sent to primary: [1-9]\d*");
        output.ShouldContain("Result: FAILED");
        api.Changes.ShouldBe(["drain primary", "enable primary"]);
    }

    [Fact]
    public async Task Run_CallsLostDuringDrain_Fails()
    {
        var api = new SimulatedDrillApi("primary", "backup") { NoOtherTrunkWorks = true };

        var (code, output, _) = await RunAsync(api);

        code.ShouldBe(DrillRunner.Failed);
        output.ShouldMatch(@"calls lost: +[1-9]\d*");
    }

    [Fact]
    public async Task Run_Interrupted_RestoresTheTrunk()
    {
        var api = new SimulatedDrillApi("primary", "backup");
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var settings = Short with { Duration = TimeSpan.FromMinutes(5) };

        var (code, _, error) = await RunAsync(api, settings, stop.Token);

        code.ShouldBe(DrillRunner.Failed);
        error.ShouldContain("stopped early: interrupted");
        api.Changes.ShouldBe(["drain primary", "enable primary"]);
    }

    [Fact]
    public async Task Run_UnknownTrunk_NamesTheTrunksAndChangesNothing()
    {
        var api = new SimulatedDrillApi("primary", "backup");

        var (code, _, error) = await RunAsync(api, Short with { Trunk = "premary" });

        code.ShouldBe(DrillRunner.Failed);
        error.ShouldContain("no trunk named premary (trunks: primary, backup)");
        api.Changes.ShouldBeEmpty();
    }

    [Fact]
    public async Task Run_NoOtherTrunkInService_RefusesToDrain()
    {
        var api = new SimulatedDrillApi("primary", "backup");
        api.SetHealth("backup", "Down");

        var (code, _, error) = await RunAsync(api);

        code.ShouldBe(DrillRunner.Failed);
        error.ShouldContain("no other trunk is in service");
        api.Changes.ShouldBeEmpty();
    }

    [Fact]
    public async Task Run_AlreadyDrained_RefusesAndLeavesItDrained()
    {
        var api = new SimulatedDrillApi("primary", "backup");
        api.SetHealth("primary", "Drained");

        var (code, _, error) = await RunAsync(api);

        code.ShouldBe(DrillRunner.Failed);
        error.ShouldContain("already Drained");
        api.Changes.ShouldBeEmpty();
    }

    [Fact]
    public async Task Run_NoProxy_SaysThereIsNoTraffic()
    {
        var api = new SimulatedDrillApi("primary", "backup") { NoProxy = true };

        var (code, _, error) = await RunAsync(api);

        code.ShouldBe(DrillRunner.Failed);
        error.ShouldContain("routes no calls");
        api.Changes.ShouldBeEmpty();
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(SimulatedDrillApi api, DrillSettings? settings = null, CancellationToken cancellationToken = default)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await DrillRunner.RunAsync(settings ?? Short, api, TimeProvider.System, output, error, cancellationToken);
        return (code, output.ToString(), error.ToString());
    }
}
