using Lifeline.Config;
using Lifeline.Probing;
using Lifeline.Sip.Locating;
using Lifeline.Sip.Transports;

namespace Lifeline.Tests.Probing;

public sealed class ProbeGatewayTests
{
    [Theory]
    [InlineData("sip:192.0.2.1", "auto", "udp:192.0.2.1:5060")]
    [InlineData("sip:192.0.2.1:5070;transport=tcp", "auto", "tcp:192.0.2.1:5070")]
    [InlineData("sip:192.0.2.1;transport=tcp", "udp", "udp:192.0.2.1:5060")]
    [InlineData("sip:192.0.2.1", "tcp", "tcp:192.0.2.1:5060")]
    [InlineData("sip:[2001:db8::1]:5080", "auto", "udp:[2001:db8::1]:5080")]
    [InlineData("sip:gw.example;maddr=192.0.2.5", "auto", "udp:192.0.2.5:5060")]
    public void TryCreate_NumericGateway_EndPointKnownWithoutDns(string uri, string transport, string expected)
    {
        var settings = new ProbeSettings { Transport = Enum.Parse<ProbeTransport>(transport, ignoreCase: true) };
        ProbeGateway.TryCreate(uri, settings, out var gateway, out var error).ShouldBeTrue(error);
        gateway!.NumericEndPoint.ShouldBe(SipEndPoint.Parse(expected));
        gateway.Host.ShouldBe(gateway.Address!.ToString());
    }

    [Fact]
    public void TryCreate_DomainGateway_LeftForRfc3263WithItsTransport()
    {
        ProbeGateway.TryCreate("sip:carrier.example;transport=tcp", ProbeSettings.Default, out var gateway, out _).ShouldBeTrue();
        gateway!.Address.ShouldBeNull();
        gateway.NumericEndPoint.IsEmpty.ShouldBeTrue();
        gateway.Host.ShouldBe("carrier.example");
        gateway.Transport.ShouldBe(SipTransportKind.Tcp);
    }

    [Theory]
    [InlineData("sips:192.0.2.1", "TLS")]
    [InlineData("sip:192.0.2.1;transport=tls", "tls")]
    [InlineData("sip:192.0.2.1;transport=sctp", "sctp")]
    [InlineData("http://192.0.2.1", "sip:")]
    [InlineData("not a uri", "sip:")]
    public void TryCreate_GatewayThatCannotBeProbed_FalseWithAReason(string uri, string reason)
    {
        ProbeGateway.TryCreate(uri, ProbeSettings.Default, out var gateway, out var error).ShouldBeFalse();
        gateway.ShouldBeNull();
        error.ShouldNotBeNull().ShouldContain(reason);
    }
}
