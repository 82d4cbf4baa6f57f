using Lifeline.Sip.Locating;

namespace Lifeline.Sip.Tests.Locating;

public sealed class SipLocateRequestTests
{
    [Theory]
    [InlineData(null, true, null)]
    [InlineData("", true, null)]
    [InlineData("udp", true, SipTransportKind.Udp)]
    [InlineData("TCP", true, SipTransportKind.Tcp)]
    [InlineData("Tls", true, SipTransportKind.Tls)]
    [InlineData("sctp", false, null)]
    [InlineData("ws", false, null)]
    public void TryParseTransport_UriParameter_MapsKnownTransports(string? parameter, bool ok, SipTransportKind? expected)
    {
        SipLocateRequest.TryParseTransport(parameter, out var transport).ShouldBe(ok);

        transport.ShouldBe(expected);
    }
}
