using Lifeline.Sip.Messages;
using Lifeline.Sip.Transactions;
using static Lifeline.Sip.Tests.Transactions.SipTestMessages;

namespace Lifeline.Sip.Tests.Transactions;

/// <summary>
/// The layer is fed from several transport threads at once. These tests use real threads but no
/// wall-clock assertions: they check outcomes, not speed.
/// </summary>
public sealed class SipTransactionConcurrencyTests
{
    [Fact]
    public void Receive_SameRequestOnManyThreadsAtOnce_CreatesOneServerTransaction()
    {
        using var bed = new SipTransactionTestBed();
        var invite = Invite();
        var dispositions = new SipReceiveDisposition[64];

        Parallel.For(0, dispositions.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            dispositions[i] = bed.Layer.Receive(Copy(invite), SipTransactionTestBed.Udp));

        dispositions.Count(d => d == SipReceiveDisposition.NewServerTransaction).ShouldBe(1);
        dispositions.Count(d => d == SipReceiveDisposition.MatchedTransaction).ShouldBe(63);
        bed.User.Requests.Count.ShouldBe(1);
        bed.Layer.ServerTransactionCount.ShouldBe(1);
    }

    [Fact]
    public async Task ManyClientTransactions_AnsweredFromManyThreads_EachCompletesOnceWithItsOwnResponse()
    {
        using var bed = new SipTransactionTestBed();
        const int count = 2000;
        var requests = Enumerable.Range(0, count).Select(i => Request("OPTIONS", branch: "z9hG4bKc" + i, cseq: (uint)i + 1)).ToArray();
        var transactions = requests.Select(r => bed.Start(r)).ToArray();

        // Each final response arrives twice, from different threads, racing with each other.
        Parallel.For(0, count * 2, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            bed.Layer.Receive(Response(requests[i % count], 200 + (i % count % 2)), SipTransactionTestBed.Udp));

        var results = await Task.WhenAll(transactions.Select(t => t.Completion)).WaitAsync(TimeSpan.FromSeconds(60));
        for (var i = 0; i < count; i++)
        {
            results[i].StatusCode.ShouldBe(200 + (i % 2));
            results[i].Response!.TryGetCSeq(out var cseq).ShouldBeTrue();
            cseq.Sequence.ShouldBe((uint)i + 1);
        }

        bed.Listener.Completions.Count.ShouldBe(count);
        bed.User.StrayResponses.ShouldBeEmpty();
        bed.Advance(5);
        bed.Layer.ClientTransactionCount.ShouldBe(0);
        bed.Clock.ActiveTimers.ShouldBe(0);
    }
}
