using System.Globalization;
using System.Net;

namespace Lifeline.Config;

/// <summary>One proxy listening address, written <c>udp:127.0.0.1:5060</c> or <c>tcp:[::1]:5060</c>.</summary>
internal sealed record ProxyListen(ListenTransport Transport, IPEndPoint EndPoint)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{(Transport == ListenTransport.Udp ? "udp" : "tcp")}:{EndPoint}");
}
