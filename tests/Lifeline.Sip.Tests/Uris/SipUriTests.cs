using Lifeline.Sip.Uris;

namespace Lifeline.Sip.Tests.Uris;

public sealed class SipUriTests
{
    private static SipUri Parse(string text)
    {
        SipUri.TryParse(text, out var uri).ShouldBeTrue(text);
        return uri!;
    }

    [Fact]
    public void TryParse_FullSipUri_ReadsEveryComponent()
    {
        var uri = Parse("sips:alice:secret@atlanta.example.com:5061;transport=tls;lr;maddr=239.255.255.1;ttl=15;user=phone;method=INVITE;x-custom=1?subject=project%20x&priority=urgent");
        uri.Scheme.ShouldBe(SipUriScheme.Sips);
        uri.User.ShouldBe("alice");
        uri.Password.ShouldBe("secret");
        uri.Host.ShouldBe("atlanta.example.com");
        uri.HostKind.ShouldBe(SipHostKind.Name);
        uri.Port.ShouldBe(5061);
        uri.Transport.ShouldBe("tls");
        uri.IsLooseRouting.ShouldBeTrue();
        uri.Maddr.ShouldBe("239.255.255.1");
        uri.Ttl.ShouldBe(15);
        uri.UserParameter.ShouldBe("phone");
        uri.Method.ShouldBe("INVITE");
        uri.GetParameter("x-custom").ShouldBe("1");
        uri.Headers.ShouldBe([new SipUriHeader("subject", "project x"), new SipUriHeader("priority", "urgent")]);
    }

    [Theory]
    [InlineData("sip:192.0.2.4", SipHostKind.IPv4, null)]
    [InlineData("sip:[2001:db8::1]:5070", SipHostKind.IPv6, 5070)]
    [InlineData("sip:host.example.com:0005060", SipHostKind.Name, 5060)]
    public void TryParse_Hosts_AreClassified(string text, SipHostKind kind, int? port)
    {
        var uri = Parse(text);
        uri.HostKind.ShouldBe(kind);
        uri.Port.ShouldBe(port);
    }

    [Theory]
    [InlineData("sip:")]
    [InlineData("sip:@host")]
    [InlineData("sip:user@")]
    [InlineData("sip:host:99999")]
    [InlineData("sip:host:port")]
    [InlineData("sip:[2001:db8::1")]
    [InlineData("sip:[not-an-address]")]
    [InlineData("sip:us%zzer@host")]
    [InlineData("sip:user@host;=x")]
    [InlineData("sip:user@host?noequals")]
    [InlineData("sip:999.1.1.1")]
    [InlineData("sip:user name@host")]
    [InlineData("tel:")]
    [InlineData("nocolon")]
    [InlineData("1abc:x")]
    public void TryParse_Malformed_ReturnsFalse(string text)
    {
        SipUri.TryParse(text, out _).ShouldBeFalse();
    }

    [Fact]
    public void TryParse_TelAndOtherSchemes()
    {
        var tel = Parse("tel:+1-201-555-0123;phone-context=example.com");
        tel.Scheme.ShouldBe(SipUriScheme.Tel);
        tel.User.ShouldBe("+1-201-555-0123");
        tel.GetParameter("phone-context").ShouldBe("example.com");

        var urn = Parse("urn:service:sos");
        urn.Scheme.ShouldBe(SipUriScheme.Other);
        urn.SchemeName.ShouldBe("urn");
        urn.OpaquePart.ShouldBe("service:sos");
    }

    [Theory]
    [InlineData("sip:alice@atlanta.com")]
    [InlineData("sip:sips%3Auser%40example.com@example.net")]
    [InlineData("sip:I%20have%20spaces@example.net")]
    [InlineData("sip:null-%00-null@example.com")]
    [InlineData("sip:user;par=u%40example.net@example.com")]
    [InlineData("sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com")]
    [InlineData("sip:[2001:db8::10]:5070;transport=tcp;lr")]
    [InlineData("sips:bob@biloxi.com;method=REGISTER?to=sip:bob%40biloxi.com")]
    [InlineData("tel:+358-555-1234567;postd=pp22")]
    [InlineData("http://www.example.com/a?b=c")]
    public void ToString_RoundTrips(string text)
    {
        var uri = Parse(text);
        uri.ToString().ShouldBe(text);
        Parse(uri.ToString()).ShouldBe(uri);
    }

    [Fact]
    public void ToString_EscapesWhatMustBeEscaped()
    {
        var uri = SipUri.Create(SipUriScheme.Sip, "a b@c", "example.com").WithParameter("x", "1 2");
        uri.ToString().ShouldBe("sip:a%20b%40c@example.com;x=1%202");
        Parse(uri.ToString()).User.ShouldBe("a b@c");
    }

    // RFC 3261 §19.1.4: equivalent and non-equivalent pairs.
    [Theory]
    [InlineData("sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp", true)]
    [InlineData("sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5", true)]
    [InlineData("sip:carol@chicago.com", "sip:carol@chicago.com;security=on", true)]
    [InlineData("sip:carol@chicago.com;newparam=5", "sip:carol@chicago.com;security=on", true)]
    [InlineData("sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com", "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com", true)]
    [InlineData("sip:alice@atlanta.com?subject=project%20x&priority=urgent", "sip:alice@atlanta.com?priority=urgent&subject=project%20x", true)]
    [InlineData("SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP", false)]
    [InlineData("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060", false)]
    [InlineData("sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp", true)]
    [InlineData("sip:bob@biloxi.com", "sip:bob@biloxi.com:6000;transport=tcp", false)]
    [InlineData("sip:carol@chicago.com", "sip:carol@chicago.com?Subject=next%20meeting", false)]
    [InlineData("sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4", false)]
    [InlineData("sip:carol@chicago.com;security=on", "sip:carol@chicago.com;security=off", false)]
    [InlineData("sip:carol@chicago.com", "sip:carol@chicago.com;maddr=239.255.255.1", false)]
    [InlineData("sip:alice@atlanta.com", "sips:alice@atlanta.com", false)]
    public void IsEquivalentTo_FollowsRfc3261Section1914(string left, string right, bool equivalent)
    {
        Parse(left).IsEquivalentTo(Parse(right)).ShouldBe(equivalent);
        Parse(right).IsEquivalentTo(Parse(left)).ShouldBe(equivalent);
    }

    [Fact]
    public void Create_Ipv6HostWithoutBrackets_AddsThem()
    {
        var uri = SipUri.Create(SipUriScheme.Sip, null, "2001:db8::5", 5060);
        uri.ToString().ShouldBe("sip:[2001:db8::5]:5060");
        uri.HostWithoutBrackets.ShouldBe("2001:db8::5");
    }

    [Fact]
    public void SipUriEscaping_UnescapesOnce()
    {
        SipUriEscaping.TryUnescape("v%61lue%25%34%31"u8, out var value).ShouldBeTrue();
        value.ShouldBe("value%41");
        SipUriEscaping.TryUnescape("bad%4"u8, out _).ShouldBeFalse();
        SipUriEscaping.EscapeUser("a:b@c").ShouldBe("a%3Ab%40c");
    }
}
