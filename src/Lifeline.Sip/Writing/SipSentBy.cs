namespace Lifeline.Sip.Writing;

/// <summary>
/// The transport and address a request is sent from, as it goes into the Via header
/// (<c>SIP/2.0/UDP host:port</c>).
/// </summary>
/// <param name="Transport">UDP, TCP, TLS, … (upper case by convention).</param>
/// <param name="Host">A host name, IPv4 address or IPv6 address (brackets are added when missing).</param>
/// <param name="Port">The port, or null to leave it out.</param>
public readonly record struct SipSentBy(string Transport, string Host, int? Port)
{
    /// <summary>The sent-by as written in a Via: <c>host[:port]</c>, an IPv6 address in brackets.</summary>
    public string Format()
    {
        var host = Host.Contains(':') && !Host.StartsWith('[') ? $"[{Host}]" : Host;
        return Port is int port ? $"{host}:{port}" : host;
    }
}
