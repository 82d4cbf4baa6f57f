using System.Text;

namespace Lifeline.Benchmarks.Sip;

/// <summary>The fixed message corpus of the SIP benchmarks.</summary>
internal static class SipCorpus
{
    /// <summary>A typical dialer INVITE through one proxy: 2 Via, Record-Route, Contact, SDP (about 900 bytes).</summary>
    public static readonly byte[] Invite = Bytes(
        "INVITE sip:+15551234567@gw1.carrier.example.com:5060;user=phone SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 10.20.0.5:5060;branch=z9hG4bK776asdhds.1;rport\r\n" +
        "Via: SIP/2.0/UDP 10.20.0.11:5060;received=10.20.0.11;branch=z9hG4bKnashds8;rport=5060\r\n" +
        "Max-Forwards: 69\r\n" +
        "Record-Route: <sip:10.20.0.5;lr;ftag=as6b3c1f2a>\r\n" +
        "From: \"Agent 1007\" <sip:1007@dialer.example.com>;tag=as6b3c1f2a\r\n" +
        "To: <sip:+15551234567@gw1.carrier.example.com;user=phone>\r\n" +
        "Contact: <sip:1007@10.20.0.11:5060>\r\n" +
        "Call-ID: 3848276298220188511@10.20.0.11\r\n" +
        "CSeq: 102 INVITE\r\n" +
        "User-Agent: Asterisk PBX 18.20.0\r\n" +
        "Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, SUBSCRIBE, NOTIFY, INFO, PUBLISH, MESSAGE\r\n" +
        "Supported: replaces, timer\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 256\r\n" +
        "\r\n" +
        "v=0\r\n" +
        "o=root 1821937616 1821937616 IN IP4 10.20.0.11\r\n" +
        "s=Asterisk PBX 18.20.0\r\n" +
        "c=IN IP4 10.20.0.11\r\n" +
        "t=0 0\r\n" +
        "m=audio 14566 RTP/AVP 0 8 101\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\n" +
        "a=fmtp:101 0-16\r\n" +
        "a=ptime:20\r\n" +
        "a=sendrecv\r\n");

    public static readonly byte[] Ok = Bytes(
        "SIP/2.0 200 OK\r\n" +
        "Via: SIP/2.0/UDP 10.20.0.5:5060;branch=z9hG4bK776asdhds.1;rport=5060;received=10.20.0.5\r\n" +
        "Record-Route: <sip:10.20.0.5;lr;ftag=as6b3c1f2a>\r\n" +
        "From: \"Agent 1007\" <sip:1007@dialer.example.com>;tag=as6b3c1f2a\r\n" +
        "To: <sip:+15551234567@gw1.carrier.example.com;user=phone>;tag=8321234356\r\n" +
        "Call-ID: 3848276298220188511@10.20.0.11\r\n" +
        "CSeq: 102 INVITE\r\n" +
        "Contact: <sip:+15551234567@192.0.2.44:5060>\r\n" +
        "Content-Length: 0\r\n" +
        "\r\n");

    public static readonly byte[] Options = Bytes(
        "OPTIONS sip:gw1.carrier.example.com:5060 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 10.20.0.5:5070;branch=z9hG4bKprobe8x2k1;rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: <sip:lifeline@10.20.0.5>;tag=k2j3h4g5f6d7\r\n" +
        "To: <sip:gw1.carrier.example.com:5060>\r\n" +
        "Call-ID: pq8w7e6r5t4y3u2i1o0p@10.20.0.5\r\n" +
        "CSeq: 4711 OPTIONS\r\n" +
        "Accept: application/sdp\r\n" +
        "Content-Length: 0\r\n" +
        "\r\n");

    private static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);
}
