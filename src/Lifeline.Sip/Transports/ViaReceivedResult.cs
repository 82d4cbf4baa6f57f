using System.Net;

namespace Lifeline.Sip.Transports;

/// <summary>What a server adds to the top Via of a request it received (RFC 3261 section 18.2.1, RFC 3581 section 4).</summary>
public readonly struct ViaReceivedResult
{
    public ViaReceivedResult(IPAddress? received, int? rport, int responsePort)
    {
        Received = received;
        Rport = rport;
        ResponsePort = responsePort;
    }

    /// <summary>The address for a <c>received=</c> parameter (IPv6 written without brackets), or null when none is needed.</summary>
    public IPAddress? Received { get; }

    /// <summary>The value to fill in the <c>rport</c> parameter, or null when the Via has no rport.</summary>
    public int? Rport { get; }

    /// <summary>
    /// The port responses go to over UDP: the source port with rport (RFC 3581), else the sent-by port or 5060.
    /// The address is always the request's source address (it equals sent-by whenever no received is added).
    /// </summary>
    public int ResponsePort { get; }

    public bool AddReceived => Received is not null;
}
