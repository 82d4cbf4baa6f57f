namespace Lifeline.Testing;

/// <summary>dnsmasq exited before answering; says whether its port was taken meanwhile.</summary>
internal sealed class DnsmasqStartException(string message, bool addressInUse) : Exception(message)
{
    public bool AddressInUse { get; } = addressInUse;
}
