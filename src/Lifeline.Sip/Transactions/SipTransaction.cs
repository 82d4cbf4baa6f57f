using Lifeline.Sip.Messages;

namespace Lifeline.Sip.Transactions;

/// <summary>
/// An RFC 3261 §17 transaction: a request, the responses to it, and the timers that retransmit
/// and time out. Each transaction is a small state machine guarded by its own lock; its timers
/// come from the layer's <see cref="System.TimeProvider"/>.
/// </summary>
/// <remarks>
/// Every transaction has at most two timers: a retransmission timer (A, E, G; also the 200 ms
/// wait before an automatic 100 Trying) and a timeout timer (B, D, F, H, I, J, K, L, M, and the
/// 64·T1 wait after a CANCEL). They are created once and re-armed, and a firing that lost a race
/// with a re-arm is recognised as stale and ignored.
/// </remarks>
public abstract class SipTransaction
{
    private static readonly TimerCallback RetransmitCallback = static state => ((SipTransaction)state!).RetransmitTimerFired();
    private static readonly TimerCallback TimeoutCallback = static state => ((SipTransaction)state!).TimeoutTimerFired();

    private ITimer? _retransmitTimer;
    private ITimer? _timeoutTimer;
    private long _retransmitEarliest;
    private long _timeoutEarliest;
    private bool _retransmitArmed;
    private bool _timeoutArmed;
    private SipTransactionState _state;

    private protected SipTransaction(SipTransactionLayer layer, SipMessage request, SipTransactionDestination peer, SipTransactionKey key, SipTransactionState initial)
    {
        Layer = layer;
        Request = request;
        Peer = peer;
        Key = key;
        _state = initial;
        IsInvite = request.Method.Kind == SipMethodKind.Invite;
    }

    /// <summary>The request that created the transaction.</summary>
    public SipMessage Request { get; }

    /// <summary>
    /// The other side: where a client transaction sends, or where a server transaction's request
    /// came from (its responses go back there).
    /// </summary>
    public SipTransactionDestination Peer { get; }

    /// <summary>True for an INVITE transaction.</summary>
    public bool IsInvite { get; }

    /// <summary>The request's method.</summary>
    public SipMethod Method => Request.Method;

    /// <summary>The top Via branch of the request: the transaction id.</summary>
    public SipText Branch => Request.TopViaBranch;

    /// <summary>The current state.</summary>
    public SipTransactionState State
    {
        get
        {
            lock (Gate)
            {
                return _state;
            }
        }
    }

    internal SipTransactionLayer Layer { get; }

    internal SipTransactionKey Key { get; }

    /// <summary>Guards the state and the timers.</summary>
    private protected Lock Gate { get; } = new();

    private protected SipTransactionState State_NeedsLock => _state;

    private protected SipTimerOptions Timers => Layer.Timers;

    private protected bool IsReliable => Peer.IsReliable;

    private protected void SetState_NeedsLock(SipTransactionState state) => _state = state;

    /// <summary>Enters Terminated: stops and frees both timers.</summary>
    private protected void Terminate_NeedsLock(ref SipTransactionEffects effects)
    {
        _state = SipTransactionState.Terminated;
        _retransmitArmed = false;
        _timeoutArmed = false;
        _retransmitTimer?.Dispose();
        _timeoutTimer?.Dispose();
        _retransmitTimer = null;
        _timeoutTimer = null;
        effects.Terminated = true;
    }

    private protected void ArmRetransmit_NeedsLock(TimeSpan due)
    {
        _retransmitEarliest = Earliest(due);
        _retransmitArmed = true;
        if (_retransmitTimer is null)
        {
            _retransmitTimer = Layer.TimeProvider.CreateTimer(RetransmitCallback, this, due, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _retransmitTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private protected void ArmTimeout_NeedsLock(TimeSpan due)
    {
        _timeoutEarliest = Earliest(due);
        _timeoutArmed = true;
        if (_timeoutTimer is null)
        {
            _timeoutTimer = Layer.TimeProvider.CreateTimer(TimeoutCallback, this, due, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _timeoutTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private protected void StopRetransmit_NeedsLock()
    {
        if (_retransmitArmed)
        {
            _retransmitArmed = false;
            _retransmitTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    private protected void StopTimeout_NeedsLock()
    {
        if (_timeoutArmed)
        {
            _timeoutArmed = false;
            _timeoutTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The retransmission timer fired (A, E, G, or the 100 Trying delay).</summary>
    private protected abstract void OnRetransmitTimer_NeedsLock(ref SipTransactionEffects effects);

    /// <summary>The timeout timer fired (B, D, F, H, I, J, K, L, M, or the CANCEL wait).</summary>
    private protected abstract void OnTimeoutTimer_NeedsLock(ref SipTransactionEffects effects);

    /// <summary>The transport reported a fatal error for a message this transaction sent.</summary>
    private protected abstract void OnTransportError_NeedsLock(SipSendResult failure, ref SipTransactionEffects effects);

    /// <summary>
    /// A send failed after the transaction had already terminated (a final response over a
    /// reliable transport terminates at once, before the transport has answered).
    /// </summary>
    private protected virtual void OnTransportErrorAfterTermination_NeedsLock(SipSendResult failure, ref SipTransactionEffects effects)
    {
    }

    /// <summary>Tells the TU what <paramref name="effects"/> says (outside the lock).</summary>
    private protected abstract void Deliver(in SipTransactionEffects effects);

    /// <summary>Ends the transaction at once without telling the peer (layer disposal).</summary>
    internal abstract void Shutdown();

    /// <summary>Carries out a transition's effects: send, tell the TU, leave the tables.</summary>
    private protected void Apply(in SipTransactionEffects effects)
    {
        if (!effects.Send.IsEmpty)
        {
            Send(effects.Send);
        }

        if (effects.Signal != SipTransactionSignal.None || effects.StartCancel)
        {
            Deliver(effects);
        }

        if (effects.Terminated)
        {
            Layer.Remove(this);
        }
    }

    /// <summary>Passes a message to the transport; a failure, now or later, becomes a state machine input.</summary>
    private protected void Send(ReadOnlyMemory<byte> message)
    {
        ValueTask<SipSendResult> pending;
        try
        {
            pending = Layer.Sender.SendAsync(message, Peer, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The sender's contract is to report failures as values; a throwing sender must still
            // not leave the transaction retransmitting forever or kill a timer thread.
            TransportFailed(SipSendResult.Failed(System.Net.Sockets.SocketError.SocketError, ex.Message));
            return;
        }

        if (pending.IsCompletedSuccessfully)
        {
            var result = pending.Result;
            if (!result.Succeeded)
            {
                TransportFailed(result);
            }

            return;
        }

        _ = ObserveSendAsync(pending);
    }

    private async Task ObserveSendAsync(ValueTask<SipSendResult> pending)
    {
        SipSendResult result;
        try
        {
            result = await pending.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            result = SipSendResult.Failed(System.Net.Sockets.SocketError.SocketError, ex.Message);
        }

        if (!result.Succeeded)
        {
            TransportFailed(result);
        }
    }

    private void TransportFailed(SipSendResult failure)
    {
        var effects = default(SipTransactionEffects);
        lock (Gate)
        {
            if (_state == SipTransactionState.Terminated)
            {
                OnTransportErrorAfterTermination_NeedsLock(failure, ref effects);
            }
            else
            {
                OnTransportError_NeedsLock(failure, ref effects);
            }
        }

        Apply(effects);
    }

    private void RetransmitTimerFired()
    {
        var effects = default(SipTransactionEffects);
        lock (Gate)
        {
            if (!_retransmitArmed || _state == SipTransactionState.Terminated || Layer.TimeProvider.GetTimestamp() < _retransmitEarliest)
            {
                return; // stale: disarmed or re-armed after this firing was already on its way
            }

            _retransmitArmed = false;
            OnRetransmitTimer_NeedsLock(ref effects);
        }

        Apply(effects);
    }

    private void TimeoutTimerFired()
    {
        var effects = default(SipTransactionEffects);
        lock (Gate)
        {
            if (!_timeoutArmed || _state == SipTransactionState.Terminated || Layer.TimeProvider.GetTimestamp() < _timeoutEarliest)
            {
                return;
            }

            _timeoutArmed = false;
            OnTimeoutTimer_NeedsLock(ref effects);
        }

        Apply(effects);
    }

    /// <summary>
    /// The earliest timestamp at which a firing for a timer armed now with <paramref name="due"/>
    /// is genuine. Timer queues may fire a little before the high-resolution clock says the time
    /// is up, so a small margin (an eighth of the delay, at most 16 ms) is allowed.
    /// </summary>
    private long Earliest(TimeSpan due)
    {
        var provider = Layer.TimeProvider;
        var margin = Math.Min(due.Ticks / 8, TimeSpan.TicksPerMillisecond * 16);
        var ticks = due.Ticks - margin;
        return provider.GetTimestamp() + (long)(ticks * (provider.TimestampFrequency / (double)TimeSpan.TicksPerSecond));
    }
}
