using System.Text;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Parsing;
using Lifeline.Sip.Uris;

namespace Lifeline.Sip.Tests.Parsing;

/// <summary>
/// RFC 5118 (SIP torture tests for IPv6), section 4: all twelve messages.
/// </summary>
/// <remarks>
/// The .dat files are the RFC's Appendix A archive byte for byte, and that archive is not
/// quite a set of wire messages: its lines end in a bare LF, two messages stop without the
/// empty line that closes the header section, and two bodies are shorter than their
/// Content-Length. The parser reads the bare-LF files directly when they have no body; for the
/// IPv6 checks every message is also put on the wire (<see cref="Wire"/>: CR LF line ends, header
/// section closed, Content-Length counted), changing nothing else.
/// </remarks>
public sealed class Rfc5118Tests
{
    public static TheoryData<string, string> Hashes => new()
    {
        { "ipv6-good", "80654d05559d5bda7d584b39e0f4dbf69b23189cb140754ef889a4996a3505ed" },
        { "ipv6-bad", "f6ffa0b2e664d05dbecde6bd7eb6fd71a9f01d43a3a0d3e084766c6240be4972" },
        { "port-ambiguous", "e1925cfd89436c36025fd21d144b7788cb988bfd752498cf767e3303426f2e7d" },
        { "port-unambiguous", "be3a4dbac87b1cdabde97595d117773e3864ffd2ff7ab645bfd5773e280bcd4e" },
        { "via-received-param-with-delim", "568255f70f186f7d09fe437a662bb32a7b14285c5243222a1a401004b7e6ba80" },
        { "via-received-param-no-delim", "45f233fd536e7d4d9f47be5098992cd912394a80460dd6b16979f61a713b9dd9" },
        { "ipv6-in-sdp", "c09ab30a92e790ecd261aadbb3876f8043307bffec3103f5add052d64a125532" },
        { "mult-ip-in-header", "ace698f6827e940812cfe26c48960f9069b02291b0022b0777cf00f37405f83a" },
        { "mult-ip-in-sdp", "c50fb1a29fdf4f0c3c12cf9cf5b490df1bb86d6dfacf7bc807e2c3e7e8660013" },
        { "ipv4-mapped-ipv6", "b3d7df025b6465461741c3788fa3b48af25b08d6a2fdb59ded815cc0afc04a68" },
        { "ipv6-bug-abnf-3-colons", "e542604dca3aed5c346a549c1f692aecf98a12353b38283be3e199664abeb43e" },
        { "ipv6-correct-abnf-2-colons", "6a8c09976009aab0159cf1b8cc3e2964b3853557102b5b86bf2b6b2c48c0779e" },
    };

    [Theory]
    [MemberData(nameof(Hashes))]
    public void CorpusFile_IsTheRfcArchiveMessage_ByteForByte(string name, string sha256)
    {
        TortureCorpus.Sha256(TortureCorpus.Rfc5118(name)).ShouldBe(sha256);
    }

    [Theory]
    [InlineData("ipv6-good")]
    [InlineData("port-ambiguous")]
    [InlineData("port-unambiguous")]
    [InlineData("via-received-param-with-delim")]
    [InlineData("via-received-param-no-delim")]
    [InlineData("mult-ip-in-header")]
    [InlineData("ipv6-bug-abnf-3-colons")]
    [InlineData("ipv6-correct-abnf-2-colons")]
    public void ArchiveBytes_WithBareLineFeeds_ParseAndValidateAsTheyAre(string name)
    {
        var result = SipParser.Default.ParseDatagram(TortureCorpus.Rfc5118(name));
        result.Success.ShouldBeTrue(result.Error.ToString());
        result.Message!.Validate().IsError.ShouldBeFalse();
    }

    [Theory]
    [MemberData(nameof(Hashes))]
    public void WireMessage_IsAcceptedOrRejectedAsTheRfcSays(string name, string sha256)
    {
        _ = sha256;
        var m = Parse(name);
        var error = m.Validate();

        // Only 4.2 is invalid; 4.10's three colons are to be tolerated (robustness principle).
        if (name == "ipv6-bad")
        {
            error.Code.ShouldBe(SipErrorCode.InvalidRequestUri);
            error.Part.ShouldBe(SipMessagePart.StartLine);
        }
        else
        {
            error.IsError.ShouldBeFalse($"{name}: {error}");
        }
    }

    [Fact]
    public void Ipv6Good_Ipv6ReferencesInRequestUriViaAndContact_AreIPv6Hosts()
    {
        var m = Parse("ipv6-good");
        m.TryGetRequestUri(out var uri).ShouldBeTrue();
        uri.Host.ShouldBe("[2001:db8::10]");
        uri.HostKind.ShouldBe(SipHostKind.IPv6);
        uri.HostWithoutBrackets.ShouldBe("2001:db8::10");
        m.TryGetTopVia(out var via).ShouldBeTrue();
        via.Host.ToString().ShouldBe("[2001:db8::9:1]");
        via.HostKind.ShouldBe(SipHostKind.IPv6);
        m.TryGetContact(out var contact).ShouldBeTrue();
        contact.TryGetUri(out var contactUri).ShouldBeTrue();
        contactUri.Host.ShouldBe("[2001:db8::1]");
    }

    [Fact]
    public void Ipv6Bad_AddressWithoutBrackets_IsNotAValidSipUri()
    {
        var m = Parse("ipv6-bad");
        m.RequestUri.ToString().ShouldBe("sip:2001:db8::10");
        m.TryGetRequestUri(out _).ShouldBeFalse();
    }

    [Fact]
    public void PortAmbiguous_EverythingInsideTheBracketsIsTheAddress()
    {
        var m = Parse("port-ambiguous");
        m.TryGetRequestUri(out var uri).ShouldBeTrue();
        uri.Host.ShouldBe("[2001:db8::10:5070]");
        uri.Port.ShouldBeNull();
    }

    [Fact]
    public void PortUnambiguous_PortAfterTheBrackets()
    {
        var m = Parse("port-unambiguous");
        m.TryGetRequestUri(out var uri).ShouldBeTrue();
        uri.Host.ShouldBe("[2001:db8::10]");
        uri.Port.ShouldBe(5070);
    }

    [Theory]
    [InlineData("via-received-param-with-delim", "[2001:db8::9:255]", "z9hG4bKas3-111")]
    [InlineData("via-received-param-no-delim", "2001:db8::9:255", "z9hG4bKas3")]
    public void ViaReceived_Ipv6WithOrWithoutBrackets_IsReadAndTheNextParameterToo(string name, string received, string branch)
    {
        var m = Parse(name);
        m.TryGetTopVia(out var via).ShouldBeTrue();
        via.Received.ToString().ShouldBe(received);
        via.Branch.ToString().ShouldBe(branch);
    }

    [Fact]
    public void MultIpInHeader_MixedFamiliesInOneViaList()
    {
        var m = Parse("mult-ip-in-header");
        var vias = new List<SipVia>();
        foreach (var via in m.Vias)
        {
            vias.Add(via);
        }

        vias.Count.ShouldBe(3);
        vias[0].HostKind.ShouldBe(SipHostKind.IPv6);
        vias[0].Port.ShouldBe(6050);
        vias[1].HostKind.ShouldBe(SipHostKind.IPv4);
        vias[1].Port.ShouldBeNull();
        vias[2].Transport.ToString().ShouldBe("TCP");
        vias[2].Host.ToString().ShouldBe("[2001:db8::9:255]");
        vias[2].Received.ToString().ShouldBe("192.0.2.200");
    }

    [Theory]
    [InlineData("ipv6-in-sdp", "c=IN IP6 2001:db8::20")]
    [InlineData("mult-ip-in-sdp", "c=IN IP6 2001:db8::1")]
    [InlineData("ipv4-mapped-ipv6", "c=IN IP6 ::ffff:192.0.2.2")]
    public void SdpBodies_WithIpv6Addresses_AreCarriedIntact(string name, string line)
    {
        var m = Parse(name);
        Encoding.ASCII.GetString(m.Body.Span).ShouldContain(line + "\r\n");
    }

    [Fact]
    public void Ipv4MappedIpv6_IsAnIpv6Reference()
    {
        var m = Parse("ipv4-mapped-ipv6");
        m.TryGetTopVia(out var via).ShouldBeTrue();
        via.Host.ToString().ShouldBe("[::ffff:192.0.2.10]");
        via.Port.ShouldBe(19823);
        m.TryGetContact(out var contact).ShouldBeTrue();
        contact.TryGetUri(out var uri).ShouldBeTrue();
        uri.HostKind.ShouldBe(SipHostKind.IPv6);
    }

    [Fact]
    public void Ipv6BugAbnf_ThreeColons_IsToleratedAndEquivalentToTwo()
    {
        Parse("ipv6-bug-abnf-3-colons").TryGetRequestUri(out var buggy).ShouldBeTrue();
        Parse("ipv6-correct-abnf-2-colons").TryGetRequestUri(out var correct).ShouldBeTrue();
        buggy.HostKind.ShouldBe(SipHostKind.IPv6);
        buggy.User.ShouldBe("user");
        buggy.IsEquivalentTo(correct).ShouldBeTrue();
    }

    private static SipMessage Parse(string name)
    {
        var result = SipParser.Default.ParseDatagram(Wire(TortureCorpus.Rfc5118(name)));
        result.Success.ShouldBeTrue($"{name}: {result.Error}");
        return result.Message!;
    }

    /// <summary>The archived message as it would travel: CR LF line ends, header section closed, Content-Length counted.</summary>
    private static byte[] Wire(byte[] archived)
    {
        var lines = Encoding.UTF8.GetString(archived).Split('\n');
        var blank = Array.IndexOf(lines, string.Empty);
        var head = blank < 0 ? lines : lines[..blank];
        var bodyLines = blank < 0 ? [] : lines[(blank + 1)..];
        if (bodyLines.Length > 0 && bodyLines[^1].Length == 0)
        {
            bodyLines = bodyLines[..^1];
        }

        var body = string.Concat(bodyLines.Select(line => line + "\r\n"));
        var builder = new StringBuilder();
        foreach (var line in head.Where(l => l.Length > 0))
        {
            builder.Append(line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase) ? $"Content-Length: {Encoding.UTF8.GetByteCount(body)}" : line).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(builder.Append("\r\n").Append(body).ToString());
    }
}
