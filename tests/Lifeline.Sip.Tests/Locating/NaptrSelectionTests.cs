using Lifeline.Sip.Dns;
using Lifeline.Sip.Locating;

namespace Lifeline.Sip.Tests.Locating;

public sealed class NaptrSelectionTests
{
    private static readonly SipTransportKind[] All = [SipTransportKind.Udp, SipTransportKind.Tcp, SipTransportKind.Tls];

    private static DnsNaptrRecord Naptr(ushort order, ushort preference, string services, string replacement, string flags = "s", string regexp = "") =>
        new("carrier.test", 60, order, preference, flags, services, regexp, replacement);

    [Fact]
    public void Select_Records_SortedByOrderThenPreference()
    {
        var records = new DnsRecord[]
        {
            Naptr(20, 10, "SIP+D2U", "_sip._udp.carrier.test"),
            Naptr(10, 50, "SIPS+D2T", "_sips._tcp.carrier.test"),
            Naptr(10, 40, "SIP+D2T", "_sip._tcp.carrier.test"),
        };

        NaptrSelection.Select(records, secure: false, All).ShouldBe([
            new NaptrChoice(SipTransportKind.Tcp, "_sip._tcp.carrier.test"),
            new NaptrChoice(SipTransportKind.Tls, "_sips._tcp.carrier.test"),
            new NaptrChoice(SipTransportKind.Udp, "_sip._udp.carrier.test"),
        ]);
    }

    [Fact]
    public void Select_UnusableRecords_AreLeftOut()
    {
        var records = new DnsRecord[]
        {
            Naptr(10, 10, "SIP+D2S", "_sip._sctp.carrier.test"),
            Naptr(10, 10, "E2U+sip", ".", flags: "u", regexp: "!^.*$!sip:a@carrier.test!"),
            Naptr(10, 10, "SIP+D2U", "_sip._udp.carrier.test", flags: "a"),
            Naptr(10, 10, "SIP+D2U", "_sip._udp.carrier.test", regexp: "!x!y!"),
            Naptr(10, 10, "SIP+D2U", "."),
            new DnsCnameRecord("carrier.test", 60, "other.test"),
            Naptr(30, 10, "sip+d2u", "_sip._udp.carrier.test", flags: "S"),
        };

        NaptrSelection.Select(records, secure: false, All).ShouldBe([new NaptrChoice(SipTransportKind.Udp, "_sip._udp.carrier.test")]);
    }

    [Fact]
    public void Select_SecureUri_KeepsOnlySipsD2T()
    {
        var records = new DnsRecord[]
        {
            Naptr(10, 10, "SIP+D2U", "_sip._udp.carrier.test"),
            Naptr(10, 20, "SIP+D2T", "_sip._tcp.carrier.test"),
            Naptr(20, 10, "SIPS+D2T", "_sips._tcp.carrier.test"),
        };

        NaptrSelection.Select(records, secure: true, All).ShouldBe([new NaptrChoice(SipTransportKind.Tls, "_sips._tcp.carrier.test")]);
    }

    [Fact]
    public void Select_TransportNotEnabled_IsLeftOut()
    {
        var records = new DnsRecord[]
        {
            Naptr(10, 10, "SIPS+D2T", "_sips._tcp.carrier.test"),
            Naptr(20, 10, "SIP+D2U", "_sip._udp.carrier.test"),
        };

        NaptrSelection.Select(records, secure: false, [SipTransportKind.Udp]).ShouldBe([new NaptrChoice(SipTransportKind.Udp, "_sip._udp.carrier.test")]);
    }
}
