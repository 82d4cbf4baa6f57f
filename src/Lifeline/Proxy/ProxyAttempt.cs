using Lifeline.Routing;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Transactions;

namespace Lifeline.Proxy;

/// <summary>
/// One INVITE sent to one gateway for one call: the client transaction's listener, the trunk slot it holds, its
/// progress and ring-limit timers. The call decides; the attempt only remembers what happened on its branch.
/// </summary>
internal sealed class ProxyAttempt : ISipClientTransactionListener
{
    private int _released;
    private int _responded;
    private ITimer? _ringTimer;
    private ITimer? _progressTimer;

    public ProxyAttempt(ProxyCall call, RouteAttempt route, ProxyGateway gateway, ProxyTrunkCounters counters, TimeSpan started, bool authorized)
    {
        Call = call;
        Route = route;
        Gateway = gateway;
        Counters = counters;
        Started = started;
        Authorized = authorized;
    }

    public ProxyCall Call { get; }

    public RouteAttempt Route { get; }

    public ProxyGateway Gateway { get; }

    public ProxyTrunkCounters Counters { get; }

    /// <summary>When the attempt started, from the call's arrival.</summary>
    public TimeSpan Started { get; }

    /// <summary>When the INVITE was sent (a timestamp of the call's clock).</summary>
    public long SentAt { get; set; }

    /// <summary>This INVITE carries credentials (a second challenge is a failure).</summary>
    public bool Authorized { get; }

    /// <summary>The INVITE as sent to the gateway (kept for an authenticated resend).</summary>
    public SipMessage? Sent { get; set; }

    /// <summary>The branch's client transaction, once started. Guarded by the call's lock.</summary>
    public SipClientTransaction? Transaction { get; set; }

    /// <summary>The dialer cancelled while the transaction was being started. Guarded by the call's lock.</summary>
    public bool CancelRequested { get; set; }

    /// <summary>A provisional response other than 100 arrived on this branch. Guarded by the call's lock.</summary>
    public bool Ringing { get; set; }

    /// <summary>The attempt has given back its trunk slot and been counted.</summary>
    public bool IsFinished => Volatile.Read(ref _released) != 0;

    /// <summary>Starts the ring-limit timer (from the INVITE to a final response).</summary>
    public void ArmRingLimit(TimeProvider time, TimeSpan limit) =>
        _ringTimer = time.CreateTimer(static state => ((ProxyAttempt)state!).Deadline(progress: false), this, limit, Timeout.InfiniteTimeSpan);

    /// <summary>Starts the progress timer (from the INVITE to ringing or a final response).</summary>
    public void ArmProgressTimeout(TimeProvider time, TimeSpan limit) =>
        _progressTimer = time.CreateTimer(static state => ((ProxyAttempt)state!).Deadline(progress: true), this, limit, Timeout.InfiniteTimeSpan);

    /// <summary>Ringing arrived: only the ring limit still applies.</summary>
    public void StopProgressTimeout() => Interlocked.Exchange(ref _progressTimer, null)?.Dispose();

    /// <summary>The branch has its final answer (or is over): no deadline applies any more.</summary>
    public void StopTimers()
    {
        Interlocked.Exchange(ref _ringTimer, null)?.Dispose();
        StopProgressTimeout();
    }

    /// <summary>Marks the attempt over; true only the first time (the caller then counts it and releases the slot).</summary>
    public bool TryFinish()
    {
        StopTimers();
        return Interlocked.Exchange(ref _released, 1) == 0;
    }

    private void Deadline(bool progress)
    {
        // A timer thread: an exception escaping here would end the process, so a bug costs this call, not all calls.
        try
        {
            if (progress)
            {
                Call.OnProgressTimeout(this);
            }
            else
            {
                Call.OnRingLimit(this);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Call.Core.ReportFault(ex);
        }
    }

    void ISipClientTransactionListener.OnProvisionalResponse(SipClientTransaction transaction, SipMessage response)
    {
        Responded();
        Call.OnProvisional(this, response);
    }

    void ISipClientTransactionListener.OnCompleted(SipClientTransaction transaction, SipClientResult result)
    {
        if (result.HasResponse)
        {
            Responded();
        }

        Call.OnCompleted(this, transaction, result);
    }

    /// <summary>Any response proves the gateway alive; the first one of the attempt also times it.</summary>
    private void Responded()
    {
        var first = Interlocked.Exchange(ref _responded, 1) == 0;
        Gateway.Pulse.Responded(first ? Call.Core.Time.GetElapsedTime(SentAt) : null);
    }

    void ISipClientTransactionListener.OnAdditional2xxResponse(SipClientTransaction transaction, SipMessage response) => Call.Core.ForwardByVia(response);
}
