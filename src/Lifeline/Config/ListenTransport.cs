namespace Lifeline.Config;

/// <summary>The transport of one proxy listening address.</summary>
internal enum ListenTransport
{
    Udp,
    Tcp,
}
