using System.Text;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Uris;

namespace Lifeline.Sip.Tests.Messages;

public sealed class SipTypedHeaderTests
{
    private static ReadOnlyMemory<byte> B(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void Via_AllParameters_AreRead()
    {
        SipVia.TryParse(B("SIP/2.0/TLS [2001:db8::1]:5061;branch=z9hG4bK-1;received=192.0.2.7;rport=40000;maddr=224.2.0.1;ttl=16;x=y"), out var via).ShouldBeTrue();
        via.ProtocolName.ToString().ShouldBe("SIP");
        via.ProtocolVersion.ToString().ShouldBe("2.0");
        via.Transport.ToString().ShouldBe("TLS");
        via.Host.ToString().ShouldBe("[2001:db8::1]");
        via.HostKind.ShouldBe(SipHostKind.IPv6);
        via.Port.ShouldBe(5061);
        via.Branch.ToString().ShouldBe("z9hG4bK-1");
        via.HasMagicCookie.ShouldBeTrue();
        via.Received.ToString().ShouldBe("192.0.2.7");
        via.HasRPort.ShouldBeTrue();
        via.RPort.ShouldBe(40000);
        via.Maddr.ToString().ShouldBe("224.2.0.1");
        via.Ttl.ShouldBe(16);
        via.TryGetParameter("X", out var x).ShouldBeTrue();
        x.ToString().ShouldBe("y");
        via.SentBy.ShouldBe("[2001:db8::1]:5061");
    }

    [Theory]
    [InlineData("")]
    [InlineData("SIP/2.0/UDP")]
    [InlineData("SIP/2.0 UDP host")]
    [InlineData("SIP/2.0/UDP host:70000")]
    [InlineData("SIP/2.0/UDP host;")]
    [InlineData("SIP/2.0/UDP host;branch=")]
    [InlineData("SIP/2.0/UDP [::1")]
    [InlineData("SIP/2.0/UDP host garbage")]
    public void Via_Malformed_IsRejected(string value)
    {
        SipVia.TryParse(B(value), out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("\"A \\\"B\\\"\" <sip:a@b>;tag=1", "A \"B\"", "sip:a@b", "1", true)]
    [InlineData("Bob <sip:bob@b>", "Bob", "sip:bob@b", "", true)]
    [InlineData("sip:c@d;tag=9", "", "sip:c@d", "9", false)]
    [InlineData("<tel:+15551234567>", "", "tel:+15551234567", "", true)]
    public void NameAddr_Forms_AreRead(string value, string display, string uri, string tag, bool angle)
    {
        SipNameAddr.TryParse(B(value), out var nameAddr).ShouldBeTrue();
        nameAddr.GetDisplayName().ShouldBe(display);
        nameAddr.Uri.ToString().ShouldBe(uri);
        nameAddr.Tag.ToString().ShouldBe(tag);
        nameAddr.HasAngleBrackets.ShouldBe(angle);
        nameAddr.TryGetUri(out _).ShouldBeTrue();
    }

    [Fact]
    public void Contact_WildcardExpiresAndQ_AreRead()
    {
        SipNameAddr.TryParse(B("*"), out var star).ShouldBeTrue();
        star.IsWildcard.ShouldBeTrue();
        SipNameAddr.TryParse(B("<sip:a@b>;expires=3600;q=0.7"), out var contact).ShouldBeTrue();
        contact.TryGetExpires(out var expires).ShouldBeTrue();
        expires.ShouldBe(3600u);
        contact.TryGetQ(out var q).ShouldBeTrue();
        q.ShouldBe(700);
        SipNameAddr.TryParse(B("<sip:a@b>;q=1.5"), out var badQ).ShouldBeTrue();
        badQ.TryGetQ(out _).ShouldBeFalse();
    }

    [Fact]
    public void CSeq_RangeAndFolding()
    {
        SipCSeq.TryParse(B("4294967295 REGISTER"), out var max).ShouldBeTrue();
        max.Sequence.ShouldBe(uint.MaxValue);
        SipCSeq.TryParse(B("4294967296 REGISTER"), out _).ShouldBeFalse();
        SipCSeq.TryParse(B("0009\r\n  INVITE"), out var folded).ShouldBeTrue();
        folded.Method.ShouldBe(SipMethod.Invite);
        SipCSeq.TryParse(B("1INVITE"), out _).ShouldBeFalse();
    }

    [Fact]
    public void Challenge_DigestParameters_AreUnquoted()
    {
        SipChallenge.TryParse(B("Digest realm=\"carrier.example\", nonce=\"ab\\\"c\", opaque=\"o1\", algorithm=SHA-256, qop=\"auth,auth-int\", stale=TRUE"), out var challenge).ShouldBeTrue();
        challenge.IsDigest.ShouldBeTrue();
        challenge.Realm.ShouldBe("carrier.example");
        challenge.Nonce.ShouldBe("ab\"c");
        challenge.Opaque.ShouldBe("o1");
        challenge.Algorithm.ShouldBe("SHA-256");
        challenge.QopOptions.ShouldBe(["auth", "auth-int"]);
        challenge.Stale.ShouldBeTrue();
        SipChallenge.TryParse(B("Digest realm=\"unterminated"), out _).ShouldBeFalse();
    }

    [Fact]
    public void Credentials_DigestParameters_AreRead()
    {
        SipCredentials.TryParse(B("Digest username=\"trunk7\", realm=\"carrier\", nonce=\"n\", uri=\"sip:carrier.example\", response=\"6629fae49393a05397450978507c4ef1\", algorithm=MD5, cnonce=\"0a4f113b\", qop=auth, nc=00000001, opaque=\"o\""), out var credentials).ShouldBeTrue();
        credentials.Username.ShouldBe("trunk7");
        credentials.Uri.ShouldBe("sip:carrier.example");
        credentials.Response.ShouldBe("6629fae49393a05397450978507c4ef1");
        credentials.Qop.ShouldBe("auth");
        credentials.NonceCount.ShouldBe("00000001");
        credentials.CNonce.ShouldBe("0a4f113b");
    }

    [Fact]
    public void Method_IsCaseSensitive()
    {
        SipMethod.TryCreate("invite", out var lower).ShouldBeTrue();
        lower.Kind.ShouldBe(SipMethodKind.Extension);
        lower.ShouldNotBe(SipMethod.Invite);
        SipMethod.TryCreate("IN VITE", out _).ShouldBeFalse();
    }
}
