namespace Lifeline.Health;

/// <summary>Where a signal comes from.</summary>
internal enum SignalKind : byte
{
    /// <summary>A keepalive probe (SIP OPTIONS, CRLF ping).</summary>
    Probe,

    /// <summary>The outcome of a live call routed through the target.</summary>
    Call,

    /// <summary>The result of a registration refresh.</summary>
    Registration,

    /// <summary>A check of a local process (running, heartbeat fresh, answering).</summary>
    Process,
}
