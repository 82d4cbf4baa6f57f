using Lifeline.Sip.Transports;

namespace Lifeline.Probing;

/// <summary>
/// One probed gateway and its probe cycle. Fields are mutated only under the <see cref="ProbeScheduler"/>'s lock
/// (the sender reads <see cref="EndPoint"/> and <see cref="Dedicated"/> on the scheduler's loop). One object per
/// target, allocated when it is added; nothing is allocated per probe.
/// </summary>
internal sealed class ProbeTarget
{
    public ProbeTarget(int index, ProbeTargetSpec spec, ProbeGateway gateway, ProbeTrunkCounters counters)
    {
        Index = index;
        Spec = spec;
        Gateway = gateway;
        Counters = counters;
        EndPoint = gateway.NumericEndPoint;
    }

    /// <summary>The slot in the scheduler's table; probe branches carry it.</summary>
    public int Index { get; }

    /// <summary>The target's slot on the health board (<c>HealthBoard.SlotOf</c>); -1 until the board knows it.</summary>
    public int BoardSlot { get; set; } = -1;

    public string Id => Spec.Id;

    public ProbeTargetSpec Spec { get; }

    public ProbeGateway Gateway { get; }

    public ProbeTrunkCounters Counters { get; }

    public ProbeMinuteStats Minute { get; } = new();

    public ProbeState State { get; set; }

    /// <summary>Bumped on every change of the probe cycle; queue entries of older versions are stale.</summary>
    public int Version { get; set; }

    /// <summary>When the next probe is due (scheduler ticks), while <see cref="ProbeState.Waiting"/>.</summary>
    public long DueTicks { get; set; }

    /// <summary>The board's probe interval for it, as of board snapshot <see cref="IntervalVersion"/>.</summary>
    public TimeSpan Interval { get; set; }

    /// <summary>The board snapshot version <see cref="Interval"/> was read at; -1 before the first read.</summary>
    public long IntervalVersion { get; set; } = -1;

    /// <summary>True while waiting only to look again whether a disabled target was enabled.</summary>
    public bool Parked { get; set; }

    public ulong Token { get; set; }

    public uint CSeq { get; set; }

    /// <summary>When the probe in flight started (scheduler ticks), for the next start and the journal minute.</summary>
    public long StartTicks { get; set; }

    /// <summary>When the probe in flight was sent (<see cref="TimeProvider.GetTimestamp"/>), for its RTT.</summary>
    public long StartTimestamp { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    /// <summary>The probe's own timeout (from the board when it started), reported with a miss.</summary>
    public long TimeoutTicks { get; set; }

    /// <summary>Where probes go; empty until a domain gateway is resolved.</summary>
    public SipEndPoint EndPoint { get; set; }

    /// <summary><see cref="EndPoint"/> as the shared UDP socket's <c>sendto</c> takes it, made once.</summary>
    public System.Net.SocketAddress? RemoteAddress { get; set; }

    /// <summary>The end point <see cref="RemoteAddress"/> was made from.</summary>
    public System.Net.IPEndPoint? RemoteAddressOf { get; set; }

    /// <summary>When <see cref="EndPoint"/> was resolved (scheduler ticks); numeric gateways never need it.</summary>
    public long ResolvedTicks { get; set; }

    /// <summary>Resolve before the next probe: a domain gateway never resolved, due again, or after a failure.</summary>
    public bool NeedsResolve { get; set; }

    /// <summary>Where the last failed probe of a domain gateway went; the next lookup prefers another server.</summary>
    public SipEndPoint FailedEndPoint { get; set; }

    /// <summary>Whether the last completed probe was answered.</summary>
    public bool LastAnswered { get; set; } = true;

    /// <summary>How the last completed probe failed; null when it was answered.</summary>
    public ProbeFailure? LastFailure { get; set; }

    /// <summary>Whether the probe in flight (or the last one) went out on <see cref="Dedicated"/>.</summary>
    public bool SentOnDedicated { get; set; }

    /// <summary>
    /// The last probe went out on the shared socket to check a timeout on the dedicated one (an answer there means
    /// the gateway answers from another address than it is probed at, which a connected socket never hears).
    /// </summary>
    public bool CheckingShared { get; set; }

    /// <summary>The gateway answers from another address: never probe it from a connected socket.</summary>
    public bool DedicatedUnusable { get; set; }

    /// <summary>
    /// A connected UDP socket of its own, when it has one (see <see cref="ProbingOptions.DedicatedUdpSockets"/>).
    /// A field, swapped with <see cref="Interlocked.Exchange{T}(ref T, T)"/>: removal may race with a send.
    /// </summary>
    public DedicatedUdpSocket? Dedicated;

    /// <summary>True once a failed lookup of its domain was logged (until one succeeds), so the log is not flooded.</summary>
    public bool ResolveWarned { get; set; }

    public int KeepAliveVersion { get; set; }

    public bool PingOutstanding { get; set; }

    public long PingTicks { get; set; }

    public long PingTimestamp { get; set; }

    /// <summary>Totals since the target was added (per-target metrics for small installations).</summary>
    public long Sent { get; set; }

    public long Answered { get; set; }

    public long Lost { get; set; }

    /// <summary>True when probes go over TCP (so CRLF keepalives apply).</summary>
    public bool IsTcp => !EndPoint.IsEmpty && EndPoint.Protocol == SipTransportProtocol.Tcp;
}
