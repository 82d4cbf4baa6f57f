using System.Text;
using Lifeline.Probing;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Parsing;

namespace Lifeline.Tests.Probing;

public sealed class ProbeMessageWriterTests
{
    [Fact]
    public void Write_UdpProbe_IsAValidOptionsRequestAsRfc3261Asks()
    {
        var message = Parse(Write("sip:gw1.carrier.example:5070;transport=udp", new ProbeSettings { FromUser = "probe", FromDomain = "lifeline.example" }, tcp: false, new ProbeTicket(42, 0x0123456789abcdefUL, 7)));

        message.Validate().IsError.ShouldBeFalse(message.Validate().Description);
        message.Method.Kind.ShouldBe(SipMethodKind.Options);
        message.RequestUri.ToString().ShouldBe("sip:gw1.carrier.example:5070;transport=udp");
        message.GetHeaderValue(SipHeaderId.To).ShouldBe("<sip:gw1.carrier.example:5070;transport=udp>");
        message.TryGetFrom(out var from).ShouldBeTrue();
        from.Uri.ToString().ShouldBe("sip:probe@lifeline.example");
        from.Tag.IsEmpty.ShouldBeFalse();
        message.TryGetMaxForwards(out var maxForwards).ShouldBeTrue();
        maxForwards.ShouldBe(70);
        message.TryGetCSeq(out var cseq).ShouldBeTrue();
        cseq.Sequence.ShouldBe(7u);
        cseq.Method.Kind.ShouldBe(SipMethodKind.Options);
        message.GetHeaderValue(SipHeaderId.UserAgent).ShouldBe("Lifeline");
        message.Contains(SipHeaderId.Contact).ShouldBeFalse();
        message.TryGetContentLength(out var length).ShouldBeTrue();
        length.ShouldBe(0);

        message.TryGetTopVia(out var via).ShouldBeTrue();
        via.Transport.ToString().ShouldBe("UDP");
        via.SentBy.ShouldBe("192.0.2.1:5060");
        via.HasMagicCookie.ShouldBeTrue();
        via.HasRPort.ShouldBeTrue();
        ProbeBranch.TryRead(via.Branch.Span, out var index, out var token).ShouldBeTrue();
        index.ShouldBe(42);
        token.ShouldBe(0x0123456789abcdefUL);
    }

    [Fact]
    public void Write_TcpProbeWithoutFromDomain_FromUsesTheGatewayHostAndViaSaysTcpWithoutRport()
    {
        var message = Parse(Write("sip:198.51.100.7;transport=tcp", ProbeSettings.Default, tcp: true, new ProbeTicket(0, 1, 1)));

        message.TryGetFrom(out var from).ShouldBeTrue();
        from.Uri.ToString().ShouldBe("sip:lifeline@198.51.100.7");
        message.TryGetTopVia(out var via).ShouldBeTrue();
        via.Transport.ToString().ShouldBe("TCP");
        via.HasRPort.ShouldBeFalse();
    }

    [Fact]
    public void Write_Ipv6GatewayWithUser_FromUsesTheBracketedHost()
    {
        var message = Parse(Write("sip:trunk@[2001:db8::7]:5080", new ProbeSettings { FromUser = "ping" }, tcp: false, new ProbeTicket(0, 1, 1)));

        message.TryGetFrom(out var from).ShouldBeTrue();
        from.Uri.ToString().ShouldBe("sip:ping@[2001:db8::7]");
    }

    [Fact]
    public void Write_TwoProbes_FreshBranchCallIdAndTagEachTime()
    {
        var first = Parse(Write("sip:192.0.2.9", ProbeSettings.Default, tcp: false, new ProbeTicket(3, 0xdeadbeefUL, 1)));
        var second = Parse(Write("sip:192.0.2.9", ProbeSettings.Default, tcp: false, new ProbeTicket(3, 0xfeedfaceUL, 2)));

        second.TopViaBranch.ShouldNotBe(first.TopViaBranch);
        second.CallId.ToString().ShouldNotBe(first.CallId.ToString());
        first.TryGetFrom(out var a).ShouldBeTrue();
        second.TryGetFrom(out var b).ShouldBeTrue();
        b.Tag.ToString().ShouldNotBe(a.Tag.ToString());
    }

    [Fact]
    public void Write_UriWithHeaders_HeadersLeftOutOfRequestUriAndTo()
    {
        var message = Parse(Write("sip:192.0.2.9?Subject=x", ProbeSettings.Default, tcp: false, new ProbeTicket(0, 5, 1)));

        message.RequestUri.ToString().ShouldBe("sip:192.0.2.9");
        message.Validate().IsError.ShouldBeFalse(message.Validate().Description);
    }

    [Theory]
    [InlineData("z9hG4bKlf0000002a0123456789abcdef", true)]
    [InlineData("z9hG4bKlf0000002a0123456789ABCDEF", true)]
    [InlineData("z9hG4bKlf0000002a0123456789abcde", false)]
    [InlineData("z9hG4bKxx0000002a0123456789abcdef", false)]
    [InlineData("z9hG4bKlf0000002g0123456789abcdef", false)]
    [InlineData("z9hG4bKlf800000000123456789abcdef", false)]
    [InlineData("", false)]
    public void TryRead_Branches_OnlyProbeBranchesDecode(string branch, bool decodes)
    {
        ProbeBranch.TryRead(Encoding.ASCII.GetBytes(branch), out var index, out var token).ShouldBe(decodes);
        if (decodes)
        {
            index.ShouldBe(42);
            token.ShouldBe(0x0123456789abcdefUL);
        }
    }

    private static byte[] Write(string gateway, ProbeSettings settings, bool tcp, ProbeTicket ticket)
    {
        ProbeGateway.TryCreate(gateway, settings, out var parsed, out var error).ShouldBeTrue(error);
        var sentBy = "192.0.2.1:5060"u8.ToArray();
        var buffer = new byte[ProbeMessageWriter.MaxLength(parsed!, sentBy.Length)];
        var length = ProbeMessageWriter.Write(buffer, parsed!, tcp, sentBy, ticket);
        return buffer[..length];
    }

    private static SipMessage Parse(byte[] bytes)
    {
        var result = SipParser.Default.ParseDatagram(bytes);
        result.TryGetMessage(out var message).ShouldBeTrue(result.ToString() + "\n" + Encoding.UTF8.GetString(bytes));
        return message!;
    }
}
