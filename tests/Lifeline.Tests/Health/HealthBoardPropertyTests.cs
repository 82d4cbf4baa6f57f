using Lifeline.Health;
using Lifeline.Testing;

namespace Lifeline.Tests.Health;

/// <summary>
/// Random signal sequences (seeded, so a failure replays) against the board: every transition must be one the rules
/// allow, follow on from the previous one, and the published state must stay consistent.
/// </summary>
public sealed class HealthBoardPropertyTests
{
    private static readonly (TargetHealth From, TargetHealth To)[] RuleTransitions =
    [
        (TargetHealth.Up, TargetHealth.Suspect),
        (TargetHealth.Suspect, TargetHealth.Up),
        (TargetHealth.Suspect, TargetHealth.Down),
        (TargetHealth.Down, TargetHealth.Recovering),
        (TargetHealth.Recovering, TargetHealth.Up),
        (TargetHealth.Recovering, TargetHealth.Down),
    ];

    private static readonly HealthOptions[] Presets =
    [
        new HealthOptions(),

        // Tight settings, so short sequences reach every state, damping and the call hold.
        new HealthOptions
        {
            Probes = new DetectorOptions { Consecutive = new ConsecutiveFailuresOptions { Failures = 2 } },
            Calls = new DetectorOptions { Detector = FailureDetectors.Ratio, Ratio = new FailureRatioOptions { MinimumVolume = 2, Window = TimeSpan.FromSeconds(5) } },
            Recovery = new RecoveryOptions { Successes = 2, StableTime = TimeSpan.FromSeconds(2), RelapseAfter = 1, CallHoldTime = TimeSpan.FromSeconds(5) },
            Damping = new FlapDampingOptions { HalfLife = TimeSpan.FromSeconds(10), MaxSuppressTime = TimeSpan.FromSeconds(30) },
            SelfHealth = new SelfHealthOptions { MinimumTargets = 2, MaxHold = TimeSpan.FromSeconds(10) },
        },

        new HealthOptions
        {
            Probes = new DetectorOptions { Detector = FailureDetectors.Phi, Phi = new PhiAccrualOptions { AcceptableHeartbeatPause = TimeSpan.FromSeconds(0.5), FirstHeartbeatEstimate = TimeSpan.FromSeconds(1) } },
            Calls = new DetectorOptions { Consecutive = new ConsecutiveFailuresOptions { Failures = 2 } },
            Recovery = new RecoveryOptions { Successes = 1, StableTime = TimeSpan.Zero, RampSteps = [] },
            Damping = new FlapDampingOptions { Enabled = false },
        },

        new HealthOptions
        {
            Probes = new DetectorOptions { Detector = FailureDetectors.Ratio, Ratio = new FailureRatioOptions { MinimumVolume = 3, Window = TimeSpan.FromSeconds(10) } },
            Recovery = new RecoveryOptions { Successes = 3, StableTime = TimeSpan.FromSeconds(3), RelapseAfter = 2, CallHoldTime = TimeSpan.Zero },
            Damping = new FlapDampingOptions { HalfLife = TimeSpan.FromSeconds(5), SuppressLevel = 1500, ReuseLevel = 400 },
            SelfHealth = new SelfHealthOptions { Enabled = false },
        },
    ];

    private static readonly string[] Ids = ["a", "b", "c"];

    [Fact]
    public void Apply_RandomSignalSequences_NeverAForbiddenTransitionAndAlwaysConsistent()
    {
        var random = new Random(20260101);
        var seen = new HashSet<(TargetHealth, TargetHealth)>();
        for (var sequence = 0; sequence < 10_000; sequence++)
        {
            new Sequence(Presets[sequence % Presets.Length], random, seen, sequence).Run(length: 30);
        }

        // The sequences did explore: every rule transition and the operator and damping paths happened.
        foreach (var allowed in RuleTransitions)
        {
            seen.ShouldContain(allowed);
        }

        seen.ShouldContain((TargetHealth.Up, TargetHealth.Drained));
        seen.ShouldContain((TargetHealth.Disabled, TargetHealth.Recovering));
        seen.ShouldContain((TargetHealth.Suspect, TargetHealth.Disabled));
    }

    private sealed class Sequence(HealthOptions options, Random random, HashSet<(TargetHealth, TargetHealth)> seen, int number)
    {
        private readonly ManualTimeProvider _clock = new();
        private readonly Dictionary<string, (TargetHealth Published, DateTimeOffset? RecoveringSince)> _expected = [];
        private HealthBoard _board = null!;
        private string _log = string.Empty;

        public void Run(int length)
        {
            _board = new HealthBoard(options, _clock);
            foreach (var id in Ids)
            {
                _board.Track(id);
                _expected[id] = (TargetHealth.Up, null);
            }

            for (var step = 0; step < length; step++)
            {
                Advance();
                var id = Ids[random.Next(Ids.Length)];
                var transitions = Act(id);
                foreach (var t in transitions)
                {
                    CheckTransition(t);
                }

                CheckConsistent();
            }
        }

        private void Advance()
        {
            var roll = random.Next(100);
            var seconds = roll < 20 ? 0 : roll < 70 ? random.NextDouble() : roll < 95 ? 1 + random.NextDouble() * 14 : 30 + random.NextDouble() * 370;
            _clock.Advance(TimeSpan.FromSeconds(seconds));
        }

        private IReadOnlyList<Transition> Act(string id)
        {
            var now = _clock.GetUtcNow();
            var op = random.Next(100);
            _log = $"sequence {number}, op {op} on {id}";
            Signal? signal = op switch
            {
                < 25 => Signal.ProbeAnswered(now, TimeSpan.FromMilliseconds(1 + random.Next(300))),
                < 45 => Signal.ProbeTimedOut(now, TimeSpan.FromMilliseconds(200)),
                < 50 => Signal.ProbeTransportError(now),
                < 58 => Signal.CallAnswered(now),
                < 62 => Signal.CallCalleeResult(now, 486),
                < 72 => Signal.CallCarrierFailure(now, 503),
                < 76 => Signal.CallTimedOut(now, TimeSpan.FromSeconds(2)),
                < 78 => Signal.Registration(now, random.Next(2) == 0, 403),
                < 80 => Signal.ProcessCheck(now, random.Next(2) == 0),
                _ => null,
            };
            if (signal is { } s)
            {
                return _board.Apply(id, s);
            }

            switch (op)
            {
                case < 87:
                    var ticked = _board.Tick();
                    foreach (var target in _board.Capture())
                    {
                        // Right after a tick, nothing stays damped below the reuse level.
                        if (target.Damped)
                        {
                            target.Penalty.ShouldBeGreaterThanOrEqualTo(options.Damping.ReuseLevel, _log);
                        }
                    }

                    return ticked;
                case < 89:
                    return _board.Drain(id);
                case 89:
                    return _board.Disable(id);
                case < 93:
                    return _board.Enable(id);
                case 93:
                    _board.ReportTimerLateness(TimeSpan.FromSeconds(random.NextDouble() * 5));
                    return [];
                case < 96:
                    Restart();
                    return [];
                default:
                    return _board.Tick();
            }
        }

        private void Restart()
        {
            var saved = _board.Capture();
            _board = new HealthBoard(options, _clock);
            _board.Restore(saved);
            foreach (var target in _board.Current.Targets.Values)
            {
                var before = saved.Single(s => s.TargetId == target.TargetId);
                if (before.Health is TargetHealth.Down or TargetHealth.Recovering)
                {
                    // Out of service before the restart: still out, or proving itself afresh.
                    target.Health.ShouldBeOneOf([TargetHealth.Down, TargetHealth.Recovering], _log);
                }

                if (before.Operator != OperatorHold.None)
                {
                    target.Operator.ShouldBe(before.Operator, _log);
                }

                if (target.Health == TargetHealth.Recovering)
                {
                    target.ComputedSince.ShouldBe(_clock.GetUtcNow(), _log);
                }

                _expected[target.TargetId] = (target.Health, target.Health == TargetHealth.Recovering ? target.ComputedSince : null);
            }
        }

        private void CheckTransition(Transition t)
        {
            var (published, recoveringSince) = _expected[t.TargetId];
            t.From.ShouldBe(published, _log);
            t.To.ShouldNotBe(t.From, _log);
            t.At.ShouldBe(_clock.GetUtcNow(), _log);
            t.Reason.ShouldNotBeNullOrWhiteSpace(_log);
            seen.Add((t.From, t.To));

            switch (t.Evidence.Detector)
            {
                case "operator":
                    var ok = t.To is TargetHealth.Drained or TargetHealth.Disabled
                        || (t.From == TargetHealth.Drained && t.To is TargetHealth.Up or TargetHealth.Suspect or TargetHealth.Down or TargetHealth.Recovering)
                        || (t.From == TargetHealth.Disabled && t.To is TargetHealth.Recovering or TargetHealth.Down);
                    ok.ShouldBeTrue($"{_log}: operator transition {t.From} → {t.To}");
                    break;
                case "damping":
                    (t.From, t.To).ShouldBe((TargetHealth.Down, TargetHealth.Recovering), _log);
                    break;
                default:
                    RuleTransitions.ShouldContain((t.From, t.To), $"{_log}: {t.From} → {t.To} ({t.Reason})");
                    break;
            }

            if ((t.From, t.To) == (TargetHealth.Recovering, TargetHealth.Up) && t.Evidence.Detector == HealthRules.Recovery)
            {
                var m = options.Recovery.Successes;
                t.Evidence.LastSignals.TakeLast(m).Count(s => s.IsSuccess).ShouldBe(m, _log);
                if (recoveringSince is { } since)
                {
                    (t.At - since).ShouldBeGreaterThanOrEqualTo(options.Recovery.StableTime, _log);
                }
            }

            // Recovering entered from Drained began earlier, unseen; its stable time cannot be checked here.
            var knownStart = t.To == TargetHealth.Recovering && t.From != TargetHealth.Drained;
            _expected[t.TargetId] = (t.To, knownStart ? t.At : null);
        }

        private void CheckConsistent()
        {
            var now = _clock.GetUtcNow();
            var current = _board.Current;
            foreach (var target in _board.Capture())
            {
                var published = current.Targets[target.TargetId];
                published.Health.ShouldBe(target.Health, _log);
                target.Health.ShouldBe(_expected[target.TargetId].Published, _log);
                target.Computed.ShouldBeOneOf([TargetHealth.Up, TargetHealth.Suspect, TargetHealth.Down, TargetHealth.Recovering], _log);
                var expected = target.Operator switch
                {
                    OperatorHold.Drained => TargetHealth.Drained,
                    OperatorHold.Disabled => TargetHealth.Disabled,
                    _ => target.Damped ? TargetHealth.Down : target.Computed,
                };
                target.Health.ShouldBe(expected, _log);
                if (target.CallHoldUntil is not null)
                {
                    target.Computed.ShouldBe(TargetHealth.Down, _log);
                }

                target.Penalty.ShouldBeGreaterThanOrEqualTo(0, _log);
                if (options.Damping.Enabled)
                {
                    target.Penalty.ShouldBeLessThanOrEqualTo(FlapDamping.Ceiling(options.Damping) + 1e-6, _log);
                }
                else
                {
                    target.Damped.ShouldBeFalse(_log);
                }

                var share = published.TrafficShare(now, options.Recovery);
                switch (target.Health)
                {
                    case TargetHealth.Up or TargetHealth.Suspect:
                        share.ShouldBe(1.0, _log);
                        break;
                    case TargetHealth.Recovering:
                        (options.Recovery.RampSteps.Contains(share) || (options.Recovery.RampSteps.Count == 0 && share == 1.0)).ShouldBeTrue(_log);
                        break;
                    default:
                        share.ShouldBe(0.0, _log);
                        break;
                }

                var interval = _board.ProbeIntervalFor(target.TargetId);
                interval.ShouldBe(target.Operator == OperatorHold.Disabled ? Timeout.InfiniteTimeSpan : options.ProbeIntervalFor(target.Computed), _log);
            }
        }
    }
}
