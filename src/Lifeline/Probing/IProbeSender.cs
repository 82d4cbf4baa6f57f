namespace Lifeline.Probing;

/// <summary>
/// The scheduler's seam to the network: it says when to probe, the sender builds and sends, and reports back
/// through <see cref="ProbeScheduler.Answered"/>, <see cref="ProbeScheduler.Failed"/> and
/// <see cref="ProbeScheduler.PongReceived"/>. Called on the scheduler's loop, outside its lock; must not block.
/// </summary>
internal interface IProbeSender
{
    /// <summary>Sends an OPTIONS probe for <paramref name="ticket"/>.</summary>
    void SendProbe(ProbeTarget target, in ProbeTicket ticket);

    /// <summary>Sends an RFC 5626 CRLF ping on the target's TCP connection.</summary>
    void SendKeepAlive(ProbeTarget target);

    /// <summary>The target was removed: release what was kept for it (a dedicated socket).</summary>
    void Forget(ProbeTarget target);
}
