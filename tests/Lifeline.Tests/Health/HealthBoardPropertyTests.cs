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
        for (var sequence = 0; sequence < 100_000; sequence++)
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
        private int _step;
        private int _op;
        private string _id = string.Empty;

        public void Run(int length)
        {
            _board = new HealthBoard(options, _clock);
            foreach (var id in Ids)
            {
                _board.Track(id);
                _expected[id] = (TargetHealth.Up, null);
            }

            for (_step = 0; _step < length; _step++)
            {
                Advance();
                _id = Ids[random.Next(Ids.Length)];
                var transitions = Act(_id);
                foreach (var t in transitions)
                {
                    CheckTransition(t);
                }

                CheckConsistent();
            }
        }

        // Cheap on success, so 100,000 sequences stay fast; the message (with the seed position) only on failure.
        private void Check(bool ok, string what)
        {
            if (!ok)
            {
                throw new Xunit.Sdk.XunitException($"sequence {number}, step {_step}, op {_op} on {_id} (preset {number % Presets.Length}): {what}");
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
            var op = _op = random.Next(100);
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
                        Check(!target.Damped || target.Penalty >= options.Damping.ReuseLevel, "still damped below the reuse level after a tick");
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
            foreach (var before in saved)
            {
                var target = _board.Current.Targets[before.TargetId];
                Check(
                    before.Health is not (TargetHealth.Down or TargetHealth.Recovering) || target.Health is TargetHealth.Down or TargetHealth.Recovering,
                    $"{before.Health} before the restart, {target.Health} after");
                Check(before.Operator == OperatorHold.None || target.Operator == before.Operator, "operator state lost in the restart");
                Check(target.Health != TargetHealth.Recovering || target.ComputedSince == _clock.GetUtcNow(), "restored Recovering does not start its proof afresh");
                _expected[target.TargetId] = (target.Health, target.Health == TargetHealth.Recovering ? target.ComputedSince : null);
            }
        }

        private void CheckTransition(Transition t)
        {
            var (published, recoveringSince) = _expected[t.TargetId];
            var what = $"{t.From} → {t.To} ({t.Reason}, by {t.Evidence.Detector})";
            Check(t.From == published, $"{what} does not follow on from {published}");
            Check(t.To != t.From, $"{what} changes nothing");
            Check(t.At == _clock.GetUtcNow(), $"{what} is not stamped now");
            Check(!string.IsNullOrWhiteSpace(t.Reason), $"{what} has no reason");
            seen.Add((t.From, t.To));

            switch (t.Evidence.Detector)
            {
                case "operator":
                    Check(
                        t.To is TargetHealth.Drained or TargetHealth.Disabled
                        || (t.From == TargetHealth.Drained && t.To is TargetHealth.Up or TargetHealth.Suspect or TargetHealth.Down or TargetHealth.Recovering)
                        || (t.From == TargetHealth.Disabled && t.To is TargetHealth.Recovering or TargetHealth.Down),
                        $"operator transition {what} is not allowed");
                    break;
                case "damping":
                    Check((t.From, t.To) == (TargetHealth.Down, TargetHealth.Recovering), $"damping transition {what} is not a release into Recovering");
                    break;
                default:
                    Check(Array.IndexOf(RuleTransitions, (t.From, t.To)) >= 0, $"{what} is forbidden by the rules");
                    break;
            }

            if ((t.From, t.To) == (TargetHealth.Recovering, TargetHealth.Up) && t.Evidence.Detector == HealthRules.Recovery)
            {
                var m = options.Recovery.Successes;
                Check(t.Evidence.LastSignals.TakeLast(m).Count(s => s.IsSuccess) == m, $"{what} without {m} successes in a row");
                Check(recoveringSince is not { } since || t.At - since >= options.Recovery.StableTime, $"{what} before the stable time");
            }

            // Recovering entered from Drained began earlier, unseen; its stable time cannot be checked here.
            var knownStart = t.To == TargetHealth.Recovering && t.From != TargetHealth.Drained;
            _expected[t.TargetId] = (t.To, knownStart ? t.At : null);
        }

        private void CheckConsistent()
        {
            var now = _clock.GetUtcNow();
            var current = _board.Current;
            var ceiling = FlapDamping.Ceiling(options.Damping) + 1e-6;
            foreach (var target in _board.Capture())
            {
                var published = current.Targets[target.TargetId];
                Check(published.Health == target.Health, $"published snapshot says {published.Health}, state says {target.Health}");
                Check(target.Health == _expected[target.TargetId].Published, $"health {target.Health} without a transition from {_expected[target.TargetId].Published}");
                Check(target.Computed is TargetHealth.Up or TargetHealth.Suspect or TargetHealth.Down or TargetHealth.Recovering, $"computed health {target.Computed}");
                var expected = target.Operator switch
                {
                    OperatorHold.Drained => TargetHealth.Drained,
                    OperatorHold.Disabled => TargetHealth.Disabled,
                    _ => target.Damped ? TargetHealth.Down : target.Computed,
                };
                Check(target.Health == expected, $"health {target.Health}, but operator {target.Operator}, damped {target.Damped}, computed {target.Computed}");
                Check(target.CallHoldUntil is null || target.Computed == TargetHealth.Down, "call hold outside Down");
                Check(target.Penalty >= 0, "negative penalty");
                Check(options.Damping.Enabled ? target.Penalty <= ceiling : !target.Damped, "penalty above the ceiling, or damped with damping off");

                var share = published.TrafficShare(now, options.Recovery);
                var steps = options.Recovery.RampSteps;
                Check(
                    target.Health switch
                    {
                        TargetHealth.Up or TargetHealth.Suspect => share == 1.0,
                        TargetHealth.Recovering => Array.IndexOf(steps, share) >= 0 || (steps.Length == 0 && share == 1.0),
                        _ => share == 0.0,
                    },
                    $"traffic share {share} while {target.Health}");

                var interval = _board.ProbeIntervalFor(target.TargetId);
                Check(
                    interval == (target.Operator == OperatorHold.Disabled ? Timeout.InfiniteTimeSpan : options.ProbeIntervalFor(target.Computed)),
                    $"probe interval {interval} while computed {target.Computed}, operator {target.Operator}");
            }
        }
    }
}
