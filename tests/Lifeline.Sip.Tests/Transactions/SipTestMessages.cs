using System.Text;
using Lifeline.Sip.Messages;
using Lifeline.Sip.Parsing;

namespace Lifeline.Sip.Tests.Transactions;

/// <summary>Builds real SIP messages as text and parses them with <see cref="SipParser"/>.</summary>
internal static class SipTestMessages
{
    public const string RequestUri = "sip:bob@biloxi.example.com";

    public static SipMessage Parse(string text)
    {
        var result = SipParser.Default.ParseDatagram(Encoding.UTF8.GetBytes(text));
        result.Success.ShouldBeTrue($"test message does not parse: {result.Error}");
        return result.Message!;
    }

    public static SipMessage Copy(SipMessage message) => Parse(message.ToString());

    /// <summary>Every line of a header, unfolded, in order.</summary>
    public static List<string> HeaderValues(SipMessage message, SipHeaderId id)
    {
        var values = new List<string>();
        foreach (var header in message.GetHeaders(id))
        {
            values.Add(header.GetValue());
        }

        return values;
    }

    /// <summary>A request as a UA or proxy at <paramref name="sentBy"/> would send it.</summary>
    public static SipMessage Request(
        string method,
        string branch = "z9hG4bK776asdhds",
        string sentBy = "pc33.atlanta.example.com",
        string transport = "UDP",
        uint cseq = 314159,
        string? cseqMethod = null,
        string callId = "a84b4c76e66710@pc33.atlanta.example.com",
        string? toTag = null,
        string fromTag = "1928301774",
        string requestUri = RequestUri,
        string[]? routes = null,
        bool withBranch = true,
        string[]? extraHeaders = null)
    {
        var text = new StringBuilder();
        text.Append($"{method} {requestUri} SIP/2.0\r\n");
        text.Append($"Via: SIP/2.0/{transport} {sentBy}");
        if (withBranch)
        {
            text.Append($";branch={branch}");
        }

        text.Append("\r\n");
        text.Append("Max-Forwards: 70\r\n");
        foreach (var route in routes ?? [])
        {
            text.Append($"Route: {route}\r\n");
        }

        text.Append(toTag is null ? "To: Bob <sip:bob@biloxi.example.com>\r\n" : $"To: Bob <sip:bob@biloxi.example.com>;tag={toTag}\r\n");
        text.Append($"From: Alice <sip:alice@atlanta.example.com>;tag={fromTag}\r\n");
        text.Append($"Call-ID: {callId}\r\n");
        text.Append($"CSeq: {cseq} {cseqMethod ?? method}\r\n");
        text.Append("Contact: <sip:alice@pc33.atlanta.example.com>\r\n");
        foreach (var header in extraHeaders ?? [])
        {
            text.Append(header).Append("\r\n");
        }

        text.Append("Content-Length: 0\r\n\r\n");
        return Parse(text.ToString());
    }

    public static SipMessage Invite(string branch = "z9hG4bK776asdhds", string sentBy = "pc33.atlanta.example.com", string[]? routes = null, string transport = "UDP")
        => Request("INVITE", branch, sentBy, transport, routes: routes);

    public static SipMessage Options(string branch = "z9hG4bKopt1", string transport = "UDP") => Request("OPTIONS", branch, transport: transport, cseq: 1);

    /// <summary>
    /// A response to <paramref name="request"/> as RFC 3261 §8.2.6.2 builds it: every Via, From,
    /// Call-ID and CSeq copied, To copied with <paramref name="toTag"/> added (when not 100).
    /// </summary>
    public static SipMessage Response(SipMessage request, int status, string? toTag = "a6c85cf", string? reason = null, string? cseqMethod = null)
    {
        var text = new StringBuilder();
        text.Append($"SIP/2.0 {status} {reason ?? ReasonFor(status)}\r\n");
        foreach (var via in request.GetHeaders(SipHeaderId.Via))
        {
            text.Append($"Via: {via.GetValue()}\r\n");
        }

        request.TryGetTo(out var to);
        var toValue = to.ToString();
        if (!to.HasTag && toTag is not null && status > 100)
        {
            toValue += ";tag=" + toTag;
        }

        text.Append($"To: {toValue}\r\n");
        text.Append($"From: {request.GetHeaderValue(SipHeaderId.From)}\r\n");
        text.Append($"Call-ID: {request.CallId}\r\n");
        request.TryGetCSeq(out var cseq);
        text.Append($"CSeq: {cseq.Sequence} {cseqMethod ?? cseq.Method.ToString()}\r\n");
        text.Append("Content-Length: 0\r\n\r\n");
        return Parse(text.ToString());
    }

    /// <summary>The ACK a UAC sends for a non-2xx final response (RFC 3261 §17.1.1.3).</summary>
    public static SipMessage AckFor(SipMessage invite, SipMessage response)
    {
        invite.TryGetTopVia(out var via);
        response.TryGetTo(out var to);
        invite.TryGetCSeq(out var cseq);
        var text = new StringBuilder();
        text.Append($"ACK {invite.RequestUri} SIP/2.0\r\n");
        text.Append($"Via: {via}\r\n");
        text.Append("Max-Forwards: 70\r\n");
        text.Append($"To: {to}\r\n");
        text.Append($"From: {invite.GetHeaderValue(SipHeaderId.From)}\r\n");
        text.Append($"Call-ID: {invite.CallId}\r\n");
        text.Append($"CSeq: {cseq.Sequence} ACK\r\n");
        text.Append("Content-Length: 0\r\n\r\n");
        return Parse(text.ToString());
    }

    private static string ReasonFor(int status) => status switch
    {
        100 => "Trying",
        180 => "Ringing",
        183 => "Session Progress",
        200 => "OK",
        404 => "Not Found",
        486 => "Busy Here",
        487 => "Request Terminated",
        503 => "Service Unavailable",
        603 => "Decline",
        _ => "Whatever",
    };
}
