using Lifeline.Sip.Messages;
using Lifeline.Sip.Parsing;
using Lifeline.Sip.Transactions;
using Lifeline.Testing;

namespace Lifeline.Sip.Tests.Transactions;

/// <summary>
/// A hand-written fake of the transaction layer's transport seam: records every message sent,
/// with the manual clock's time, and fails sends on demand (synchronously, or later when
/// <see cref="Asynchronous"/> is set).
/// </summary>
internal sealed class FakeTransactionSender(ManualTimeProvider clock) : ISipTransactionSender
{
    private readonly Lock _gate = new();
    private readonly List<(TaskCompletionSource<SipSendResult> Send, SipSendResult Result)> _pending = [];
    private readonly List<SentMessage> _sent = [];

    /// <summary>A snapshot of everything sent so far, in order.</summary>
    public IReadOnlyList<SentMessage> Sent
    {
        get
        {
            lock (_gate)
            {
                return _sent.ToArray();
            }
        }
    }

    /// <summary>Decides each send's result; null means every send succeeds.</summary>
    public Func<SipMessage, SipSendResult>? Behaviour { get; set; }

    /// <summary>When true, sends complete only when <see cref="CompletePending"/> is called.</summary>
    public bool Asynchronous { get; set; }

    public ValueTask<SipSendResult> SendAsync(ReadOnlyMemory<byte> message, SipTransactionDestination destination, CancellationToken cancellationToken)
    {
        var parsed = SipParser.Default.Parse(message.Span);
        parsed.Success.ShouldBeTrue($"the transaction layer sent an unparsable message: {parsed.Error}");
        SipSendResult result;
        lock (_gate)
        {
            _sent.Add(new SentMessage(clock.Elapsed, parsed.Message!, destination));
            result = Behaviour?.Invoke(parsed.Message!) ?? SipSendResult.Success;
        }

        if (!Asynchronous)
        {
            return ValueTask.FromResult(result);
        }

        // Completed when the test calls CompletePending.
        var pending = new TaskCompletionSource<SipSendResult>();
        lock (_gate)
        {
            _pending.Add((pending, result));
        }

        return new ValueTask<SipSendResult>(pending.Task);
    }

    /// <summary>Completes every pending asynchronous send with the result <see cref="Behaviour"/> chose.</summary>
    public void CompletePending()
    {
        (TaskCompletionSource<SipSendResult> Send, SipSendResult Result)[] pending;
        lock (_gate)
        {
            pending = _pending.ToArray();
            _pending.Clear();
        }

        // Without a synchronization context the transaction's await continuation runs inline,
        // so the transaction has seen the result when this returns.
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            foreach (var (send, result) in pending)
            {
                send.SetResult(result);
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    /// <summary>Times (seconds since the clock started) of the messages matching a filter.</summary>
    public double[] TimesOf(Func<SipMessage, bool> filter) => Sent.Where(s => filter(s.Message)).Select(s => Math.Round(s.At.TotalSeconds, 3)).ToArray();

    public SipMessage[] Requests(string method) => Sent.Select(s => s.Message).Where(m => m.IsRequest && m.Method.ToString() == method).ToArray();

    public SipMessage[] Responses(int status) => Sent.Select(s => s.Message).Where(m => m.IsResponse && m.StatusCode == status).ToArray();
}
