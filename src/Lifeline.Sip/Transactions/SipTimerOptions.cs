namespace Lifeline.Sip.Transactions;

/// <summary>
/// The base timer values of RFC 3261 §17 (table 4) and the derived timers. Defaults are the
/// RFC's: T1 = 500 ms (RTT estimate), T2 = 4 s (longest retransmit interval for non-INVITE
/// requests and INVITE responses), T4 = 5 s (how long a message may stay in the network).
/// </summary>
public sealed record SipTimerOptions
{
    /// <summary>The defaults of RFC 3261.</summary>
    public static SipTimerOptions Default { get; } = new();

    /// <summary>T1, the round-trip time estimate; first retransmit interval of Timers A, E and G.</summary>
    public TimeSpan T1 { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>T2, the cap of Timers E and G and the retransmit interval of a non-INVITE in Proceeding.</summary>
    public TimeSpan T2 { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>T4, the time a message may remain in the network; Timers I and K over unreliable transports.</summary>
    public TimeSpan T4 { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Timer D over unreliable transports (RFC 3261: at least 32 s); zero over reliable ones.</summary>
    public TimeSpan TimerD { get; init; } = TimeSpan.FromSeconds(32);

    /// <summary>
    /// How long a server INVITE transaction waits for the TU's first response before it sends
    /// 100 Trying itself (RFC 3261 §17.2.1: 200 ms). Zero sends it at once.
    /// </summary>
    public TimeSpan TryingDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>64·T1: Timers B, F, H, J, L and M (32 s by default).</summary>
    public TimeSpan TransactionTimeout => T1 * 64;

    /// <summary>Throws when a value is out of range (a configuration bug, caught at start-up).</summary>
    public void Validate()
    {
        if (T1 <= TimeSpan.Zero || T2 < T1 || T4 <= TimeSpan.Zero)
        {
            throw new ArgumentException("SIP timers need T1 > 0, T2 >= T1 and T4 > 0.");
        }

        if (TimerD < TimeSpan.Zero || TryingDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("SIP Timer D and the 100 Trying delay must not be negative.");
        }
    }
}
