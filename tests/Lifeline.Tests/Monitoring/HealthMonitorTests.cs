using Lifeline.Health;
using Lifeline.Monitoring;
using Lifeline.Testing;
using Lifeline.Tests.Journal;
using Microsoft.Extensions.Logging;

namespace Lifeline.Tests.Monitoring;

public sealed class HealthMonitorTests : IDisposable
{
    private const string A = "primary/sip:192.0.2.1:5060";
    private const string B = "primary/sip:192.0.2.2:5060";
    private const string Spare = "spare/sip:192.0.2.9";

    private const string Yaml = """
        health: { down_after: 3 }
        trunks:
          - { name: primary, gateways: [ "sip:192.0.2.1:5060", "sip:192.0.2.2:5060" ] }
          - { name: quiet, gateways: [ "sip:192.0.2.5" ], health: { call_failures: { enabled: false } } }
          - { name: spare, gateways: [ "sip:192.0.2.9" ], enabled: false }
        """;

    private readonly JournalTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Report_SilentGateway_EachTransitionJournaledWithReasonAndEvidence()
    {
        await using var h = await MonitorHarness.StartAsync(Yaml, _folder);
        var now = h.Clock.GetUtcNow();
        h.Monitor.Report(A, Signal.ProbeAnswered(now, TimeSpan.FromMilliseconds(30))).ShouldBeTrue();

        for (var i = 0; i < 3; i++)
        {
            h.Monitor.Report(A, Signal.ProbeTimedOut(now, TimeSpan.FromSeconds(1)));
        }

        await h.Monitor.FlushAsync();
        var transitions = h.Reader.ReadTransitions(A).Items;
        transitions.Select(t => (t.FromState, t.ToState)).ShouldBe([("Suspect", "Down"), ("Up", "Suspect")]);
        transitions[0].Reason.ShouldBe("3 probes in a row timed out (last 1000 ms)");
        transitions[0].TargetKind.ShouldBe("gateway");
        transitions[0].EvidenceJson.ShouldNotBeNull().ShouldContain("\"detector\":\"consecutive\"");
        transitions[0].EvidenceJson!.ShouldContain("\"smoothedRttMs\":30");
        h.Monitor.LastTransitionOf(A).ShouldNotBeNull().To.ShouldBe("Down");
        h.Monitor.Board.Current.HealthOf(A).ShouldBe(TargetHealth.Down);
    }

    [Fact]
    public async Task Report_Transitions_OneInformationLinePerTransitionSuspicionAtDebug()
    {
        await using var h = await MonitorHarness.StartAsync(Yaml, _folder);
        var now = h.Clock.GetUtcNow();

        for (var i = 0; i < 3; i++)
        {
            h.Monitor.Report(A, Signal.ProbeTimedOut(now, TimeSpan.FromSeconds(1)));
        }

        await h.Monitor.FlushAsync();
        var lines = h.Logs.Lines.Where(l => l.Values.TryGetValue("Target", out var t) && (string?)t == A && l.Values.ContainsKey("From")).ToList();
        lines.Count.ShouldBe(2);
        lines.Single(l => (string?)l.Values["To"] == "Suspect").Level.ShouldBe(LogLevel.Debug);
        var down = lines.Single(l => (string?)l.Values["To"] == "Down");
        down.Level.ShouldBe(LogLevel.Information);
        down.Message.ShouldBe($"{A} Suspect -> Down: 3 probes in a row timed out (last 1000 ms) (trunk primary, decided by consecutive)");
        down.Values["Reason"].ShouldBe("3 probes in a row timed out (last 1000 ms)");
        down.Values["Trunk"].ShouldBe("primary");
    }

    [Fact]
    public async Task Report_UnknownTargetOrDisabledTrunk_Refused()
    {
        await using var h = await MonitorHarness.StartAsync(Yaml, _folder);
        var now = h.Clock.GetUtcNow();

        h.Monitor.Report("nope/sip:192.0.2.77", Signal.ProbeTimedOut(now, TimeSpan.FromSeconds(1))).ShouldBeFalse();
        h.Monitor.Report(Spare, Signal.ProbeTimedOut(now, TimeSpan.FromSeconds(1))).ShouldBeFalse();

        h.Monitor.Board.Current.Targets.Keys.ShouldNotContain(Spare);
    }

    [Fact]
    public async Task Report_CallFailuresOff_CallOutcomesIgnored()
    {
        await using var h = await MonitorHarness.StartAsync(Yaml, _folder);
        var now = h.Clock.GetUtcNow();

        for (var i = 0; i < 20; i++)
        {
            h.Monitor.Report("quiet/sip:192.0.2.5", Signal.CallCarrierFailure(now, 503)).ShouldBeTrue();
            h.Monitor.Report(B, Signal.CallCarrierFailure(now, 503));
        }

        h.Monitor.Board.Current.HealthOf("quiet/sip:192.0.2.5").ShouldBe(TargetHealth.Up);
        h.Monitor.Board.Current.HealthOf(B).ShouldBe(TargetHealth.Down);
    }

    [Fact]
    public async Task HealthChanged_CallsAndOperatorMoveHealth_RaisedOncePerTargetAndChange()
    {
        await using var h = await MonitorHarness.StartAsync(Yaml, _folder);
        var changed = new List<string>();
        h.Monitor.HealthChanged += id =>
        {
            lock (changed)
            {
                changed.Add(id);
            }
        };
        var now = h.Clock.GetUtcNow();

        h.Monitor.Report(A, Signal.ProbeAnswered(now, TimeSpan.FromMilliseconds(20)));
        h.Monitor.Report(A, Signal.CallCarrierFailure(now, 503));
        await h.Monitor.ChangeAsync(B, OperatorCommand.Drain, "api 127.0.0.1", null);
        await h.Monitor.ChangeAsync(B, OperatorCommand.Drain, "api 127.0.0.1", null);

        h.Monitor.Board.Current.HealthOf(A).ShouldBe(TargetHealth.Suspect);
        changed.ShouldBe([A, B]);
    }

    [Fact]
    public async Task HealthChanged_MissesWhileDrainedThenEnabled_RaisedOnlyForThePublishedChange()
    {
        await using var h = await MonitorHarness.StartAsync(Yaml, _folder);
        var changed = new List<string>();
        h.Monitor.HealthChanged += changed.Add;
        var now = h.Clock.GetUtcNow();
        await h.Monitor.ChangeAsync(A, OperatorCommand.Drain, "api 127.0.0.1", null);
        changed.Clear();

        // Drained keeps being probed; three misses while drained leave it Drained (no published change) …
        for (var i = 0; i < 3; i++)
        {
            h.Monitor.Report(A, Signal.ProbeTimedOut(now, TimeSpan.FromSeconds(1)));
        }

        changed.ShouldBeEmpty();

        // … and enabling it publishes its computed Down at once: one change, one call.
        await h.Monitor.ChangeAsync(A, OperatorCommand.Enable, "api 127.0.0.1", null);

        h.Monitor.Board.Current.HealthOf(A).ShouldBe(TargetHealth.Down);
        changed.ShouldBe([A]);
    }

    [Fact]
    public async Task ChangeAsync_Drain_ActionTransitionAndStateOnDiskWhenItReturns()
    {
        await using var h = await MonitorHarness.StartAsync(Yaml, _folder);

        var result = await h.Monitor.ChangeAsync(A, OperatorCommand.Drain, "api 127.0.0.1", "maintenance");

        result.Status.ShouldBe(OperatorChangeStatus.Changed);
        result.Health.ShouldBe(TargetHealth.Drained);
        var action = h.Reader.ReadOperatorActions(A).Items.ShouldHaveSingleItem();
        action.Actor.ShouldBe("api 127.0.0.1");
        action.Action.ShouldBe("drain");
        action.Detail.ShouldBe("maintenance");
        var transition = h.Reader.ReadTransitions(A).Items.ShouldHaveSingleItem();
        (transition.FromState, transition.ToState, transition.Reason).ShouldBe(("Up", "Drained", "drained by operator: maintenance"));
        h.Reader.ReadTargetStates().Single(s => s.TargetId == A).StateJson.ShouldContain("\"operator\":\"Drained\"");
    }

    [Fact]
    public async Task ChangeAsync_SameChangeTwice_SecondUnchangedButJournaled()
    {
        await using var h = await MonitorHarness.StartAsync(Yaml, _folder);
        await h.Monitor.ChangeAsync(A, OperatorCommand.Disable, "api 127.0.0.1", null);

        var again = await h.Monitor.ChangeAsync(A, OperatorCommand.Disable, "api 127.0.0.1", null);

        again.Status.ShouldBe(OperatorChangeStatus.Unchanged);
        h.Reader.ReadOperatorActions(A).Items.Count.ShouldBe(2);
        h.Reader.ReadOperatorActions(A).Items[0].Detail.ShouldBe("no change: already Disabled");
        h.Reader.ReadTransitions(A).Items.Count.ShouldBe(1);
    }

    [Fact]
    public async Task ChangeAsync_UnknownOrDisabledTrunk_NothingChanges()
    {
        await using var h = await MonitorHarness.StartAsync(Yaml, _folder);

        (await h.Monitor.ChangeAsync("nope", OperatorCommand.Drain, "api x", null)).Status.ShouldBe(OperatorChangeStatus.Unknown);
        (await h.Monitor.ChangeAsync(Spare, OperatorCommand.Drain, "api x", null)).Status.ShouldBe(OperatorChangeStatus.NotWatched);
        (await h.Monitor.ChangeTrunkAsync("nope", OperatorCommand.Drain, "api x", null)).ShouldBeNull();

        await h.Monitor.FlushAsync();
        h.Reader.ReadOperatorActions().Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task ChangeTrunkAsync_Drain_EveryGatewayOfTheTrunk()
    {
        await using var h = await MonitorHarness.StartAsync(Yaml, _folder);

        var results = await h.Monitor.ChangeTrunkAsync("primary", OperatorCommand.Drain, "api 10.0.0.1", "carrier maintenance");

        results.ShouldNotBeNull().Select(r => (r.TargetId, r.Health)).ShouldBe([(A, TargetHealth.Drained), (B, TargetHealth.Drained)]);
        h.Reader.ReadOperatorActions().Items.Select(a => a.Detail).ShouldAllBe(d => d == "trunk primary: carrier maintenance");
    }

    [Fact]
    public async Task Restart_DrainedAndDownTargets_ComeBackSoWithTheirLastTransition()
    {
        await using (var first = await MonitorHarness.StartAsync(Yaml, _folder))
        {
            var now = first.Clock.GetUtcNow();
            await first.Monitor.ChangeAsync(A, OperatorCommand.Drain, "api 127.0.0.1", null);
            for (var i = 0; i < 3; i++)
            {
                first.Monitor.Report(B, Signal.ProbeTimedOut(now, TimeSpan.FromSeconds(1)));
            }

            await first.Monitor.FlushAsync();
        }

        await using var second = await MonitorHarness.StartAsync(Yaml, _folder);

        second.Monitor.Board.Current.HealthOf(A).ShouldBe(TargetHealth.Drained);
        second.Monitor.Board.Current.HealthOf(B).ShouldBe(TargetHealth.Down);
        second.Monitor.LastTransitionOf(B).ShouldNotBeNull().Reason.ShouldBe("3 probes in a row timed out (last 1000 ms)");
        second.Monitor.Board.Apply(B, Signal.ProbeAnswered(second.Clock.GetUtcNow(), TimeSpan.FromMilliseconds(20)));
        second.Monitor.Board.Current.HealthOf(B).ShouldBe(TargetHealth.Recovering);
    }

    [Fact]
    public async Task Restart_TargetRemovedFromConfig_ItsStateIsForgotten()
    {
        await using (var first = await MonitorHarness.StartAsync(Yaml, _folder))
        {
            await first.Monitor.ChangeAsync(B, OperatorCommand.Disable, "api 127.0.0.1", null);
        }

        const string withoutB = """
            trunks:
              - { name: primary, gateways: [ "sip:192.0.2.1:5060" ] }
            """;
        await using var second = await MonitorHarness.StartAsync(withoutB, _folder);
        await second.Monitor.FlushAsync();

        second.Reader.ReadTargetStates().Select(s => s.TargetId).ShouldNotContain(B);
    }

    [Fact]
    public async Task Tick_TimersRunLate_SelfHealthSuspectJournaledAndLogged()
    {
        var clock = new StallingTimeProvider();
        await using var h = await MonitorHarness.StartAsync(Yaml, _folder, clock);
        await MonitorHarness.WaitUntilAsync(() => clock.TimersWithPeriod(TimeSpan.FromSeconds(1)) == 1, "the monitor's tick timer is armed");

        clock.Stall(TimeSpan.FromSeconds(5));
        clock.FireTimers();

        await MonitorHarness.WaitUntilAsync(() => h.Monitor.Board.SelfHealth.State == SelfHealthState.Suspect, "self-health is Suspect");
        h.Monitor.LastTickLateness.ShouldBe(TimeSpan.FromSeconds(4));
        await MonitorHarness.WaitUntilAsync(() => h.Monitor.LastTransitionOf(HealthMonitor.SelfTargetId) is not null, "the self-health change is recorded");
        await h.Monitor.FlushAsync();
        var self = h.Reader.ReadTransitions(HealthMonitor.SelfTargetId).Items.ShouldHaveSingleItem();
        (self.FromState, self.ToState, self.TargetKind).ShouldBe(("Healthy", "Suspect", "self"));
        self.Reason.ShouldBe("timers ran 4.0 s late");
        h.Logs.Lines.ShouldContain(l => l.Level == LogLevel.Warning && l.Message == "Self-health Suspect: timers ran 4.0 s late; holding targets from going Down");
        h.Logs.Lines.ShouldContain(l => l.Level == LogLevel.Warning && l.Message == "Timers ran 4 s late (threshold 500 ms): the process or the machine stalled");
    }

    [Fact]
    public async Task Tick_OnTime_SelfHealthStaysHealthy()
    {
        var clock = new StallingTimeProvider();
        await using var h = await MonitorHarness.StartAsync(Yaml, _folder, clock);
        await MonitorHarness.WaitUntilAsync(() => clock.TimersWithPeriod(TimeSpan.FromSeconds(1)) == 1, "the monitor's tick timer is armed");

        clock.Stall(TimeSpan.FromSeconds(1.2));
        clock.FireTimers();

        await MonitorHarness.WaitUntilAsync(() => h.Monitor.Ticks == 1, "one tick ran");
        h.Monitor.LastTickLateness.ShouldBe(TimeSpan.FromMilliseconds(200));
        h.Monitor.Board.SelfHealth.State.ShouldBe(SelfHealthState.Healthy);
    }

    [Fact]
    public async Task Tick_BoardChanged_EveryStateSavedInSlicesWithinTheInterval()
    {
        var options = new HealthMonitorOptions { SnapshotInterval = TimeSpan.FromSeconds(4) };
        await using var h = await MonitorHarness.StartAsync(Yaml, _folder, options: options);
        await MonitorHarness.WaitUntilAsync(() => { h.Clock.Advance(TimeSpan.FromSeconds(1)); return h.Monitor.Ticks > 0; }, "the monitor ticks");
        var now = h.Clock.GetUtcNow();
        for (var i = 0; i < 3; i++)
        {
            h.Monitor.Report(A, Signal.ProbeAnswered(now, TimeSpan.FromMilliseconds(20)));
            h.Monitor.Report("quiet/sip:192.0.2.5", Signal.ProbeAnswered(now, TimeSpan.FromMilliseconds(20)));
        }

        // A transition elsewhere changes the board: the next periodic save writes every state, a slice per tick
        // (3 gateways over 4 ticks: one each), so A's and quiet's counters reach the journal though they never changed.
        await h.Monitor.ChangeAsync(B, OperatorCommand.Drain, "api 127.0.0.1", null);
        var ticks = h.Monitor.Ticks;
        for (var i = 0; i < 12; i++)
        {
            h.Clock.Advance(TimeSpan.FromSeconds(1));
            var expected = ticks + i + 1;
            await MonitorHarness.WaitUntilAsync(() => h.Monitor.Ticks >= expected, "the monitor ticks");
        }

        await h.Monitor.FlushAsync();
        var states = h.Reader.ReadTargetStates().ToDictionary(s => s.TargetId, s => s.StateJson);
        states[A].ShouldContain("\"signals\":3");
        states["quiet/sip:192.0.2.5"].ShouldContain("\"signals\":3");
        states[B].ShouldContain("\"operator\":\"Drained\"");
    }

    [Fact]
    public async Task Tick_SummaryInterval_LogsCountsPerHealth()
    {
        var options = new HealthMonitorOptions { SummaryInterval = TimeSpan.FromSeconds(10) };
        await using var h = await MonitorHarness.StartAsync(Yaml, _folder, options: options);
        await h.Monitor.ChangeAsync(A, OperatorCommand.Drain, "api 127.0.0.1", null);
        await MonitorHarness.WaitUntilAsync(() => { h.Clock.Advance(TimeSpan.FromSeconds(1)); return h.Monitor.Ticks > 0; }, "the monitor ticks");

        for (var i = 0; i < 11; i++)
        {
            h.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }

        await MonitorHarness.WaitUntilAsync(() => h.Logs.Lines.Any(l => l.EventId.Id == 104), "a summary is logged");
        var summary = h.Logs.Lines.First(l => l.EventId.Id == 104);
        summary.Level.ShouldBe(LogLevel.Information);
        summary.Values["Targets"].ShouldBe(3);
        summary.Values["Up"].ShouldBe(2);
        summary.Values["Drained"].ShouldBe(1);
    }

    [Fact]
    public async Task StopAsync_StatesSavedAndFlushed_ChangesAfterwardRefused()
    {
        var h = await MonitorHarness.StartAsync(Yaml, _folder);
        await h.Monitor.StopAsync(CancellationToken.None);

        var late = await h.Monitor.ChangeAsync(A, OperatorCommand.Drain, "api 127.0.0.1", null);
        await h.StopAsync();

        late.Status.ShouldBe(OperatorChangeStatus.Failed);
        h.Monitor.Board.Current.HealthOf(A).ShouldBe(TargetHealth.Up);
        h.Reader.ReadTargetStates().Select(s => s.TargetId).ShouldBe([A, B, "quiet/sip:192.0.2.5"], ignoreOrder: true);
    }
}
