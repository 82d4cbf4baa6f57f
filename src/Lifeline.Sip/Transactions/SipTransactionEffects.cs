using Lifeline.Sip.Messages;

namespace Lifeline.Sip.Transactions;

/// <summary>
/// What a state transition decided, gathered under the transaction's lock and carried out after
/// it is released: sends and TU callbacks never run under the lock, so a transport or TU that
/// calls back into the transaction cannot deadlock or see a half-made transition.
/// </summary>
internal struct SipTransactionEffects
{
    /// <summary>A message to pass to the transport (empty: none).</summary>
    public ReadOnlyMemory<byte> Send;

    /// <summary>What to tell the TU.</summary>
    public SipTransactionSignal Signal;

    /// <summary>The response that goes with <see cref="Signal"/>.</summary>
    public SipMessage? Message;

    /// <summary>The client result that goes with <see cref="SipTransactionSignal.Completed"/>.</summary>
    public SipClientResult Result;

    /// <summary>The task to complete with <see cref="Result"/>, when someone asked for one.</summary>
    public TaskCompletionSource<SipClientResult>? Completion;

    /// <summary>The server failure that goes with <see cref="SipTransactionSignal.ServerFailed"/>.</summary>
    public SipServerFailure Failure;

    /// <summary>Client INVITE: start the CANCEL transaction now (RFC 3261 §9.1).</summary>
    public bool StartCancel;

    /// <summary>The transaction entered Terminated: remove it from the layer's tables.</summary>
    public bool Terminated;
}
