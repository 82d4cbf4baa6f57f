namespace Lifeline.Config;

/// <summary>How OPTIONS probes are sent: <c>auto</c> follows the gateway URI (<c>;transport=tcp</c>), else UDP.</summary>
internal enum ProbeTransport
{
    Auto,
    Udp,
    Tcp,
}
