using System.Net;
using Lifeline.Sip.Transports;

namespace Lifeline.Sip.Tests.Transports;

public class SipEndPointTests
{
    [Theory]
    [InlineData("udp:127.0.0.1:5060", SipTransportProtocol.Udp, "127.0.0.1", 5060)]
    [InlineData("tcp:[::1]:5061", SipTransportProtocol.Tcp, "::1", 5061)]
    [InlineData("TCP:[2001:db8::10]:5080", SipTransportProtocol.Tcp, "2001:db8::10", 5080)]
    [InlineData("UDP:0.0.0.0:0", SipTransportProtocol.Udp, "0.0.0.0", 0)]
    [InlineData("tcp:[::]:65535", SipTransportProtocol.Tcp, "::", 65535)]
    [InlineData("udp:192.0.2.1", SipTransportProtocol.Udp, "192.0.2.1", 5060)]
    [InlineData("tcp:[::1]", SipTransportProtocol.Tcp, "::1", 5060)]
    [InlineData("  udp:10.0.0.1:5060  ", SipTransportProtocol.Udp, "10.0.0.1", 5060)]
    public void TryParse_ValidListenStrings_GiveProtocolAddressAndPort(string text, SipTransportProtocol protocol, string address, int port)
    {
        SipEndPoint.TryParse(text, out var endPoint, out var error).ShouldBeTrue(error);

        error.ShouldBeNull();
        endPoint.Protocol.ShouldBe(protocol);
        endPoint.EndPoint.ShouldBe(new IPEndPoint(IPAddress.Parse(address), port));
    }

    [Theory]
    [InlineData("", "not PROTOCOL:HOST:PORT")]
    [InlineData("127.0.0.1:5060", "transport '127.0.0.1' is not supported")]
    [InlineData("tls:192.0.2.1:5061", "transport 'tls' is not supported")]
    [InlineData("ws:192.0.2.1:80", "transport 'ws' is not supported")]
    [InlineData("udp:sip.example.com:5060", "is not an IP address")]
    [InlineData("udp:10:5060", "is not an IP address")]
    [InlineData("udp:1.2.3.4.5:5060", "is not an IP address")]
    [InlineData("udp:256.1.1.1:5060", "is not an IP address")]
    [InlineData("udp::5060", "missing host")]
    [InlineData("tcp:::1:5060", "brackets")]
    [InlineData("tcp:[::1:5060", "missing ']'")]
    [InlineData("tcp:[::1]5060", "expected ':PORT'")]
    [InlineData("tcp:[127.0.0.1]:5060", "is not an IPv6 address")]
    [InlineData("udp:1.2.3.4:", "empty port")]
    [InlineData("udp:1.2.3.4:65536", "is not a number from 0 to 65535")]
    [InlineData("udp:1.2.3.4:-1", "is not a number from 0 to 65535")]
    [InlineData("udp:1.2.3.4:50x", "is not a number from 0 to 65535")]
    public void TryParse_BadListenStrings_SayWhatIsWrong(string text, string expected)
    {
        SipEndPoint.TryParse(text, out var endPoint, out var error).ShouldBeFalse();

        endPoint.IsEmpty.ShouldBeTrue();
        error.ShouldNotBeNull().ShouldContain(expected);
    }

    [Theory]
    [InlineData("udp:127.0.0.1:5060")]
    [InlineData("tcp:[::1]:5061")]
    public void ToString_IsTheListenStringForm(string text)
    {
        var endPoint = SipEndPoint.Parse(text);

        endPoint.ToString().ShouldBe(text);
        SipEndPoint.Parse(endPoint.ToString()).ShouldBe(endPoint);
    }

    [Fact]
    public void Equals_ComparesProtocolAddressAndPort()
    {
        SipEndPoint.Parse("udp:127.0.0.1:5060").ShouldBe(new SipEndPoint(SipTransportProtocol.Udp, IPAddress.Loopback, 5060));
        (SipEndPoint.Parse("udp:127.0.0.1:5060") == SipEndPoint.Parse("tcp:127.0.0.1:5060")).ShouldBeFalse();
        (SipEndPoint.Parse("udp:127.0.0.1:5060") != SipEndPoint.Parse("udp:127.0.0.1:5061")).ShouldBeTrue();
        SipEndPoint.Parse("tcp:[::1]:5060").GetHashCode().ShouldBe(SipEndPoint.Parse("tcp:[0:0::1]:5060").GetHashCode());
    }

    [Fact]
    public void Parse_BadString_ThrowsFormatExceptionWithTheReason()
    {
        Should.Throw<FormatException>(() => SipEndPoint.Parse("udp:nowhere:5060")).Message.ShouldContain("not an IP address");
    }
}
