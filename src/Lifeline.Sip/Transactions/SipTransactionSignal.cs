namespace Lifeline.Sip.Transactions;

/// <summary>What a transaction tells its TU after a state change (see <see cref="SipTransactionEffects"/>).</summary>
internal enum SipTransactionSignal : byte
{
    None,

    /// <summary>Client: a provisional response passes to the TU.</summary>
    Provisional,

    /// <summary>Client: the transaction completed (final response, timeout, transport error, cancelled).</summary>
    Completed,

    /// <summary>Client INVITE in Accepted: a further 2xx passes to the TU.</summary>
    Additional2xx,

    /// <summary>Server: the transaction failed (Timer H, transport error).</summary>
    ServerFailed,
}
