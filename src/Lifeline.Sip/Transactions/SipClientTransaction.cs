using Lifeline.Sip.Messages;

namespace Lifeline.Sip.Transactions;

/// <summary>
/// A client transaction (RFC 3261 §17.1): sends a request, retransmits it over unreliable
/// transports, matches the responses and completes with the final one — or with a timeout,
/// a transport error or a cancellation, as a <see cref="SipClientResult"/> value. Start one with
/// <see cref="SipTransactionLayer.StartClientTransaction(SipMessage, SipTransactionDestination, ISipClientTransactionListener?, TimeSpan?)"/>.
/// </summary>
public abstract class SipClientTransaction : SipTransaction
{
    private readonly ISipClientTransactionListener? _listener;
    private TaskCompletionSource<SipClientResult>? _completion;
    private SipClientResult _result;
    private bool _hasResult;

    private protected SipClientTransaction(SipTransactionLayer layer, SipMessage request, SipTransactionDestination destination, SipTransactionKey key, SipTransactionState initial, ISipClientTransactionListener? listener, TimeSpan timeout)
        : base(layer, request, destination, key, initial)
    {
        _listener = listener;
        Timeout = timeout;
    }

    /// <summary>
    /// How long the transaction waits for a response before it times out: Timer B (INVITE, for
    /// the first response) or Timer F (non-INVITE, for the final response). 64·T1 unless the
    /// caller chose a shorter one.
    /// </summary>
    public TimeSpan Timeout { get; }

    /// <summary>
    /// Completes when the transaction does: with the first final response, or a timeout,
    /// transport error or cancellation. Never faults. The task is made only when first asked
    /// for, so a TU that uses a listener pays nothing for it.
    /// </summary>
    public Task<SipClientResult> Completion
    {
        get
        {
            lock (Gate)
            {
                if (_hasResult)
                {
                    return Task.FromResult(_result);
                }

                return (_completion ??= new TaskCompletionSource<SipClientResult>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
        }
    }

    /// <summary>The result, once the transaction has completed.</summary>
    public bool TryGetResult(out SipClientResult result)
    {
        lock (Gate)
        {
            result = _result;
            return _hasResult;
        }
    }

    /// <summary>
    /// INVITE only: cancels the request (RFC 3261 §9.1). The CANCEL is its own non-INVITE client
    /// transaction, sent only once a provisional response has arrived; until then it is
    /// remembered, and dropped if a final response comes first. The INVITE transaction itself
    /// still completes with the final response (normally 487); if none comes within 64·T1 of the
    /// CANCEL, it completes as <see cref="SipClientOutcome.Cancelled"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The transaction is not an INVITE transaction.</exception>
    public virtual SipCancelStatus Cancel() => throw new InvalidOperationException("Only INVITE transactions can be cancelled; " + Method + " is not one.");

    /// <summary>INVITE only: the CANCEL's own client transaction, once it has been sent.</summary>
    public virtual SipClientTransaction? CancelTransaction => null;

    /// <summary>
    /// Gives the transaction up at once: no more retransmissions, responses go to the TU as
    /// strays, and it completes as <see cref="SipClientOutcome.Cancelled"/> if it had not completed
    /// yet. For an INVITE that may have reached the callee, use <see cref="Cancel"/> instead.
    /// </summary>
    public void Abandon()
    {
        var effects = default(SipTransactionEffects);
        lock (Gate)
        {
            if (State_NeedsLock == SipTransactionState.Terminated)
            {
                return;
            }

            Complete_NeedsLock(SipClientResult.Cancelled(), ref effects);
            Terminate_NeedsLock(ref effects);
        }

        Apply(effects);
    }

    internal override void Shutdown() => Abandon();

    /// <summary>Sends the request and starts the timers.</summary>
    internal abstract void Start();

    /// <summary>A response that matched this transaction.</summary>
    internal abstract void ReceiveResponse(SipMessage response);

    /// <summary>Records the result and asks for it to be delivered; no-op when already completed.</summary>
    private protected void Complete_NeedsLock(SipClientResult result, ref SipTransactionEffects effects)
    {
        if (_hasResult)
        {
            return;
        }

        _hasResult = true;
        _result = result;
        effects.Signal = SipTransactionSignal.Completed;
        effects.Result = result;
        effects.Completion = _completion;
    }

    private protected bool HasResult_NeedsLock => _hasResult;

    private protected override void Deliver(in SipTransactionEffects effects)
    {
        switch (effects.Signal)
        {
            case SipTransactionSignal.Provisional:
                _listener?.OnProvisionalResponse(this, effects.Message!);
                break;
            case SipTransactionSignal.Completed:
                _listener?.OnCompleted(this, effects.Result);
                effects.Completion?.TrySetResult(effects.Result);
                break;
            case SipTransactionSignal.Additional2xx:
                _listener?.OnAdditional2xxResponse(this, effects.Message!);
                break;
        }
    }
}
