using Lifeline.Config;
using Lifeline.Health;
using Lifeline.Probing;

namespace Lifeline.Tests.Probing;

public sealed class ProbeSchedulerTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    // The manual clock's odd timestamp frequency rounds elapsed times by a few ticks.
    private static readonly TimeSpan Precision = TimeSpan.FromMilliseconds(0.01);

    [Fact]
    public void Add_ManyTargetsAtOnce_FirstProbesSpreadEvenlyOverOneInterval()
    {
        var harness = new SchedulerHarness();
        for (var i = 0; i < 1000; i++)
        {
            harness.Add($"sip:10.0.{i / 250}.{i % 250}:5060");
        }

        harness.Run(2.0);

        var first = harness.Probes.GroupBy(p => p.Target).Select(g => g.Min(p => p.At)).ToList();
        first.Count.ShouldBe(1000, "every target is probed within its first interval (2 s)");
        first.ShouldAllBe(at => at <= TimeSpan.FromSeconds(2) + Tick);

        // Ten 200 ms slices of the interval: each gets about a tenth of the first probes, none a burst.
        var slices = new int[10];
        foreach (var at in first)
        {
            slices[Math.Min(9, (int)(at.TotalMilliseconds / 200))]++;
        }

        slices.ShouldAllBe(n => n >= 60 && n <= 140, "slices: " + string.Join(", ", slices));
    }

    [Fact]
    public void RunDue_AnswersSlowerThanTheInterval_NeverTwoProbesToOneTargetInFlight()
    {
        var health = new HealthOptions
        {
            Intervals = new ProbeIntervalOptions { Up = TimeSpan.FromSeconds(1) },
            Timeout = new ProbeTimeoutOptions { Floor = TimeSpan.FromSeconds(5), Cap = TimeSpan.FromSeconds(5), Initial = TimeSpan.FromSeconds(5) },
        };
        var harness = new SchedulerHarness(health) { Answer = _ => ProbeAnswer.After(TimeSpan.FromSeconds(3)) };
        for (var i = 0; i < 50; i++)
        {
            harness.Add($"sip:10.1.0.{i}");
        }

        harness.Run(30);

        harness.Overlaps.ShouldBe(0);
        harness.Probes.Count.ShouldBeGreaterThan(50 * 8);
        foreach (var id in harness.Probes.Select(p => p.Target).Distinct())
        {
            // The next probe waits for the answer (3 s), not just the 1 s interval.
            harness.GapsOf(id).ShouldAllBe(gap => gap >= TimeSpan.FromSeconds(3) && gap <= TimeSpan.FromSeconds(3) + (2 * Tick));
        }
    }

    [Fact]
    public void RunDue_RateCapBinds_NoSecondExceedsTheCapAndEveryTargetStillGetsItsTurn()
    {
        var harness = new SchedulerHarness(options: new ProbingOptions { MaxRate = 100 });
        for (var i = 0; i < 1000; i++)
        {
            harness.Add($"sip:10.2.{i / 250}.{i % 250}");
        }

        // 1000 targets every 2 s want 500 probes a second; the cap allows 100.
        harness.Run(30);

        var perSecond = harness.Probes.GroupBy(p => (int)p.At.TotalSeconds).ToDictionary(g => g.Key, g => g.Count());
        perSecond.Values.ShouldAllBe(n => n <= 102, "the cap holds (100 a second, plus a bucket of two ticks)");
        for (var second = 1; second < 29; second++)
        {
            perSecond.GetValueOrDefault(second).ShouldBeGreaterThanOrEqualTo(95, $"second {second}: the cap is used, not wasted");
        }

        harness.Scheduler.LateProbes.ShouldBeGreaterThan(0, "probes delayed by the cap are counted late");
        harness.Scheduler.Lag.ShouldBeGreaterThan(TimeSpan.FromSeconds(1));

        // Fair: delayed probes go in due order, so every target comes round about every 1000 / 100 = 10 s.
        var ids = harness.Probes.Select(p => p.Target).Distinct().ToList();
        ids.Count.ShouldBe(1000);
        foreach (var id in ids)
        {
            harness.GapsOf(id).ShouldAllBe(gap => gap <= TimeSpan.FromSeconds(11));
        }
    }

    [Fact]
    public void RunDue_TargetGoesSilent_ProbedFasterWhileSuspectAndDownThenSlowerAgainWhenBack()
    {
        var health = new HealthOptions
        {
            Timeout = new ProbeTimeoutOptions { Floor = TimeSpan.FromMilliseconds(200), Initial = TimeSpan.FromMilliseconds(200) },
            Recovery = new RecoveryOptions { StableTime = TimeSpan.FromSeconds(3) },
            Damping = new FlapDampingOptions { Enabled = false },
        };
        var harness = new SchedulerHarness(health);
        var target = harness.Add("sip:192.0.2.10");
        harness.Run(10);
        var silentFrom = harness.Clock.Elapsed;
        harness.Answer = _ => ProbeAnswer.Silent;
        harness.Run(20);
        harness.Board.Current.HealthOf(target.Id).ShouldBe(TargetHealth.Down);
        harness.Answer = _ => ProbeAnswer.After(TimeSpan.FromMilliseconds(20));
        harness.Run(20);
        harness.Board.Current.HealthOf(target.Id).ShouldBe(TargetHealth.Up);

        var probes = harness.Probes.Where(p => p.Target == target.Id).ToList();
        for (var i = 1; i < probes.Count; i++)
        {
            // The interval of the health the previous probe's signal produced: the board decides at once.
            var gap = probes[i].At - probes[i - 1].At;
            var expected = probes[i].Health switch
            {
                TargetHealth.Suspect => TimeSpan.FromMilliseconds(500),
                TargetHealth.Down or TargetHealth.Recovering => TimeSpan.FromSeconds(1),
                _ => TimeSpan.FromSeconds(2),
            };
            gap.ShouldBeInRange(expected, expected + Tick, $"probe {i} at {probes[i].At} ({probes[i].Health})");
        }

        probes.ShouldContain(p => p.Health == TargetHealth.Suspect && p.At > silentFrom);
        probes.ShouldContain(p => p.Health == TargetHealth.Down);
        probes.ShouldContain(p => p.Health == TargetHealth.Recovering);
    }

    [Fact]
    public void RemoveAndAdd_AtRunTime_RemovedTargetsStopAndTheirLateAnswersAreIgnored()
    {
        var harness = new SchedulerHarness { Answer = _ => ProbeAnswer.After(TimeSpan.FromMilliseconds(500)) };
        var targets = Enumerable.Range(0, 10).Select(i => harness.Add($"sip:10.3.0.{i}")).ToList();
        harness.Run(5);

        // Remove half while some of their probes are still out.
        var removedAt = harness.Clock.Elapsed;
        var removedAtUtc = harness.Clock.GetUtcNow();
        foreach (var target in targets.Take(5))
        {
            harness.Scheduler.Remove(target.Id).ShouldBeTrue();
        }

        harness.Scheduler.Remove(targets[0].Id).ShouldBeFalse();
        harness.Run(10);

        harness.Scheduler.Count.ShouldBe(5);
        var removedIds = targets.Take(5).Select(t => t.Id).ToHashSet();
        harness.Probes.Where(p => removedIds.Contains(p.Target)).ShouldAllBe(p => p.At <= removedAt);
        harness.Signals.Where(s => removedIds.Contains(s.Target)).ShouldAllBe(s => s.Signal.At <= removedAtUtc, "answers still on the way when removed are ignored");
        harness.Probes.Where(p => !removedIds.Contains(p.Target) && p.At > removedAt).Select(p => p.Target).Distinct().Count().ShouldBe(5);

        // Added again (with other settings): probed again, in its own new cycle.
        var back = harness.Add(targets[0].Spec.Gateway, settings: new ProbeSettings { FromUser = "again" });
        harness.Run(3);
        harness.Probes.ShouldContain(p => p.Target == back.Id && p.At > removedAt + TimeSpan.FromSeconds(10));
        harness.Overlaps.ShouldBe(0);
    }

    [Fact]
    public void RunDue_HundredThousandTargets_EachProbedOnceAnIntervalWithExactSpacing()
    {
        var health = new HealthOptions { Intervals = new ProbeIntervalOptions { Up = TimeSpan.FromSeconds(30) } };

        // The board is only asked for intervals and timeouts here; 100,000 new targets on it is another test's job.
        var harness = new SchedulerHarness(health, new ProbingOptions { MaxRate = 10_000 }, applyToBoard: false)
        {
            Answer = _ => ProbeAnswer.After(TimeSpan.FromMilliseconds(10)),
        };
        for (var i = 0; i < 100_000; i++)
        {
            harness.Add($"sip:127.{(i >> 16) + 1}.{(i >> 8) & 255}.{i & 255}:5060");
        }

        harness.Run(61);

        harness.Overlaps.ShouldBe(0);
        harness.Scheduler.LateProbes.ShouldBe(0);
        var byTarget = harness.Probes.GroupBy(p => p.Target).ToList();
        byTarget.Count.ShouldBe(100_000);
        foreach (var group in byTarget)
        {
            var times = group.Select(p => p.At).ToList();
            times.Count.ShouldBeInRange(2, 3);
            times[0].ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(30) + Tick);
            for (var i = 1; i < times.Count; i++)
            {
                (times[i] - times[i - 1]).ShouldBeInRange(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30) + Tick);
            }
        }

        // Spread: no second carries much more than its share (100,000 / 30 ≈ 3,333).
        harness.Probes.GroupBy(p => (int)p.At.TotalSeconds).Max(g => g.Count()).ShouldBeLessThan(4_000);
    }

    [Fact]
    public void RunDue_ProbeUnanswered_MissReportedAtItsOwnTimeoutNotTheTransactionTimer()
    {
        var harness = new SchedulerHarness { Answer = _ => ProbeAnswer.Silent };
        var target = harness.Add("sip:192.0.2.20");
        harness.Run(4);

        var probe = harness.Probes.First(p => p.Target == target.Id);
        var miss = harness.Signals.First(s => s.Target == target.Id);
        miss.Signal.Outcome.ShouldBe(SignalOutcome.Timeout);
        miss.Signal.Rtt.ShouldBe(TimeSpan.FromSeconds(1), "the board's initial adaptive timeout, not Timer F's 32 s");
        var missAt = miss.Signal.At - harness.Clock.GetUtcNow() + harness.Clock.Elapsed;
        (missAt - probe.At).ShouldBeInRange(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1) + Tick);
    }

    [Fact]
    public void Answered_WithRtt_SignalCarriesTheRttAndTheBoardAdaptsTheTimeout()
    {
        var harness = new SchedulerHarness { Answer = _ => ProbeAnswer.After(TimeSpan.FromMilliseconds(100)) };
        var target = harness.Add("sip:192.0.2.21");
        harness.Run(30);

        harness.Signals.ShouldAllBe(s => s.Signal.Outcome == SignalOutcome.Success && s.Signal.Code == 200);
        harness.Signals.ShouldAllBe(s => Math.Abs((s.Signal.Rtt - TimeSpan.FromMilliseconds(100)).TotalMilliseconds) < 0.01);
        harness.Board.ProbeTimeoutFor(target.Id).ShouldBe(TimeSpan.FromMilliseconds(300), Precision, "3 × the smoothed RTT of 100 ms");
        harness.Board.RttPercentilesFor(target.Id).P50.ShouldBe(TimeSpan.FromMilliseconds(100), Precision);
    }

    [Fact]
    public void Answered_CodeOutsideAliveCodes_ReportedAsRejected()
    {
        var harness = new SchedulerHarness { Answer = _ => ProbeAnswer.After(TimeSpan.FromMilliseconds(20), 503) };
        harness.Add("sip:192.0.2.22", settings: new ProbeSettings { AliveCodes = StatusCodeSet.FromRanges([new StatusCodeRange(200, 299)]) });
        harness.Add("sip:192.0.2.23");
        harness.Run(3);

        var byTarget = harness.Signals.ToLookup(s => s.Target, s => s.Signal);
        byTarget["carrier/sip:192.0.2.22"].ShouldAllBe(s => s.Outcome == SignalOutcome.Failed && s.Code == 503);
        byTarget["carrier/sip:192.0.2.23"].ShouldAllBe(s => s.Outcome == SignalOutcome.Success && s.Code == 503, "any response proves life by default");
    }

    [Fact]
    public void Failed_TransportError_ReportedAtOnceAsAFailureSignal()
    {
        var harness = new SchedulerHarness { Answer = _ => ProbeAnswer.Fail(ProbeFailure.Refused) };
        var target = harness.Add("sip:192.0.2.24");
        harness.Run(3);

        var probe = harness.Probes.First();
        var signal = harness.Signals.First().Signal;
        signal.Outcome.ShouldBe(SignalOutcome.TransportError);
        (signal.At - harness.Clock.GetUtcNow() + harness.Clock.Elapsed).ShouldBe(probe.At, "no waiting for a timeout");
        harness.Scheduler.ProbesFailed.ShouldBeGreaterThan(0);
        harness.Board.Current.HealthOf(target.Id).ShouldNotBe(TargetHealth.Up);
    }

    [Fact]
    public void RunDue_ProbesOverMinutes_JournalGetsOneRowPerTargetAndMinuteWithPercentiles()
    {
        var n = 0;
        var harness = new SchedulerHarness
        {
            // Every fifth probe is lost; the others take 10, 20, 30, 40 ms in turn.
            Answer = _ => ++n % 5 == 0 ? ProbeAnswer.Silent : ProbeAnswer.After(TimeSpan.FromMilliseconds(10 * (n % 5))),
        };
        var target = harness.Add("sip:192.0.2.25");
        harness.Run(185);

        harness.Minutes.Count.ShouldBeGreaterThanOrEqualTo(2);
        var minute = harness.Minutes[1];
        minute.TargetId.ShouldBe(target.Id);
        minute.Minute.Second.ShouldBe(0);
        // Four answered at the 2 s Up interval, then a loss and a quick 0.5 s Suspect probe: about 35 a minute.
        minute.Sent.ShouldBeInRange(30, 40);
        minute.Lost.ShouldBe(minute.Sent - minute.Answered);
        minute.Lost.ShouldBeInRange((minute.Sent / 5) - 1, (minute.Sent / 5) + 1);
        minute.RttP50.ShouldNotBeNull();
        minute.RttP50!.Value.ShouldBeInRange(TimeSpan.FromMilliseconds(19.9), TimeSpan.FromMilliseconds(30.1));
        minute.RttMax!.Value.ShouldBe(TimeSpan.FromMilliseconds(40), Precision);
        minute.RttP99!.Value.ShouldBe(TimeSpan.FromMilliseconds(40), Precision);
        harness.Minutes.Select(m => m.Minute).Distinct().Count().ShouldBe(harness.Minutes.Count, "one row per minute");

        // Removing the target writes its minute in progress.
        var before = harness.Minutes.Count;
        harness.Scheduler.Remove(target.Id);
        harness.Minutes.Count.ShouldBe(before + 1);
    }

    [Fact]
    public void RunDue_MinuteEnds_SweepWritesTheRowsOfTheMinuteInTargetIdOrder()
    {
        // At 30 s intervals a target's next probe usually starts well after the minute ends; its row is then written by
        // the sweep two seconds into the next minute, with every other target's, in id order (the journal's key).
        var harness = new SchedulerHarness(health: new HealthOptions { Intervals = new ProbeIntervalOptions { Up = TimeSpan.FromSeconds(30) } });
        var ids = new[] { "10.0.0.9", "10.0.0.1", "10.0.0.5", "10.0.0.3", "10.0.0.7", "10.0.0.2" }.Select(a => harness.Add("sip:" + a).Id).ToList();
        var start = harness.Clock.GetUtcNow();
        var minute = new DateTimeOffset(((start.UtcTicks / TimeSpan.TicksPerMinute) + 1) * TimeSpan.TicksPerMinute, TimeSpan.Zero);
        var next = minute.AddMinutes(1);

        harness.Run(next.AddSeconds(1.9) - start);
        var early = harness.Minutes.Where(m => m.Minute == minute).Select(m => m.TargetId).ToList();
        harness.Run(TimeSpan.FromSeconds(2));
        var swept = harness.Minutes.Where(m => m.Minute == minute).Select(m => m.TargetId).Skip(early.Count).ToList();

        swept.ShouldNotBeEmpty();
        swept.ShouldBe([.. swept.Order(StringComparer.Ordinal)]);
        early.Concat(swept).ShouldBe(ids, ignoreOrder: true);
        harness.Minutes.Where(m => m.Minute == minute).ShouldAllBe(m => m.Sent >= 2 && m.Answered == m.Sent);
    }

    [Fact]
    public void RunDue_LoopStalls_BoardSuspectsItselfInsteadOfTheCarriers()
    {
        var harness = new SchedulerHarness { Answer = _ => ProbeAnswer.After(TimeSpan.FromMilliseconds(20)) };
        harness.Add("sip:192.0.2.26");
        harness.Add("sip:192.0.2.27");
        harness.Run(5);
        harness.Board.SelfHealth.State.ShouldBe(SelfHealthState.Healthy);

        // The process stalls for 3 s (GC, CPU starvation): the next tick runs 3 s late.
        harness.Clock.Advance(TimeSpan.FromSeconds(3));
        harness.Scheduler.RunDue();

        harness.Board.SelfHealth.State.ShouldBe(SelfHealthState.Suspect);
        harness.Board.SelfHealth.Reason.ShouldContain("late");
    }

    [Fact]
    public void RunDue_DisabledTarget_NotProbedUntilEnabled()
    {
        var harness = new SchedulerHarness();
        var target = harness.Add("sip:192.0.2.28");
        harness.Run(5);
        harness.Board.Disable(target.Id);
        harness.Run(1);
        var disabledAt = harness.Clock.Elapsed;
        harness.Run(10);
        harness.Probes.ShouldAllBe(p => p.At <= disabledAt);

        harness.Board.Enable(target.Id);
        harness.Run(2);
        harness.Probes.ShouldContain(p => p.At > disabledAt);
    }

    [Fact]
    public void Reschedule_HealthDroppedByCalls_NextProbeComesAtTheFasterInterval()
    {
        var health = new HealthOptions { Intervals = new ProbeIntervalOptions { Up = TimeSpan.FromSeconds(30) } };
        var harness = new SchedulerHarness(health);
        var target = harness.Add("sip:192.0.2.29");
        harness.Run(31);
        var last = harness.Probes[^1].At;

        // A call fails: the board makes the target Suspect without any probe.
        harness.Board.Apply(target.Id, Signal.CallCarrierFailure(harness.Clock.GetUtcNow(), 503));

        harness.Board.Current.HealthOf(target.Id).ShouldBe(TargetHealth.Suspect);
        harness.Scheduler.Reschedule(target.Id);
        harness.Run(1);

        harness.Probes[^1].At.ShouldBeLessThan(last + TimeSpan.FromSeconds(30));
        harness.Probes.Count(p => p.At > last).ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public void RunDue_TcpGatewayWithCrlfKeepalive_PingsAtTheIntervalAndCountsMissingPongs()
    {
        var harness = new SchedulerHarness();
        var target = harness.Add("sip:192.0.2.30;transport=tcp", settings: new ProbeSettings { CrlfKeepalive = TimeSpan.FromSeconds(5) });
        target.IsTcp.ShouldBeTrue();
        harness.Run(30);

        var pings = harness.Pings.Select(p => p.At).ToList();
        pings.Count.ShouldBeInRange(5, 6);
        for (var i = 1; i < pings.Count; i++)
        {
            (pings[i] - pings[i - 1]).ShouldBeInRange(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5) + Tick);
        }

        target.Counters.PongsReceived.ShouldBe(pings.Count);

        // Pongs stop (the flow died): each ping is judged lost after the RFC 5626 10 s.
        harness.PongAfter = null;
        harness.Run(40);
        target.Counters.PongsLost.ShouldBeGreaterThanOrEqualTo(2);

        // UDP gateways are never pinged.
        harness.Pings.ShouldAllBe(p => p.Target == target.Id);
    }

    [Fact]
    public void RunDue_FewTargetsWithNothingDueSoon_LoopSleepsLongerAndIsWokenForNewWork()
    {
        var health = new HealthOptions { Intervals = new ProbeIntervalOptions { Up = TimeSpan.FromSeconds(30) } };
        var harness = new SchedulerHarness(health);
        var plans = new List<TimeSpan>();
        harness.Scheduler.PlanNextRun = plans.Add;
        var target = harness.Add("sip:192.0.2.31");
        harness.Run(31);

        // Answered, next probe 30 s after the last: nothing to do for a while, so at most a second of sleep.
        var wait = harness.Scheduler.RunDue();
        wait.ShouldBe(TimeSpan.FromSeconds(1));
        plans[^1].ShouldBe(TimeSpan.FromSeconds(1));

        // A call fails: the target is Suspect, its next probe comes sooner than the planned run, and the loop is told.
        plans.Clear();
        harness.Board.Apply(target.Id, Signal.CallCarrierFailure(harness.Clock.GetUtcNow(), 503));
        harness.Scheduler.Reschedule(target.Id);
        plans.ShouldNotBeEmpty();
        plans[^1].ShouldBeLessThan(wait);

        // A probe out: tick by tick until it ends.
        harness.Answer = _ => ProbeAnswer.Silent;
        harness.Run(0.6);
        harness.Scheduler.InFlight.ShouldBe(1);
        harness.Scheduler.RunDue().ShouldBe(TimeSpan.FromMilliseconds(10));
    }
}
