using System.Text;

namespace Lifeline.Sip.Tests.Messages;

/// <summary>Sample messages shared by the tests (CR LF line endings).</summary>
internal static class SipSamples
{
    public const string Invite =
        "INVITE sip:+15551234567@carrier.example.com;user=phone SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK776asdhds;rport\r\n" +
        "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKnashds8;received=192.0.2.1\r\n" +
        "Max-Forwards: 69\r\n" +
        "Route: <sip:edge.example.com;lr>, <sip:core.example.com;lr>\r\n" +
        "Record-Route: <sip:10.0.0.5;lr>\r\n" +
        "From: \"Agent 7\" <sip:agent7@dialer.example.com>;tag=1928301774\r\n" +
        "To: <sip:+15551234567@carrier.example.com;user=phone>\r\n" +
        "Call-ID: a84b4c76e66710@dialer.example.com\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Contact: <sip:agent7@10.0.0.1:5060>\r\n" +
        "X-Campaign:   spring  sale \r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 23\r\n" +
        "\r\n" +
        "v=0\r\no=- 1 1 IN IP4 x\r\n";

    public const string Ok =
        "SIP/2.0 200 OK\r\n" +
        "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKnashds8;received=192.0.2.1\r\n" +
        "From: <sip:probe@lifeline.example.com>;tag=1928301774\r\n" +
        "To: <sip:gw1.carrier.example.com>;tag=a6c85cf\r\n" +
        "Call-ID: a84b4c76e66710@lifeline.example.com\r\n" +
        "CSeq: 63104 OPTIONS\r\n" +
        "Content-Length: 0\r\n" +
        "\r\n";

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
