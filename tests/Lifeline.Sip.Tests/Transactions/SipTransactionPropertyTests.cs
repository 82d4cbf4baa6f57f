using System.Net.Sockets;
using FsCheck;
using FsCheck.Fluent;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Transactions;
using static Lifeline.Sip.Tests.Transactions.SipTestMessages;

namespace Lifeline.Sip.Tests.Transactions;

/// <summary>
/// Random sequences of network events, TU actions and clock steps never drive a transaction into
/// something RFC 3261 forbids, and never throw.
/// </summary>
public sealed class SipTransactionPropertyTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(300);

    private static readonly Gen<Step> Steps = Gen.OneOf(
        Gen.Elements(0.05, 0.2, 0.5, 1.0, 3.0, 10.0).Select(d => new Step(StepKind.Advance, 0, d)),
        Gen.Elements(100, 180, 183, 200, 404, 486, 487, 503, 603).Select(s => new Step(StepKind.Response, s, 0)),
        Gen.Constant(new Step(StepKind.Repeat, 0, 0)),
        Gen.Constant(new Step(StepKind.Cancel, 0, 0)),
        Gen.Constant(new Step(StepKind.FailNextSend, 0, 0)));

    private enum StepKind
    {
        Advance,
        Response,
        Repeat,
        Cancel,
        FailNextSend,
    }

    [Fact]
    public void ClientInvite_RandomEvents_KeepsTheRfcInvariants()
    {
        var property = Prop.ForAll(Gen.ArrayOf(Steps).ToArbitrary(), (Step[] steps) =>
        {
            using var bed = new SipTransactionTestBed();
            var failNext = false;
            bed.Sender.Behaviour = _ =>
            {
                var fail = failNext;
                failNext = false;
                return fail ? SipSendResult.Failed(SocketError.NetworkReset) : SipSendResult.Success;
            };
            var invite = Invite();
            var tx = bed.Start(invite);
            SipMessage? last = null;
            TimeSpan? firstResponseAt = null;
            var provisionalBeforeFinal = false;
            foreach (var step in steps)
            {
                switch (step.Kind)
                {
                    case StepKind.Advance:
                        bed.Advance(step.Seconds);
                        break;
                    case StepKind.Response:
                        last = Response(invite, step.Status, toTag: step.Status == 100 ? null : "t" + step.Status);
                        if (tx.State is SipTransactionState.Calling or SipTransactionState.Proceeding)
                        {
                            firstResponseAt ??= bed.Clock.Elapsed;
                            provisionalBeforeFinal |= step.Status < 200;
                        }

                        bed.Receive(last);
                        break;
                    case StepKind.Repeat when last is not null:
                        bed.Receive(last);
                        break;
                    case StepKind.Cancel:
                        tx.Cancel();
                        break;
                    case StepKind.FailNextSend:
                        failNext = true;
                        break;
                }
            }

            bed.Advance(200);

            bed.Listener.Completions.Count.ShouldBeLessThanOrEqualTo(1);
            if (bed.Listener.Completions.Count == 0)
            {
                tx.State.ShouldBe(SipTransactionState.Proceeding); // waits for the TU, as RFC 3261 says
            }
            else
            {
                tx.State.ShouldBe(SipTransactionState.Terminated);
                bed.Layer.ClientTransactionCount.ShouldBe(0);
                bed.Clock.ActiveTimers.ShouldBe(0);
            }

            var result = bed.Listener.Completions.FirstOrDefault();
            if (!(result.HasResponse && result.StatusCode >= 300))
            {
                bed.Sender.Requests("ACK").ShouldBeEmpty();
            }

            bed.Sender.Requests("ACK").ShouldAllBe(a => a.TopViaBranch == invite.TopViaBranch);
            if (firstResponseAt is { } first)
            {
                bed.Sender.Sent.Where(s => s.Message.Method == SipMethod.Invite).ShouldAllBe(s => s.At <= first);
            }

            if (bed.Sender.Requests("CANCEL").Length > 0)
            {
                provisionalBeforeFinal.ShouldBeTrue();
            }

            return true;
        });

        Check.One(Runs, property);
    }

    [Fact]
    public void ServerInvite_RandomEvents_KeepsTheRfcInvariants()
    {
        var property = Prop.ForAll(Gen.ArrayOf(Steps).ToArbitrary(), (Step[] steps) =>
        {
            using var bed = new SipTransactionTestBed();
            var failNext = false;
            bed.Sender.Behaviour = _ =>
            {
                var fail = failNext;
                failNext = false;
                return fail ? SipSendResult.Failed(SocketError.NetworkReset) : SipSendResult.Success;
            };
            var invite = Invite();
            bed.Receive(invite);
            var tx = bed.User.Requests.Single();
            SipMessage? final = null;
            var confirmed = false;
            foreach (var step in steps)
            {
                switch (step.Kind)
                {
                    case StepKind.Advance:
                        bed.Advance(step.Seconds);
                        break;
                    case StepKind.Response:
                        var response = Response(invite, step.Status, toTag: "uas");
                        if (tx.SendResponse(response) && step.Status >= 200)
                        {
                            // Only the TU's 2xx retransmissions may follow a final (RFC 6026 Accepted).
                            if (final is not null)
                            {
                                (final.StatusCode is >= 200 and < 300 && step.Status is >= 200 and < 300).ShouldBeTrue("a second final response was accepted");
                            }

                            final = response;
                        }

                        break;
                    case StepKind.Repeat:
                        bed.Receive(invite);
                        break;
                    case StepKind.Cancel when final is not null:
                        // Reuse the step as "the ACK arrives".
                        bed.Receive(AckFor(invite, final));
                        confirmed |= tx.State == SipTransactionState.Confirmed;
                        break;
                    case StepKind.FailNextSend:
                        failNext = true;
                        break;
                }
            }

            bed.Advance(200);

            var finals = bed.Sender.Sent.Where(s => s.Message.StatusCode >= 200).Select(s => s.Message.StatusCode).Distinct().ToArray();
            finals.Length.ShouldBeLessThanOrEqualTo(1);
            // A retransmission after termination starts a new transaction: count this one's failures.
            var failures = bed.User.Failures.Where(f => f.Transaction == tx).ToArray();
            failures.Length.ShouldBeLessThanOrEqualTo(1);
            if (confirmed)
            {
                failures.ShouldNotContain(f => f.Failure == SipServerFailure.AckTimeout);
            }

            if (final is null && failures.Length == 0)
            {
                tx.State.ShouldBe(SipTransactionState.Proceeding); // the TU has not answered yet
            }
            else
            {
                tx.State.ShouldBe(SipTransactionState.Terminated);
                bed.Layer.ServerTransactionCount.ShouldBe(bed.User.Requests.Count(r => r.State != SipTransactionState.Terminated));
                bed.Clock.ActiveTimers.ShouldBe(0);
            }

            return true;
        });

        Check.One(Runs, property);
    }

    [Fact]
    public void ClientNonInvite_RandomEvents_CompletesExactlyOnceAndCleansUp()
    {
        var property = Prop.ForAll(Gen.ArrayOf(Steps).ToArbitrary(), (Step[] steps) =>
        {
            using var bed = new SipTransactionTestBed();
            var failNext = false;
            bed.Sender.Behaviour = _ =>
            {
                var fail = failNext;
                failNext = false;
                return fail ? SipSendResult.Failed(SocketError.NetworkReset) : SipSendResult.Success;
            };
            var options = Options();
            var tx = bed.Start(options, timeout: TimeSpan.FromSeconds(2));
            SipMessage? last = null;
            foreach (var step in steps)
            {
                switch (step.Kind)
                {
                    case StepKind.Advance:
                        bed.Advance(step.Seconds);
                        break;
                    case StepKind.Response:
                        last = Response(options, step.Status);
                        bed.Receive(last);
                        break;
                    case StepKind.Repeat when last is not null:
                        bed.Receive(last);
                        break;
                    case StepKind.FailNextSend:
                        failNext = true;
                        break;
                }
            }

            bed.Advance(60);

            // The 2 s override bounds the wait: whatever happened, the transaction is over.
            bed.Listener.Completions.Count.ShouldBe(1);
            tx.State.ShouldBe(SipTransactionState.Terminated);
            bed.Clock.ActiveTimers.ShouldBe(0);
            bed.Sender.Sent.ShouldAllBe(s => s.At <= TimeSpan.FromSeconds(2));
            return true;
        });

        Check.One(Runs, property);
    }

    private readonly record struct Step(StepKind Kind, int Status, double Seconds);
}
